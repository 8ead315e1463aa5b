#!/usr/bin/env bash
# Installs the C door under a prefix: the library, the header and a pkg-config file.
#
#   bash scripts/install-c.sh --prefix /usr/local        # builds (cargo, release), then installs
#   bash scripts/install-c.sh --prefix DIR --no-build    # installs what $CARGO_TARGET_DIR/release holds
#
# Options: --prefix DIR (required), --libdir DIR (default PREFIX/lib), --no-build. DESTDIR is
# honoured for staged installs (files go to $DESTDIR$PREFIX; the .pc file names $PREFIX).
#
# Installs:
#   PREFIX/include/grassroots.h
#   LIBDIR/libgrassroots.a
#   LIBDIR/libgrassroots.so.X.Y.Z, with the links libgrassroots.so.ABI (the SONAME) and libgrassroots.so
#   LIBDIR/pkgconfig/grassroots.pc
# Then: cc app.c $(pkg-config --cflags --libs grassroots)     (PKG_CONFIG_PATH=LIBDIR/pkgconfig)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

prefix=""
libdir=""
build=1
while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) prefix=${2:?--prefix needs a directory}; shift 2 ;;
        --prefix=*) prefix=${1#--prefix=}; shift ;;
        --libdir) libdir=${2:?--libdir needs a directory}; shift 2 ;;
        --libdir=*) libdir=${1#--libdir=}; shift ;;
        --no-build) build=0; shift ;;
        -h | --help) sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "install-c.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
    esac
done
if [ -z "$prefix" ]; then
    echo "install-c.sh: --prefix DIR is required (see --help)" >&2
    exit 2
fi
case "$prefix" in /*) ;; *) prefix="$PWD/$prefix" ;; esac
libdir=${libdir:-$prefix/lib}
case "$libdir" in /*) ;; *) libdir="$PWD/$libdir" ;; esac
dest=${DESTDIR:-}
# Where cargo puts the release build: CARGO_TARGET_DIR when set (relative to the repository), else target/.
built="${CARGO_TARGET_DIR:-target}/release"

if [ "$build" = 1 ]; then
    cargo build --release -p grassroots-c
fi

# One source for the version: the committed header (a test checks it against Cargo.toml).
header=bindings-c/include/grassroots.h
version=$(sed -n 's/^#define GR_VERSION "\(.*\)"$/\1/p' "$header")
major=$(sed -n 's/^#define GR_VERSION_MAJOR \([0-9]*\)$/\1/p' "$header")
minor=$(sed -n 's/^#define GR_VERSION_MINOR \([0-9]*\)$/\1/p' "$header")
# The ABI version, as build.rs writes it into the SONAME: MAJOR, or 0.MINOR before 1.0.
if [ "$major" = 0 ]; then abi="0.$minor"; else abi="$major"; fi

mkdir -p "$dest$prefix/include" "$dest$libdir/pkgconfig"
install -m 644 "$header" "$dest$prefix/include/grassroots.h"
install -m 644 "$built/libgrassroots.a" "$dest$libdir/libgrassroots.a"
install -m 755 "$built/libgrassroots.so" "$dest$libdir/libgrassroots.so.$version"
ln -sf "libgrassroots.so.$version" "$dest$libdir/libgrassroots.so.$abi"
ln -sf "libgrassroots.so.$abi" "$dest$libdir/libgrassroots.so"

if command -v readelf >/dev/null; then
    soname=$(readelf -d "$built/libgrassroots.so" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
    if [ "$soname" != "libgrassroots.so.$abi" ]; then
        echo "install-c.sh: the library's SONAME is '$soname', expected libgrassroots.so.$abi" >&2
        exit 1
    fi
fi

# Libs.private: what a Rust staticlib needs from the system (for `pkg-config --static`).
cat > "$dest$libdir/pkgconfig/grassroots.pc" <<EOF
prefix=$prefix
includedir=\${prefix}/include
libdir=$libdir

Name: grassroots
Description: The C API of grassroots: campaigns of grassroots party organizations as JSON commands and queries
URL: https://example.invalid/grassroots
Version: $version
Cflags: -I\${includedir}
Libs: -L\${libdir} -lgrassroots
Libs.private: -lpthread -ldl -lm
EOF

echo "installed grassroots $version (ABI $abi) under $dest$prefix"
