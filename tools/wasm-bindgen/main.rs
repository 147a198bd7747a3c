//! `wasm-bindgen`, as scripts/build-wasm calls it, on wasm-bindgen's own library
//! (`wasm-bindgen-cli-support`, at exactly Cargo.lock's version): the same `Bindgen` calls as
//! wasm-bindgen-cli's binary makes for these arguments, without the test runner, HTTP server
//! and TLS stack that crate builds beside it (docs/choices.md, "Newcomer time"). `install`
//! builds it.
//!
//!   wasm-bindgen --target web [--keep-lld-exports] [--no-typescript] --out-dir D [--out-name N] INPUT
//!   wasm-bindgen --version

use std::path::PathBuf;
use std::process::ExitCode;

use wasm_bindgen_cli_support::Bindgen;

const USAGE: &str =
    "usage: wasm-bindgen --target web [--keep-lld-exports] [--no-typescript] --out-dir DIR [--out-name NAME] INPUT.wasm";

struct Args {
    keep_lld_exports: bool,
    no_typescript: bool,
    out_dir: PathBuf,
    out_name: Option<String>,
    input: PathBuf,
}

fn parse(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let (mut keep_lld_exports, mut no_typescript) = (false, false);
    let (mut target, mut out_dir, mut out_name, mut input) = (None, None, None, None);
    while let Some(arg) = args.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n.to_string(), Some(v.to_string())),
            _ => (arg.clone(), None),
        };
        let mut value = || inline.clone().or_else(|| args.next()).ok_or(format!("{name} needs a value"));
        match name.as_str() {
            "--target" => target = Some(value()?),
            "--out-dir" => out_dir = Some(PathBuf::from(value()?)),
            "--out-name" => out_name = Some(value()?),
            "--keep-lld-exports" => keep_lld_exports = true,
            "--no-typescript" => no_typescript = true,
            flag if flag.starts_with('-') => return Err(format!("{flag} is not supported here")),
            _ if input.is_none() => input = Some(PathBuf::from(arg)),
            _ => return Err(format!("one input file only ({arg})")),
        }
    }
    if target.as_deref() != Some("web") {
        return Err("only --target web is supported here".into());
    }
    Ok(Args {
        keep_lld_exports,
        no_typescript,
        out_dir: out_dir.ok_or("--out-dir is required")?,
        out_name,
        input: input.ok_or("an input .wasm file is required")?,
    })
}

/// wasm-bindgen-cli's `rmain` for `--target web`, every other option at its default.
fn bind(args: &Args) -> Result<(), String> {
    let mut b = Bindgen::new();
    b.web(true).map_err(|e| e.to_string())?;
    b.input_path(&args.input)
        .demangle(true)
        .keep_lld_exports(args.keep_lld_exports)
        .keep_debug(false)
        .remove_name_section(false)
        .remove_producers_section(false)
        .typescript(!args.no_typescript)
        .omit_imports(false)
        .omit_default_module_path(false)
        .split_linked_modules(false);
    if let Some(name) = &args.out_name {
        b.out_name(name);
    }
    b.generate(&args.out_dir).map_err(|e| format!("{e:#}"))
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1).peekable();
    if args.peek().map(String::as_str) == Some("--version") {
        // What scripts/setup and Trunk read to know the version.
        println!("wasm-bindgen {}", env!("CARGO_PKG_VERSION"));
        return ExitCode::SUCCESS;
    }
    match parse(args).and_then(|a| bind(&a)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("wasm-bindgen: {e}\n{USAGE}");
            ExitCode::FAILURE
        }
    }
}
