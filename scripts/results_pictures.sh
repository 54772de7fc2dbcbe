#!/bin/sh
# Redraws every picture of docs/results/ from the run folders `prc experiment` left in
# outputs/experiments/ (run the experiments first). usage: scripts/results_pictures.sh [--data-dir DIR]
set -eu
cd "$(dirname "$0")/.."
PRC=${PRC:-.build/release/prc}
E=outputs/experiments
OUT=docs/results
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
mkdir -p "$OUT"

# render RUN PICTURE TARGET [prc render options…]: one picture of `prc render` into docs/results.
render() {
    run=$1 picture=$2 target=$3
    shift 3
    "$PRC" render --run "$run" --out "$TMP/r" --quiet "$@" > /dev/null
    cp "$TMP/r/$picture" "$OUT/$target"
    rm -rf "$TMP/r"
}

# compare TARGET FRAMES LABELS RUN…: one `prc compare` figure (LABELS empty: from each run's config.json).
compare() {
    target=$1 frames=$2 labels=$3
    shift 3
    runs=$(printf '%s\n' "$@" | paste -sd, -)
    set -- --runs "$runs" --frames "$frames" --out "$OUT/$target"
    [ -n "$labels" ] && set -- "$@" --labels "$labels"
    "$PRC" compare "$@" $DATA > /dev/null
}

DATA=""
if [ "${1:-}" = "--data-dir" ]; then DATA="--data-dir $2"; fi

render $E/sequential-424/run/seed-0 codes.png sequential-424-codes.png $DATA
render $E/sequential-848/hidden-4/seed-0 strip.png sequential-848-h4-strip.png $DATA
render $E/sequential-848/hidden-8/seed-0 codes.png sequential-848-h8-codes.png $DATA
render $E/moving-mnist-2digits/run/seed-0 strip.png moving-mnist-2digits-strip.png $DATA
render $E/moving-mnist-1digit/run/seed-0 sheet.png moving-mnist-1digit-sheet.png $DATA
render $E/noisy-cue/run/seed-0 strip.png noisy-cue-mask-0.75-strip.png --replay $E/noisy-cue/run/seed-0/replay-cue-mask-0.75 $DATA
render $E/prc-vs-direct/dataset-random-8x16_model-prc/seed-0 strip.png prc-vs-direct-random-prc-strip.png $DATA
render $E/prc-vs-direct/dataset-random-8x16_model-direct/seed-0 strip.png prc-vs-direct-random-direct-strip.png $DATA
render $E/capacity-count/limit-10/seed-0 strip.png capacity-count-10-strip.png --sequences 0 $DATA
render $E/capacity-count-budget/limit-10/seed-0 strip.png capacity-count-budget-10-strip.png --sequences 0 $DATA

C=$E/capacity-length
for P in 64 128; do
    frames=32
    [ $P = 128 ] && frames=24
    compare capacity-length-$P.png $frames "H256 LR 0.1,H256 LR 0.05,H512 LR 0.025" \
        $C/dataset-random-$P--epochs-10000-_hidden-256--lr-0.1-/seed-0 \
        $C/dataset-random-$P--epochs-10000-_hidden-256--lr-0.05-/seed-0 \
        $C/dataset-random-$P--epochs-10000-_hidden-512--lr-0.025-/seed-0
done

M=$E/compare-capacity
for P in 64 128; do
    set --
    for m in PRC-H256 direct tPC1 tPC2-H480 AHN MAHN-softmax-beta-1 MAHN-softmax-beta-5; do set -- "$@" "$M/P-${P}_$m/seed-0"; done
    compare compare-capacity-$P.png 32 "" "$@"
done
echo "redrew $(ls "$OUT" | wc -l) pictures in $OUT"
