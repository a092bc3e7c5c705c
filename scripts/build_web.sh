#!/usr/bin/env bash
# Builds the interactive report's engine: the `codecision-web` crate (web/),
# the library compiled to WebAssembly (wasm32-unknown-unknown; default
# features off plus `forecast`), and writes it to assets/codecision_web.wasm,
# which the command line embeds (`codecision report --interactive`).
#
#   scripts/build_web.sh           # build and write assets/codecision_web.wasm
#   scripts/build_web.sh --check   # build and fail if the committed file differs
#
# Needs the target: `rustup target add wasm32-unknown-unknown`. No binding
# generator: the page's script talks to the module through its exports.
# The build is reproducible: paths are written relative (the checkout as
# /codecision, the registry as /cargo), symbols stripped, one codegen unit;
# the same toolchain and Cargo.lock give the same bytes (CI checks it).
set -euo pipefail
cd "$(dirname "$0")/.."

check=false
case "${1:-}" in
    --check) check=true ;;
    "") ;;
    *) echo "usage: scripts/build_web.sh [--check]" >&2; exit 2 ;;
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

if $check; then
    if ! cmp -s "$built" "$asset"; then
        echo "build_web.sh: $asset is not what the sources build ($(wc -c <"$built") bytes built, $(wc -c <"$asset" 2>/dev/null || echo no) committed): run scripts/build_web.sh and commit it" >&2
        exit 1
    fi
    echo "$asset is up to date ($(wc -c <"$asset") bytes)"
else
    cp "$built" "$asset"
    echo "wrote $asset ($(wc -c <"$asset") bytes)"
fi
