# Shared by the scripts: where things are, and the PATH that finds the build tools.
# Sourced, not run.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
TRUNK_VERSION=0.21.14
# The view! formatter CI checks with (scripts/test), pinned: another version formats differently.
LEPTOSFMT_VERSION=0.1.33
WASM_SPLIT_VERSION=0.2.4
# wasm-split-cli with tools/wasm-split's patch, in a folder named by the version and the patch
# (a changed patch is installed anew).
WASM_SPLIT_ROOT="$HOME/.cache/hilens-console/wasm-split-$WASM_SPLIT_VERSION-$(sha256sum "$ROOT/tools/wasm-split/chunk-groups.patch" | cut -c1-12)"
# The wasm-bindgen version Cargo.lock pins (the binding tool must match it exactly).
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock"
}
# `wasm-bindgen` (tools/wasm-bindgen: the binding step alone, on wasm-bindgen's library), in a
# folder named by the version (Cargo.lock's, which it must equal) and its source.
WASM_BINDGEN_ROOT="$HOME/.cache/hilens-console/wasm-bindgen-$(wasm_bindgen_version)-$(cat "$ROOT/tools/wasm-bindgen/main.rs" "$ROOT/tools/wasm-bindgen/install" | sha256sum | cut -c1-12)"
# npm's binaryen (wasm-opt 132) first: Debian's binaryen 108 produces a broken app.
export PATH="$ROOT/tools/node_modules/.bin:$WASM_SPLIT_ROOT/bin:$WASM_BINDGEN_ROOT/bin:$HOME/.cargo/bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
# The Python venv with the official HiLens SDK, for the interop tests.
export HILENS_VENV="${HILENS_VENV:-$HOME/.cache/hilens-console/sdk-venv}"

# `cargo install` of a build tool, built cheaply: the tools' own speed hardly matters, their
# build time does (a newcomer waits for it; docs/choices.md has the figures). TOOL_OPT_LEVEL=0
# for a tool that does little work of its own.
cargo_install_tool() {
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 CARGO_PROFILE_RELEASE_OPT_LEVEL="${TOOL_OPT_LEVEL:-1}" \
    CARGO_PROFILE_RELEASE_DEBUG=false CARGO_TARGET_DIR="${TOOL_TARGET_DIR:-$HOME/.cache/hilens-console/tools-target}" \
    cargo install "$@"
}

step() { printf '\n==> %s\n' "$*"; }

# The console's page sources: declared inside src/pages/mod.rs's `domains!` macro, so cargo fmt
# (which follows `mod` items, not macros) never reaches them; scripts/fmt and scripts/test give
# them to rustfmt by name.
page_sources() { find "$ROOT/src/pages" -name '*.rs' | sort; }


# Builds the console with Trunk (release) unless dist/ is newer than every source.
# Builds the console into dist/ unless it is there, built the same way ($1: `release`, the
# default, or `quick`, the run command's: see Cargo.toml's console-quick profile).
build_console() {
  local mode="${1:-release}" stamp="$ROOT/dist/.built"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$mode" ] && [ -z "$(cd "$ROOT" && find index.html Trunk.toml Cargo.toml Cargo.lock build.rs src style public crates/model scripts/build-wasm scripts/name-parts.mjs scripts/parts.mjs tools/wasm-split -newer "$stamp" -print -quit)" ]; then
    echo "console: dist/ is up to date"
    return
  fi
  # Trunk does the page and its styles; its post-build hook (scripts/build-wasm) the split wasm.
  rm -f "$stamp"
  (cd "$ROOT" && cargo fetch --locked --quiet && HILENS_CONSOLE_BUILD="$mode" trunk build --release)
  # Precompressed copies, served by the proxy to browsers that accept them.
  local f
  for f in "$ROOT"/dist/*.wasm "$ROOT"/dist/*.js "$ROOT"/dist/*.css "$ROOT"/dist/*.html "$ROOT"/dist/*.svg; do
    [ -f "$f" ] || continue
    if [ "$mode" = quick ]; then
      gzip -6 -k -f "$f"
    else
      gzip -9 -k -f "$f"
      brotli -q 11 -k -f "$f"
    fi
  done
  echo "$mode" >"$stamp"
}
