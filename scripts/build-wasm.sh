#!/usr/bin/env bash
# Builds the npm package `grassroots` (the wasm door) into bindings-wasm/pkg/grassroots/ (gitignored),
# or into the directory given as the first argument:
#
#   bash scripts/build-wasm.sh [out-dir]
#
# 1. cargo builds grassroots-wasm for wasm32-unknown-unknown with a size profile, `wasm-release`
#    (opt-level "z", fat LTO, one codegen unit, panic = abort), defined here through CARGO_PROFILE_*
#    variables so that the workspace's shared `release` profile (used by the C door) is untouched;
# 2. wasm-bindgen (the CLI at the Cargo.lock version) writes three builds: `bundler/` (Vite, webpack),
#    `web/` (a browser without a bundler: `await init()`), `node/` (ES module, Node >= 18);
# 3. wasm-opt -Oz (npm binaryen@132; Debian's binaryen 108 breaks wasm-bindgen's output) shrinks each
#    `.wasm`;
# 4. the TypeScript types of the wire form are generated from docs/schema/ into `wire.d.ts`;
# 5. package.json (bindings-wasm/npm/, with the crate's version) and README.md (docs/JS.md) are added.
#
# Needs the wasm32 target, the wasm-bindgen CLI and node; runs `npm ci` in bindings-wasm/ when its
# node_modules is missing or older than its lock file.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

out="${1:-bindings-wasm/pkg/grassroots}"
tools=bindings-wasm/node_modules/.bin

if [ ! -x "$tools/wasm-opt" ] || [ bindings-wasm/package-lock.json -nt bindings-wasm/node_modules/.package-lock.json ]; then
    echo "-- npm ci (bindings-wasm)"
    (cd bindings-wasm && npm ci --no-audit --no-fund)
fi

echo "-- cargo build --profile wasm-release --target wasm32-unknown-unknown -p grassroots-wasm"
export CARGO_PROFILE_WASM_RELEASE_INHERITS=release
export CARGO_PROFILE_WASM_RELEASE_OPT_LEVEL=z
export CARGO_PROFILE_WASM_RELEASE_LTO=fat
export CARGO_PROFILE_WASM_RELEASE_CODEGEN_UNITS=1
export CARGO_PROFILE_WASM_RELEASE_PANIC=abort
export CARGO_PROFILE_WASM_RELEASE_DEBUG=false
cargo build --profile wasm-release --target wasm32-unknown-unknown -p grassroots-wasm
wasm="${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/wasm-release/grassroots_wasm.wasm"

rm -rf "$out"
mkdir -p "$out"
# The features rustc enables by default for wasm32-unknown-unknown; wasm-opt must accept them.
features=(--enable-bulk-memory --enable-mutable-globals --enable-nontrapping-float-to-int --enable-sign-ext
          --enable-reference-types --enable-multivalue)
for target in bundler web node; do
    flag=$target
    [ "$target" = node ] && flag=experimental-nodejs-module   # ES module output (`nodejs` is CommonJS)
    echo "-- wasm-bindgen --target $flag"
    wasm-bindgen --target "$flag" --out-name grassroots --out-dir "$out/$target" "$wasm"
done
# wasm-bindgen declares the raw exports' JS values (externrefs) as `any`; they are opaque, so
# `unknown` says the same without an `any` in the public declarations.
sed -i -E 's/\b([a-z]): any\b/\1: unknown/g; s/=> any;/=> unknown;/g' "$out"/*/*.d.ts
# The three targets differ only in their JS glue: their `.wasm` files are the same bytes, so one
# wasm-opt run (the slow step) serves all three; should they ever differ, each is optimized.
raw_bindgen=$(stat -c %s "$out/bundler/grassroots_bg.wasm")
echo "-- wasm-opt -Oz"
"$tools/wasm-opt" -Oz "${features[@]}" "$out/bundler/grassroots_bg.wasm" -o "$out/optimized.wasm"
for target in web node; do
    if cmp -s "$out/bundler/grassroots_bg.wasm" "$out/$target/grassroots_bg.wasm"; then
        cp "$out/optimized.wasm" "$out/$target/grassroots_bg.wasm"
    else
        "$tools/wasm-opt" -Oz "${features[@]}" "$out/$target/grassroots_bg.wasm" -o "$out/$target/grassroots_bg.wasm"
    fi
done
mv "$out/optimized.wasm" "$out/bundler/grassroots_bg.wasm"

echo "-- patch the glue: freed campaigns, Symbol.dispose (bindings-wasm/tools/patch-glue.mjs)"
node bindings-wasm/tools/patch-glue.mjs "$out"

echo "-- wire.d.ts from docs/schema/"
node bindings-wasm/tools/wire-types.mjs "$out/wire.d.ts"

version=$(sed -n '/^\[workspace.package\]/,/^\[/s/^version = "\(.*\)"$/\1/p' Cargo.toml)
node -e '
  const [template, out, version] = process.argv.slice(1);
  const manifest = JSON.parse(require("fs").readFileSync(template, "utf8"));
  manifest.version = version;
  require("fs").writeFileSync(out, JSON.stringify(manifest, null, 2) + "\n");
' bindings-wasm/npm/package.json "$out/package.json" "$version"
cp docs/JS.md "$out/README.md"

raw=$(stat -c %s "$out/bundler/grassroots_bg.wasm")
gz=$(gzip -9 -c "$out/bundler/grassroots_bg.wasm" | wc -c)
echo "-- built $out (grassroots $version): grassroots_bg.wasm $raw bytes, $gz bytes gzipped (gzip -9);" \
    "$raw_bindgen bytes before wasm-opt"
