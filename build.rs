//! Collects the component styles (`let class = style! { ... }` in src/) into
//! `$OUT_DIR/components.css`; Trunk's post-build hook (scripts/copy-component-styles) ships it
//! next to the console. OUT_DIR keeps the file in step with cargo's cache.

use std::collections::BTreeSet;
use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=src");
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("components.css");
    stylers::build(Some(out.display().to_string()));

    // stylers seeds each block's class with the block's length, so two blocks of the same
    // length share a class and their rules mix. Refuse to build when that happens.
    let css = std::fs::read_to_string(&out).expect("stylers wrote no CSS");
    // Classes look like `.l-123456` or `.l--12345`.
    let classes: BTreeSet<&str> = css
        .split('.')
        .filter_map(|part| part.strip_prefix("l-"))
        .map(|rest| rest.split(|c: char| !(c.is_ascii_digit() || c == '-')).next().unwrap_or(""))
        .collect();
    let blocks = count_style_blocks(Path::new("src"));
    assert_eq!(
        classes.len(),
        blocks,
        "{blocks} style! blocks but {} distinct classes: two blocks have the same length; change one",
        classes.len()
    );
}

fn count_style_blocks(dir: &Path) -> usize {
    let mut n = 0;
    for entry in std::fs::read_dir(dir).expect("cannot read src/").flatten() {
        let path = entry.path();
        if path.is_dir() {
            n += count_style_blocks(&path);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            n += text.matches("= style! {").count();
        }
    }
    n
}
