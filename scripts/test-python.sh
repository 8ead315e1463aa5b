#!/usr/bin/env bash
# The Python package's tests (bindings-c/python), from a clean clone on a fresh Debian machine:
#
#  0. checks for cargo and python3 (3.10 or later) and installs what Debian lacks (skipped when
#     present): python3, python3-venv (ensurepip, for `python3 -m venv`);
#  1. builds libgrassroots (cargo build --release -p grassroots-c) and installs it with
#     scripts/install-c.sh under a scratch prefix, bindings-c/build/python/prefix (gitignored);
#  2. makes a virtual environment, bindings-c/build/python/venv, with the pinned pytest and
#     flit_core (the package's build backend) from PyPI, and installs the package into it;
#  3. runs pytest on bindings-c/python/tests with GRASSROOTS_LIB naming the installed library.
#
#   bash scripts/test-python.sh              # everything
#   bash scripts/test-python.sh -k flow      # arguments go to pytest
#
# GRASSROOTS_SKIP_BUILD=1 skips step 1's cargo build (the installed copy is refreshed from
# target/release all the same).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PYTEST_VERSION=8.4.2
FLIT_CORE_VERSION=3.12.0
BUILD=bindings-c/build/python # gitignored (bindings-c/build/)
PREFIX="$PWD/$BUILD/prefix"
VENV="$PWD/$BUILD/venv"

step() { printf -- '-- %s\n' "$*"; }
die() { printf 'test-python.sh: %s\n' "$*" >&2; exit 1; }

apt_install() {
    command -v apt-get >/dev/null ||
        die "$* missing and there is no apt-get here: install $* with your system's package manager"
    echo "installing $*"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq "$@" >/dev/null
}

step "setup: cargo, python3, venv"
command -v cargo >/dev/null ||
    die "cargo not found: install Rust (https://rustup.rs, or apt-get install cargo) and run this again"
command -v python3 >/dev/null || apt_install python3
python3 -c 'import sys; sys.exit(sys.version_info < (3, 10))' ||
    die "python3 is $(python3 -V 2>&1 | cut -d' ' -f2); the package needs Python 3.10 or later"
if ! python3 -c 'import ensurepip, venv' 2>/dev/null; then
    # Debian splits ensurepip out of python3 into python3-venv (and python3.X-venv).
    version=$(python3 -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
    apt_install python3-venv "python$version-venv"
    python3 -c 'import ensurepip, venv' 2>/dev/null ||
        die "python3 -m venv still lacks ensurepip after installing python3-venv"
fi

step "build libgrassroots and install it under $BUILD/prefix"
if [ "${GRASSROOTS_SKIP_BUILD:-}" != 1 ]; then
    cargo build --release -p grassroots-c
fi
[ -f "${CARGO_TARGET_DIR:-target}/release/libgrassroots.so" ] ||
    die "${CARGO_TARGET_DIR:-target}/release/libgrassroots.so is missing: run cargo build --release -p grassroots-c"
rm -rf "$PREFIX"
mkdir -p "$BUILD"
bash scripts/install-c.sh --prefix "$PREFIX" --no-build >/dev/null
LIB="$PREFIX/lib/libgrassroots.so"
[ -e "$LIB" ] || die "install-c.sh did not install $LIB"

step "virtual environment $BUILD/venv (pytest $PYTEST_VERSION)"
if ! "$VENV/bin/python" -c 'import sys' 2>/dev/null; then
    rm -rf "$VENV"
    python3 -m venv "$VENV" || die "python3 -m venv failed (on Debian: apt-get install python3-venv)"
fi
installed() { "$VENV/bin/python" -m pip show "$1" 2>/dev/null | sed -n 's/^Version: //p'; }
if [ "$(installed pytest)" != "$PYTEST_VERSION" ] || [ "$(installed flit_core)" != "$FLIT_CORE_VERSION" ]; then
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check \
        "pytest==$PYTEST_VERSION" "flit_core==$FLIT_CORE_VERSION" ||
        die "could not install pytest and flit_core from PyPI into $VENV"
fi

step "install the package (bindings-c/python) into the environment"
# Not editable: the tests import the installed copy, so they also check what an integrator gets.
# --no-build-isolation: build with the flit_core installed above, without another download.
"$VENV/bin/python" -m pip install -q --disable-pip-version-check --no-build-isolation --no-deps \
    --force-reinstall ./bindings-c/python

step "pytest bindings-c/python/tests"
# No bytecode and no .pytest_cache in the source tree.
GRASSROOTS_LIB="$LIB" PYTHONDONTWRITEBYTECODE=1 \
    "$VENV/bin/pytest" -p no:cacheprovider bindings-c/python/tests "$@"

echo "Python package: all checks passed"
