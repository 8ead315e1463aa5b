#!/usr/bin/env bash
# The C door's tests, as its users see it (bash scripts/test-c.sh; scripts/test.sh runs it):
#
#  0. installs what a fresh machine lacks (skipped when present): libcjson-dev (the C scenario
#     runner reads JSON with cJSON), libjna-java (the Java example), pkg-config, a JDK;
#  1. the Rust side: the header is what cbindgen generates, the version macros and gr_version()
#     agree with Cargo.toml, the unit tests (cargo test -p grassroots-c);
#  2. builds libgrassroots (release) and installs it with scripts/install-c.sh under a scratch
#     prefix, so that everything below uses the installed header, libraries and grassroots.pc;
#  3. the header compiles on its own as C11, C++11 and C++17;
#  4. tests/api.c, tests/checkpoints.c and tests/scenarios.c, compiled with -std=c11 -Wall -Wextra -Wpedantic -Werror,
#     linked statically and dynamically, run plain, under ASan+UBSan and under valgrind; the
#     scenario runner runs every tests/scenarios/*.json and must give the Rust runner's events and
#     hashes;
#  5. every C snippet of README.md and docs/C.md, and examples/c, compile and run;
#  6. the Python (ctypes) and Java (JNA) examples run against the installed library.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

CC=${CC:-gcc}
CXX=${CXX:-g++}
STRICT=(-std=c11 -Wall -Wextra -Wpedantic -Werror -g)
BUILD=bindings-c/build # gitignored
PREFIX="$PWD/$BUILD/prefix"
LIBDIR="$PREFIX/lib"
export PKG_CONFIG_PATH="$LIBDIR/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
SCENARIOS=(tests/scenarios/*.json)

step() { printf -- '-- %s\n' "$*"; }

step "setup: system packages"
missing=()
[ -f /usr/include/cjson/cJSON.h ] || missing+=(libcjson-dev)
[ -f /usr/share/java/jna.jar ] || missing+=(libjna-java)
command -v pkg-config >/dev/null || missing+=(pkgconf)
command -v javac >/dev/null || missing+=(openjdk-17-jdk-headless)
command -v valgrind >/dev/null || missing+=(valgrind)
if [ ${#missing[@]} -gt 0 ]; then
    echo "installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq "${missing[@]}" >/dev/null
fi

step "cargo test -p grassroots-c (header regeneration, version, unit tests)"
cargo test -q -p grassroots-c

step "build and install under $BUILD/prefix"
rm -rf "$PREFIX"
mkdir -p "$BUILD"
cargo build --release -p grassroots-c
bash scripts/install-c.sh --prefix "$PREFIX" --no-build
CFLAGS=("${STRICT[@]}" $(pkg-config --cflags grassroots))
# Static: the archive itself, and what a Rust staticlib needs from the system.
STATIC=("$(pkg-config --variable=libdir grassroots)/libgrassroots.a" -lpthread -ldl -lm)
SHARED=($(pkg-config --libs grassroots) -Wl,-rpath,"$LIBDIR")

step "the build tree links and runs without installing; install-c.sh takes CARGO_TARGET_DIR"
built="${CARGO_TARGET_DIR:-target}/release"
# Linked against the build tree itself: the SONAME link build.rs puts there lets it run.
built_abs=$(cd "$built" && pwd)
"$CC" -std=c11 -Ibindings-c/include examples/c/quickstart.c -L"$built_abs" -lgrassroots -Wl,-rpath,"$built_abs" \
    -o "$BUILD/quickstart-build-tree"
"$BUILD/quickstart-build-tree" >/dev/null
# The release build in another target folder: install-c.sh finds it there.
alt="$PWD/$BUILD/alt-target"
rm -rf "$alt" "$BUILD/alt-prefix"
mkdir -p "$alt/release"
cp "$built/libgrassroots.a" "$built/libgrassroots.so" "$alt/release/"
CARGO_TARGET_DIR="$alt" bash scripts/install-c.sh --prefix "$BUILD/alt-prefix" --no-build
[ -f "$BUILD/alt-prefix/lib/libgrassroots.a" ] || { echo "install-c.sh ignored CARGO_TARGET_DIR" >&2; exit 1; }
rm -rf "$alt" "$BUILD/alt-prefix"

step "the header compiles alone, as C11, C++11 and C++17"
printf '#include <grassroots.h>\n' > "$BUILD/header_only.c"
"$CC" "${CFLAGS[@]}" -fsyntax-only "$BUILD/header_only.c"
for std in c++11 c++17; do
    "$CXX" -std=$std -Wall -Wextra -Wpedantic -Werror $(pkg-config --cflags grassroots) -fsyntax-only -x c++ "$BUILD/header_only.c"
done

step "api.c and scenarios.c, linked statically and dynamically"
"$CC" "${CFLAGS[@]}" -pthread bindings-c/tests/api.c "${STATIC[@]}" -o "$BUILD/api-static"
"$CC" "${CFLAGS[@]}" -pthread bindings-c/tests/api.c "${SHARED[@]}" -o "$BUILD/api-shared"
"$CC" "${CFLAGS[@]}" bindings-c/tests/checkpoints.c "${STATIC[@]}" -o "$BUILD/checkpoints-static"
"$CC" "${CFLAGS[@]}" bindings-c/tests/checkpoints.c "${SHARED[@]}" -o "$BUILD/checkpoints-shared"
"$CC" "${CFLAGS[@]}" bindings-c/tests/scenarios.c -lcjson "${STATIC[@]}" -o "$BUILD/scenarios-static"
"$CC" "${CFLAGS[@]}" bindings-c/tests/scenarios.c -lcjson "${SHARED[@]}" -o "$BUILD/scenarios-shared"
if readelf -d "$BUILD/api-static" | grep -q 'NEEDED.*libgrassroots'; then
    echo "api-static needs libgrassroots.so: the static link did not take the archive" >&2
    exit 1
fi
readelf -d "$BUILD/api-shared" | grep -q 'NEEDED.*\[libgrassroots\.so\.' || {
    echo "api-shared does not need libgrassroots.so.<ABI>" >&2
    exit 1
}
"$BUILD/api-static" | tail -n 1
"$BUILD/api-shared" | tail -n 1
(cd "$BUILD" && ./checkpoints-static && ./checkpoints-shared | tail -n 1)
"$BUILD/scenarios-static" "${SCENARIOS[@]}"
"$BUILD/scenarios-shared" "${SCENARIOS[@]}" | tail -n 1

step "api.c and scenarios.c under AddressSanitizer + UndefinedBehaviorSanitizer"
SAN=(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
"$CC" "${CFLAGS[@]}" "${SAN[@]}" -pthread bindings-c/tests/api.c "${STATIC[@]}" -o "$BUILD/api-asan"
"$CC" "${CFLAGS[@]}" "${SAN[@]}" bindings-c/tests/checkpoints.c "${STATIC[@]}" -o "$BUILD/checkpoints-asan"
"$CC" "${CFLAGS[@]}" "${SAN[@]}" bindings-c/tests/scenarios.c -lcjson "${STATIC[@]}" -o "$BUILD/scenarios-asan"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
"$BUILD/api-asan" | tail -n 1
(cd "$BUILD" && ./checkpoints-asan | tail -n 1)
"$BUILD/scenarios-asan" "${SCENARIOS[@]}" | tail -n 1
unset ASAN_OPTIONS UBSAN_OPTIONS

step "api.c (--quick: without the 100 MB inputs) and scenarios.c under valgrind"
VALGRIND=(valgrind -q --leak-check=full --error-exitcode=1)
"${VALGRIND[@]}" "$BUILD/api-shared" --quick | tail -n 1
(cd "$BUILD" && "${VALGRIND[@]}" ./checkpoints-shared | tail -n 1)
"${VALGRIND[@]}" "$BUILD/scenarios-shared" "${SCENARIOS[@]}" | tail -n 1

step "the C snippets of README.md and docs/C.md, and examples/c, compile and run"
# Every ```c block is a whole program. examples/c/quickstart.c is the README's snippet as a file, so
# that it is tested even before the README has its C section.
rm -rf "$BUILD/snippets"
mkdir -p "$BUILD/snippets"
for doc in README.md docs/C.md; do
    awk -v out="$BUILD/snippets/$(basename "$doc" .md)" \
        '/^```c$/ { n++; inside = 1; next } /^```$/ { inside = 0 } inside { print > (out "-" n ".c") }' "$doc"
done
cp examples/c/*.c "$BUILD/snippets/"
count=0
for snippet in "$BUILD"/snippets/*.c; do
    "$CC" "${CFLAGS[@]}" "$snippet" "${SHARED[@]}" -o "${snippet%.c}"
    output=$("${snippet%.c}" 2>&1) || { printf '%s\n%s failed\n' "$output" "$snippet" >&2; exit 1; }
    count=$((count + 1))
done
grep -q '^```c$' README.md || echo "note: README.md has no C snippet yet (examples/c/quickstart.c stands for it)"
echo "$count C snippets compiled and ran"

step "the Python example (ctypes)"
GRASSROOTS_LIB="$LIBDIR/libgrassroots.so" python3 examples/python/grassroots_example.py

step "the Java example (JNA)"
rm -rf "$BUILD/java"
javac -Xlint:all -Werror -cp /usr/share/java/jna.jar -d "$BUILD/java" examples/java/GrassrootsExample.java
java -cp "/usr/share/java/jna.jar:$BUILD/java" -Djna.library.path="$LIBDIR" GrassrootsExample

echo "C door: all checks passed"
