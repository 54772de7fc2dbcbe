#!/usr/bin/env bash
# Builds the libFuzzer harnesses in fuzz/*.swift into fuzz/.build/<target> (ASan + coverage).
# Usage: fuzz/build.sh [target ...]   (default: every fuzz/*.swift)
# Each reader module is compiled once as an instrumented static library; the harness links against it.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=fuzz/.build
mkdir -p "$OUT"
SWIFTC=${SWIFTC:-swiftc}

# The toolchain ships compiler-rt with libFuzzer and ASan; without them nothing here can work.
resdir=$("$SWIFTC" -print-target-info 2>/dev/null | sed -n 's/.*"runtimeResourcePath": "\(.*\)".*/\1/p' | head -1)
found=
for f in "$resdir"/clang/lib/linux/libclang_rt.fuzzer-*.a "$resdir"/../clang/*/lib/linux/libclang_rt.fuzzer-*.a; do
  [ -f "$f" ] && found=$f
done
if [ -z "$found" ]; then
  echo "fuzz/build.sh: the libFuzzer runtime (libclang_rt.fuzzer) is missing from the Swift toolchain at $resdir" >&2
  exit 1
fi

SAN=(-sanitize=fuzzer,address -parse-as-library -Onone -g -swift-version 6)
INC=(-I Sources/CZlib -I Sources/CCrypto -I Sources/CPNG -I Sources/COpenBLAS -I "$OUT" -I "$OUT/PNGShim")
LIBS=(-lz -lpng16 -lcrypto -lopenblas)
# The toolchain's lld links these quietly; gold (the fallback) works too but warns about ASan symbols.
swiftbin=$(dirname "$(command -v "$SWIFTC")")
if [ -x "$swiftbin/ld.lld" ] || command -v ld.lld >/dev/null 2>&1; then LIBS+=(-use-ld=lld); fi

# module NAME: compiles Sources/NAME/*.swift into $OUT/NAME.swiftmodule + $OUT/libNAME.a (only when stale).
module() {
  local name=$1 lib="$OUT/lib$1.a"
  local srcs=(Sources/"$name"/*.swift)
  if [ -f "$lib" ] && [ -z "$(find Sources/"$name" -newer "$lib" -name '*.swift' | head -1)" ]; then return; fi
  echo "fuzz: building $name" >&2
  "$SWIFTC" "${SAN[@]}" "${INC[@]}" -module-name "$name" -emit-module -emit-module-path "$OUT/$name.swiftmodule" \
    -emit-library -static -o "$lib" "${srcs[@]}"
}

# The C shim that owns libpng's setjmp (SwiftPM makes its module map; here we write one).
pngshim() {
  local obj="$OUT/pngshim.o"
  mkdir -p "$OUT/PNGShim"
  printf 'module PNGShim {\n    header "%s/Sources/PNGShim/include/pngshim.h"\n    export *\n}\n' "$ROOT" > "$OUT/PNGShim/module.modulemap"
  if [ -f "$obj" ] && [ "$obj" -nt Sources/PNGShim/pngshim.c ] && [ "$obj" -nt Sources/PNGShim/include/pngshim.h ]; then return; fi
  echo "fuzz: building PNGShim" >&2
  local cc="$swiftbin/clang"; [ -x "$cc" ] || cc=clang
  "$cc" -c -O1 -g -fsanitize=address,fuzzer-no-link -I Sources/PNGShim/include -o "$obj" Sources/PNGShim/pngshim.c
}

pngshim
module PRCCore
module PRCIngest
module PRCModel

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for f in fuzz/*.swift; do targets+=("$(basename "$f" .swift)"); done
fi
for t in "${targets[@]}"; do
  echo "fuzz: linking $t" >&2
  "$SWIFTC" "${SAN[@]}" "${INC[@]}" -o "$OUT/$t" "fuzz/$t.swift" \
    "$OUT/libPRCIngest.a" "$OUT/libPRCModel.a" "$OUT/libPRCCore.a" "$OUT/pngshim.o" "${LIBS[@]}"
done
