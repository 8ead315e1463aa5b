#!/usr/bin/env bash
# The C door's tests, as a C program sees it: builds libgrassroots once (release), then compiles
# bindings-c/tests/smoke.c against the COMMITTED header with -std=c11 -Wall -Wextra -Wpedantic -Werror,
# links it statically and dynamically, runs it plain, under ASan/UBSan and under valgrind, and checks
# that the header compiles alone as C11 and as C++17 and that docs/C.md's example compiles. The
# header itself is compared with cbindgen's output by `cargo test -p grassroots-c --test header`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

CC=${CC:-gcc}
CXX=${CXX:-g++}
CFLAGS=(-std=c11 -Wall -Wextra -Wpedantic -Werror -g -Ibindings-c/include)
LIBDIR=target/release
BUILD=bindings-c/build # gitignored
# What a Rust staticlib needs from the system on Linux.
STATIC_LIBS=(-lpthread -ldl -lm)

mkdir -p "$BUILD"

echo "-- cargo build --release -p grassroots-c"
cargo build --release -p grassroots-c

echo "-- the header compiles alone, as C11 and as C++17"
printf '#include "grassroots.h"\n' > "$BUILD/header_only.c"
"$CC" "${CFLAGS[@]}" -fsyntax-only "$BUILD/header_only.c"
"$CXX" -std=c++17 -Wall -Wextra -Wpedantic -Werror -Ibindings-c/include -fsyntax-only -x c++ "$BUILD/header_only.c"

echo "-- the C example of docs/C.md compiles"
{
    printf '#include "grassroots.h"\n#include <stdio.h>\nint example(const char *command_json);\n'
    printf 'int example(const char *command_json) {\n'
    awk '/^```c$/ { inside = 1; next } /^```$/ { inside = 0 } inside' docs/C.md
    printf 'return 0;\n}\n'
} > "$BUILD/doc_example.c"
"$CC" "${CFLAGS[@]}" -c "$BUILD/doc_example.c" -o "$BUILD/doc_example.o"

echo "-- smoke.c, linked statically"
"$CC" "${CFLAGS[@]}" bindings-c/tests/smoke.c "$LIBDIR/libgrassroots.a" "${STATIC_LIBS[@]}" -o "$BUILD/smoke-static"
"$BUILD/smoke-static"

echo "-- smoke.c, linked dynamically"
"$CC" "${CFLAGS[@]}" bindings-c/tests/smoke.c -L"$LIBDIR" -lgrassroots -Wl,-rpath,"$PWD/$LIBDIR" -o "$BUILD/smoke-shared"
"$BUILD/smoke-shared"

echo "-- smoke.c under AddressSanitizer + UndefinedBehaviorSanitizer"
"$CC" "${CFLAGS[@]}" -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all \
    bindings-c/tests/smoke.c "$LIBDIR/libgrassroots.a" "${STATIC_LIBS[@]}" -o "$BUILD/smoke-asan"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 "$BUILD/smoke-asan"

echo "-- smoke.c under valgrind"
valgrind -q --leak-check=full --error-exitcode=1 "$BUILD/smoke-shared"

echo "C door: all checks passed"
