#!/usr/bin/env bash
# Builds pkg/, the npm package and script-tag build:
#   release wasm → wasm-bindgen (--target web) → wasm-opt -Oz → esbuild bundles: the JS stub
#   (ESM for npm, IIFE `Faultline` global for the script tag) and, apart, the bindings the
#   stub imports only when it loads the wasm (faultline_glue.js).
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
# Two halves: what every page downloads (the stub, as an IIFE for the script tag and an ES
# module for npm), and what only a page with something to report fetches beside the wasm
# (faultline_glue.js: the bindings and the wasm's I/O; an ES module both entries import()).
"$esbuild" js/glue.js --bundle --format=esm --minify --target=es2020 --log-level=error --outfile="$out/faultline_glue.js"
# The script keeps es2019 syntax: its one newer construct is the import() of the glue, which
# esbuild leaves as written (every browser with the wasm features we use has it).
"$esbuild" js/script.js --bundle --format=iife --global-name=Faultline --minify --target=es2019 \
  --log-level=error --outfile="$out/faultline.min.js"
"$esbuild" js/index.js --bundle --format=esm --minify --target=es2020 --log-level=error \
  --external:./faultline_glue.js --outfile="$out/index.js"
echo "built $out/: $(cd "$out" && ls faultline_bg.wasm faultline_glue.js faultline.min.js index.js | tr '\n' ' ')"
