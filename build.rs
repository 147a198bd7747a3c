//! Collects the component styles into `$OUT_DIR/components.css`; Trunk's post-build hook
//! (scripts/build-wasm) ships it next to the console. OUT_DIR keeps the file in step with cargo's
//! cache.
//!
//! A component's scoped CSS is a plain `.css` file beside its `.rs`, named for the component
//! (src/components/list/list_page.css for `ListPage`), and the component takes its class with
//! `let class = style_sheet!("src/components/list/list_page.css");` (stylers; the path is relative
//! to this package's root, where rustc and this script run), written directly in the function's
//! body: `stylers::build` finds only such `let`s in top-level functions. Beside it stands
//! `const _: &str = include_str!("list_page.css");` (a path relative to the `.rs`). The class is
//! seeded by the file's content, but stylers reads the file behind rustc's back; the include_str!
//! puts the file into rustc's own dependencies, so an edit of only the CSS recompiles the component
//! and its class follows the CSS written here. (Today `rerun-if-changed=src` below also forces that
//! rebuild, for any change under src/; the include_str! does not depend on it.) This script refuses
//! a `style_sheet!` without it. `let class = style! { … }`, the CSS written as tokens in the
//! function, is counted too.

use std::collections::BTreeSet;
use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=src");
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("components.css");
    stylers::build(Some(out.display().to_string()));

    // stylers seeds each block's class with its count of non-blank characters (of the file for a
    // `style_sheet!`), so two blocks of the same count share a class and their rules mix. Refuse to
    // build when that happens.
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
        "{blocks} style blocks but {} distinct classes: two have the same count of non-blank characters \
         (change one, e.g. a comment in its .css), or one is not a `let` directly in a top-level function",
        classes.len()
    );
}

/// Counts the `style! { … }` blocks and `style_sheet!("…")` uses under `dir`, checking that each
/// sheet exists and is tracked by an `include_str!` in the same file.
fn count_style_blocks(dir: &Path) -> usize {
    let mut n = 0;
    for entry in std::fs::read_dir(dir).expect("cannot read src/").flatten() {
        let path = entry.path();
        if path.is_dir() {
            n += count_style_blocks(&path);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            n += text.matches("= style! {").count();
            let here = path.parent().expect("a file under src/ has a folder");
            for sheet in literals_after(&text, "= style_sheet!(\"") {
                let file = path.display();
                assert!(Path::new(sheet).is_file(), "{file}: style_sheet!(\"{sheet}\") names no file");
                let tracked = literals_after(&text, "include_str!(\"").any(|inc| here.join(inc) == Path::new(sheet));
                assert!(
                    tracked,
                    "{file}: style_sheet!(\"{sheet}\") needs `const _: &str = include_str!(\"…\");` naming the \
                     same file beside it, so that rustc tracks the file its class is seeded by"
                );
                n += 1;
            }
        }
    }
    n
}

/// The string literals that directly follow each `prefix` (which ends with the opening quote).
fn literals_after<'a>(text: &'a str, prefix: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    text.match_indices(prefix)
        .filter_map(move |(at, _)| text[at + prefix.len()..].split_once('"').map(|(literal, _)| literal))
}
