#!/usr/bin/env bash
# Builds the npm package `grassroots` (the wasm door) into bindings-wasm/pkg/grassroots/ (gitignored),
# or into the directory given as the first argument:
#
#   bash scripts/build-wasm.sh [out-dir]
#
# 1. cargo builds grassroots-wasm for wasm32-unknown-unknown twice, at once (each build's last step
#    is one core's work): for pages with a size profile, `wasm-release` (opt-level "z", the log's hash
#    crates at 3), and for Node with a speed profile, `wasm-speed` (opt-level 3), in its own target
#    dir (`target/wasm-node/`) so that the two cargo runs do not wait on each other's lock; both fat
#    LTO, one codegen unit, panic = abort, defined here through CARGO_PROFILE_* variables so that the
#    workspace's shared `release` profile (used by the C door) is untouched. A server downloads the
#    package once; a phone downloads the page's module on every visit (issue #20);
# 2. wasm-bindgen (the CLI at the Cargo.lock version) writes three builds: `bundler/` (Vite, webpack),
#    `web/` (a browser without a bundler: `await init()`) from the size build, `node/` (ES module,
#    Node >= 18) from the speed build;
# 3. wasm-opt (npm binaryen@132; Debian's binaryen 108 breaks wasm-bindgen's output): -Oz for the
#    pages' `.wasm`, -O3 for Node's, at once;
# 4. the TypeScript types of the wire form are generated from docs/schema/ into `wire.d.ts`;
# 5. package.json (bindings-wasm/npm/, with the crate's version) and README.md (docs/JS.md) are added;
# 6. each module's size, raw and gzipped, is printed beside the aim.
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

target="${CARGO_TARGET_DIR:-target}"
for profile in WASM_RELEASE WASM_SPEED; do
    export "CARGO_PROFILE_${profile}_INHERITS=release" "CARGO_PROFILE_${profile}_LTO=fat" \
        "CARGO_PROFILE_${profile}_CODEGEN_UNITS=1" "CARGO_PROFILE_${profile}_PANIC=abort" \
        "CARGO_PROFILE_${profile}_DEBUG=false"
done
export CARGO_PROFILE_WASM_RELEASE_OPT_LEVEL=z CARGO_PROFILE_WASM_SPEED_OPT_LEVEL=3
# The log's hash (SHA-256, or SM3) runs over every record written: at opt-level "z" its rounds are
# not unrolled, and it was a fifth of `execute`'s time in Node (issue #20's profile). The two small
# crates are built for speed in the pages' module too.
hash_speed=(--config 'profile.wasm-release.package.sha2.opt-level=3'
            --config 'profile.wasm-release.package.sm3.opt-level=3')
speed_log="$target/wasm-node.log"
mkdir -p "$target"
echo "-- cargo build --profile wasm-speed -p grassroots-wasm (Node's module; output in $speed_log), and at once:"
CARGO_TARGET_DIR="$target/wasm-node" cargo build --profile wasm-speed --target wasm32-unknown-unknown \
    -p grassroots-wasm >"$speed_log" 2>&1 &
speed_pid=$!
trap 'kill "$speed_pid" 2>/dev/null || true' EXIT
echo "-- cargo build --profile wasm-release -p grassroots-wasm (the pages' module)"
cargo build --profile wasm-release --target wasm32-unknown-unknown -p grassroots-wasm "${hash_speed[@]}"
if ! wait "$speed_pid"; then
    cat "$speed_log"
    echo "-- the wasm-speed build failed (above)" >&2
    exit 1
fi
trap - EXIT
wasm_small="$target/wasm32-unknown-unknown/wasm-release/grassroots_wasm.wasm"
wasm_fast="$target/wasm-node/wasm32-unknown-unknown/wasm-speed/grassroots_wasm.wasm"

rm -rf "$out"
mkdir -p "$out"
# The features rustc enables by default for wasm32-unknown-unknown; wasm-opt must accept them.
features=(--enable-bulk-memory --enable-mutable-globals --enable-nontrapping-float-to-int --enable-sign-ext
          --enable-reference-types --enable-multivalue)
for target_kind in bundler web node; do
    flag=$target_kind wasm=$wasm_small
    # ES module output (`nodejs` is CommonJS), from the speed build.
    [ "$target_kind" = node ] && flag=experimental-nodejs-module wasm=$wasm_fast
    echo "-- wasm-bindgen --target $flag"
    wasm-bindgen --target "$flag" --out-name grassroots --out-dir "$out/$target_kind" "$wasm"
done
# wasm-bindgen declares the raw exports' JS values (externrefs) as `any`; they are opaque, so
# `unknown` says the same without an `any` in the public declarations.
sed -i -E 's/\b([a-z]): any\b/\1: unknown/g; s/=> any;/=> unknown;/g' "$out"/*/*.d.ts
# `bundler/` and `web/` differ only in their JS glue: their `.wasm` files are the same bytes, so one
# wasm-opt run (the slow step) serves both. Node's is optimized for speed, at the same time.
raw_bindgen=$(stat -c %s "$out/bundler/grassroots_bg.wasm")
cmp -s "$out/bundler/grassroots_bg.wasm" "$out/web/grassroots_bg.wasm" ||
    { echo "-- bundler/ and web/ have different .wasm files: has wasm-bindgen changed?" >&2; exit 1; }
echo "-- wasm-opt -Oz (bundler/, web/) and -O3 (node/)"
"$tools/wasm-opt" -O3 "${features[@]}" "$out/node/grassroots_bg.wasm" -o "$out/node/optimized.wasm" &
opt_pid=$!
"$tools/wasm-opt" -Oz "${features[@]}" "$out/bundler/grassroots_bg.wasm" -o "$out/optimized.wasm"
wait "$opt_pid"
mv "$out/node/optimized.wasm" "$out/node/grassroots_bg.wasm"
cp "$out/optimized.wasm" "$out/web/grassroots_bg.wasm"
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

echo "-- built $out (grassroots $version); the pages' module was $raw_bindgen bytes before wasm-opt"
# One line per module: its size raw and gzipped (gzip -9, what a server sends), in KB of 1,000
# bytes, beside the aim of issue #20 for what a survey page loads (< 300 KB gzipped). A page loads one
# module, the same for every page; Node's is not sent to pages (docs/JS.md, "Size", says why there is
# no second, on-demand module).
kb() { awk -v b="$1" 'BEGIN { printf "%.1f KB", b / 1000 }'; }
aim=300000
printf -- '-- %-38s %11s %13s   %s\n' module raw "gzip -9" "aim: what a survey page loads, gzipped"
for module in bundler/grassroots_bg.wasm web/grassroots_bg.wasm node/grassroots_bg.wasm; do
    raw=$(stat -c %s "$out/$module")
    gz=$(gzip -9 -c "$out/$module" | wc -c)
    case $module in
        bundler/*) use="$module (pages)" verdict=MISSED ;;
        web/*) use="$module (same bytes)" verdict=MISSED ;;
        node/*) use="$module (Node only)" verdict="(not loaded by pages)" ;;
    esac
    [ "$verdict" = MISSED ] && [ "$gz" -lt "$aim" ] && verdict=met
    aim_text="< $(kb "$aim")  $verdict"
    [ "$module" = node/grassroots_bg.wasm ] && aim_text=$verdict
    printf -- '-- %-38s %11s %13s   %s\n' "$use" "$(kb "$raw")" "$(kb "$gz")" "$aim_text"
done
