#!/usr/bin/env bash
# The Java library (bindings-c/java/: typed commands, queries, events and results over the C door
# through JNA) built and tested with what Debian packages provide, no Maven registry:
#
#   bash scripts/test-java.sh
#
#  0. installs what a fresh machine lacks (skipped when present): a JDK (openjdk-17-jdk-headless),
#     libjna-java and libjackson2-databind-java (which brings jackson-core and jackson-annotations);
#  1. the generator's self-test, and that the generated types in
#     bindings-c/java/src/main/java/org/grassroots/model/ are what bindings-c/java/generate.py writes
#     from docs/schema/ and grassroots.h (when this fails: run it, review the diff and commit it);
#  2. builds libgrassroots (release) and installs it with scripts/install-c.sh under a scratch prefix;
#  3. compiles the library (javac -Xlint:all -Xdoclint:all/protected -Werror: its Javadoc too) and its
#     tests (-Xlint:all -Werror), and packs bindings-c/build/java-lib/grassroots.jar;
#  4. runs the tests (org.grassroots.TestMain: the generated types, the Campaign class, the README flow
#     and every tests/scenarios/*.json through the typed API) and the snippets of bindings-c/java/README.md,
#     then checks that the library loads from GRASSROOTS_LIB and that without it the error says where
#     it looked.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

BUILD=bindings-c/build/java-lib # gitignored (bindings-c/build/)
PREFIX="$PWD/$BUILD/prefix"
LIBDIR="$PREFIX/lib"
JAVA_DIR=bindings-c/java
JARS=/usr/share/java
CP="$JARS/jna.jar:$JARS/jackson-databind.jar:$JARS/jackson-core.jar:$JARS/jackson-annotations.jar"

step() { printf -- '-- %s\n' "$*"; }

step "setup: system packages"
missing=()
command -v javac >/dev/null || missing+=(openjdk-17-jdk-headless)
[ -f "$JARS/jna.jar" ] || missing+=(libjna-java)
[ -f "$JARS/jackson-databind.jar" ] || missing+=(libjackson2-databind-java)
command -v python3 >/dev/null || missing+=(python3)
if [ ${#missing[@]} -gt 0 ]; then
    echo "installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq "${missing[@]}" >/dev/null
fi
java_major=$(javac -version 2>&1 | sed -n 's/^javac \([0-9]*\).*/\1/p')
if [ "${java_major:-0}" -lt 17 ]; then
    echo "error: javac $java_major: the library needs Java 17 or later (records, sealed interfaces)" >&2
    exit 1
fi

step "the generated types are current with docs/schema"
python3 "$JAVA_DIR/generate.py" --self-test
python3 "$JAVA_DIR/generate.py" --check

step "build libgrassroots and install it under $BUILD/prefix"
rm -rf "$PREFIX"
mkdir -p "$BUILD"
cargo build --release -p grassroots-c
bash scripts/install-c.sh --prefix "$PREFIX" --no-build

step "javac: the library (and its Javadoc), grassroots.jar, then the tests"
rm -rf "$BUILD/classes" "$BUILD/test-classes" "$BUILD/grassroots.jar"
find "$JAVA_DIR/src/main/java" -name '*.java' > "$BUILD/main-sources.txt"
find "$JAVA_DIR/src/test/java" -name '*.java' > "$BUILD/test-sources.txt"
javac --release 17 -encoding UTF-8 -Xlint:all -Xdoclint:all/protected -Werror -cp "$CP" -d "$BUILD/classes" @"$BUILD/main-sources.txt"
jar --create --file "$BUILD/grassroots.jar" -C "$BUILD/classes" .
javac --release 17 -encoding UTF-8 -Xlint:all -Werror -cp "$CP:$BUILD/grassroots.jar" -d "$BUILD/test-classes" @"$BUILD/test-sources.txt"
echo "$(wc -l < "$BUILD/main-sources.txt") sources in grassroots.jar ($(du -k "$BUILD/grassroots.jar" | cut -f1) KiB)"

step "the tests (jna.library.path)"
RUN_CP="$CP:$BUILD/grassroots.jar:$BUILD/test-classes"
env -u GRASSROOTS_LIB java -Djna.library.path="$LIBDIR" -cp "$RUN_CP" org.grassroots.TestMain "$PWD"

step "the Java snippets of bindings-c/java/README.md compile, run and print what it says"
# Each ```java block is a whole program (its public class names the file); the next ```text block,
# if any, is its output.
rm -rf "$BUILD/snippets"
python3 - "$JAVA_DIR/README.md" "$BUILD/snippets" <<'PY'
import pathlib, re, sys
text = pathlib.Path(sys.argv[1]).read_text(encoding="utf-8")
blocks = re.findall(r"^```(java|text)\n(.*?)^```$", text, re.M | re.S)
n = 0
for i, (lang, body) in enumerate(blocks):
    if lang != "java":
        continue
    n += 1
    name = re.search(r"^public (?:final )?class (\w+)", body, re.M).group(1)
    out = pathlib.Path(sys.argv[2], str(n))
    out.mkdir(parents=True)
    (out / f"{name}.java").write_text(body, encoding="utf-8")
    if i + 1 < len(blocks) and blocks[i + 1][0] == "text":
        (out / "expected.txt").write_text(blocks[i + 1][1], encoding="utf-8")
PY
count=0
for dir in "$BUILD"/snippets/*/; do
    javac --release 17 -encoding UTF-8 -Xlint:all -Werror -cp "$CP:$BUILD/grassroots.jar" -d "$dir" "$dir"/*.java
    main=$(basename "$(ls "$dir"/*.java)" .java)
    java -Djna.library.path="$LIBDIR" -cp "$CP:$BUILD/grassroots.jar:$dir" "$main" > "$dir/actual.txt"
    if [ -f "$dir/expected.txt" ]; then
        diff -u "$dir/expected.txt" "$dir/actual.txt" || { echo "$main printed other than README.md says" >&2; exit 1; }
    fi
    count=$((count + 1))
done
echo "$count Java snippets compiled and ran"

step "the library found through GRASSROOTS_LIB, and a clear error without it"
GRASSROOTS_LIB="$LIBDIR/libgrassroots.so" java -cp "$RUN_CP" org.grassroots.TestMain --smoke
env -u GRASSROOTS_LIB -u LD_LIBRARY_PATH java -cp "$RUN_CP" org.grassroots.TestMain --expect-load-failure

echo "Java library: all checks passed"
