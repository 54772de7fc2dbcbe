#!/usr/bin/env bash
# Builds and runs every libFuzzer harness for FUZZ_SECONDS each (default 60), one after another.
# New inputs go to fuzz/corpus-work/<target> (not committed); crashes to fuzz/artifacts/.
# Usage: fuzz/run.sh [target ...]; exits non-zero when any target finds a crash, leak or timeout.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-60}
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for f in fuzz/*.swift; do targets+=("$(basename "$f" .swift)"); done
fi
fuzz/build.sh "${targets[@]}"
export SWIFT_BACKTRACE=enable=no
mkdir -p fuzz/artifacts
status=0
for t in "${targets[@]}"; do
  mkdir -p "fuzz/corpus-work/$t"
  echo "fuzz: $t for ${seconds}s" >&2
  if ! fuzz/.build/"$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=3072 -max_len=8192 \
       -artifact_prefix="fuzz/artifacts/$t-" -print_final_stats=1 \
       "fuzz/corpus-work/$t" "fuzz/corpus/$t" >"fuzz/artifacts/$t.log" 2>&1; then
    echo "fuzz: $t FAILED — see fuzz/artifacts/$t.log and fuzz/artifacts/$t-*" >&2
    tail -40 "fuzz/artifacts/$t.log" >&2
    status=1
  else
    grep -E '^stat::number_of_executed_units|^Done' "fuzz/artifacts/$t.log" | sed "s/^/fuzz: $t: /" >&2 || true
  fi
done
exit $status
