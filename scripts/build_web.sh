#!/usr/bin/env bash
# Builds the interactive report's engine: the `codecision-web` crate (web/),
# the library compiled to WebAssembly (wasm32-unknown-unknown; default
# features off plus `forecast`), and writes it to assets/codecision_web.wasm,
# which the command line embeds (`codecision report --interactive`).
#
#   scripts/build_web.sh               # build and write assets/codecision_web.wasm
#   scripts/build_web.sh --check       # build and fail if the committed file differs
#   scripts/build_web.sh --fingerprint # print the sources' fingerprint, no build
#
# Beside the module it writes assets/codecision_web.sources, a SHA-256 of
# the files the build reads (Cargo.toml, Cargo.lock, the library's src/
# without src/bin/, web/): tests/web_engine.rs compares it with the
# sources, so a change to the library that leaves the engine behind fails
# `cargo test` at once, without the wasm target; CI also builds the module
# again and compares the bytes.
#
# Needs the target: `rustup target add wasm32-unknown-unknown`. No binding
# generator: the page's script talks to the module through its exports.
# The build is reproducible: paths are written relative (the checkout as
# /codecision, the registry as /cargo), symbols stripped, one codegen unit;
# the same toolchain and Cargo.lock give the same bytes (CI checks it).
set -euo pipefail
cd "$(dirname "$0")/.."

# The SHA-256 of the sources the engine is built from, names included.
fingerprint() {
    find Cargo.toml Cargo.lock src web -type f ! -path 'src/bin/*' -print0 |
        LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1
}

check=false
case "${1:-}" in
    --check) check=true ;;
    --fingerprint) fingerprint; exit 0 ;;
    "") ;;
    *) echo "usage: scripts/build_web.sh [--check | --fingerprint]" >&2; exit 2 ;;
esac

if command -v rustup >/dev/null 2>&1 &&
    ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    echo "build_web.sh: the wasm32-unknown-unknown target is missing: rustup target add wasm32-unknown-unknown" >&2
    exit 1
fi

root=$(pwd -P)
cargo_home=${CARGO_HOME:-$HOME/.cargo}
target_dir=${CARGO_TARGET_DIR:-$root/target}
RUSTFLAGS="--remap-path-prefix=$root=/codecision --remap-path-prefix=$cargo_home=/cargo" \
    cargo build --locked --quiet -p codecision-web --target wasm32-unknown-unknown --profile wasm
built=$target_dir/wasm32-unknown-unknown/wasm/codecision_web.wasm
asset=assets/codecision_web.wasm
sources=assets/codecision_web.sources

if $check; then
    if [ "$(fingerprint)" != "$(cat "$sources" 2>/dev/null)" ]; then
        echo "build_web.sh: $sources is not the fingerprint of the sources: run scripts/build_web.sh and commit assets/" >&2
        exit 1
    fi
    if ! cmp -s "$built" "$asset"; then
        echo "build_web.sh: $asset is not what the sources build ($(wc -c <"$built") bytes built, $(wc -c <"$asset" 2>/dev/null || echo no) committed): run scripts/build_web.sh and commit it" >&2
        exit 1
    fi
    echo "$asset is up to date ($(wc -c <"$asset") bytes)"
else
    cp "$built" "$asset"
    fingerprint >"$sources"
    echo "wrote $asset ($(wc -c <"$asset") bytes) and $sources"
fi
