#!/usr/bin/env bash
# Builds pkg/, the npm package and script-tag build:
#   release wasm → wasm-bindgen (--target web) → wasm-opt -Oz → esbuild bundles of the JS
#   stub + bindings (ESM for npm, IIFE `Faultline` global for the script tag).
set -euo pipefail
cd "$(dirname "$0")/.."

out="${PKG_OUT:-pkg}" # another directory for experiments, leaving pkg/ alone
bindgen=target/faultline-bindgen
mkdir -p "$out"
cargo build --quiet --release --target wasm32-unknown-unknown --lib
rm -rf "$bindgen"
wasm-bindgen --target web --no-typescript --out-dir "$bindgen" target/wasm32-unknown-unknown/release/faultline.wasm
# wasm-bindgen copies js/io.js into snippets/; point the copy back at the original so the
# bundle holds one io module, the one the stub connects to the wasm.
for snippet in "$bindgen"/snippets/*/js/io.js; do
  echo "export * from '../../../../../js/io.js';" > "$snippet"
done
# npm's binaryen, not Debian's: Debian's 108 writes broken modules for reference types.
node_modules/.bin/wasm-opt -Oz --strip-debug --strip-producers --strip-target-features \
  "$bindgen/faultline_bg.wasm" -o "$out/faultline_bg.wasm"

esbuild=node_modules/.bin/esbuild
# The bindings mention import.meta.url for a default path the IIFE never uses: silence that.
"$esbuild" js/script.js --bundle --format=iife --global-name=Faultline --minify --target=es2019 \
  --log-level=error --outfile="$out/faultline.min.js"
"$esbuild" js/index.js --bundle --format=esm --minify --target=es2020 --log-level=error --outfile="$out/index.js"
echo "built $out/: $(cd "$out" && ls faultline_bg.wasm faultline.min.js index.js | tr '\n' ' ')"
