#!/usr/bin/env bash
# Predict and score every persuasion task on the PTC dev ids (see README.md in this folder).
# Usage: eval/persuasion/run_dev.sh [baseline|crf|encoder|trivial] [OUT_DIR]   (from the repository root)
set -euo pipefail
MODEL=${1:-baseline}
OUT=${2:-/tmp/persuasion-dev-$MODEL}
DATA=${DATA:-../shared/data}
PY=${PY:-.venv/bin/python}
IDS=eval/persuasion/ptc-dev-ids.txt
S23=$DATA/semeval2023t3-en
PTC=$DATA/ptc
cli() { "$PY" -m unspin persuasion "$@"; }
mkdir -p "$OUT"
run() {  # name task gold [predict options...] -- [evaluate options...]
  local name=$1 task=$2 gold=$3 articles=$4; shift 4
  cli predict --task "$task" "$articles" --model "$MODEL" "$@" > "$OUT/$name.txt"
  printf '%-16s ' "$name"
  cli evaluate --task "$task" "$gold" "$OUT/$name.txt" --ids "${EVAL_IDS:-$IDS}" | head -1
}
run st1 semeval2023-st1 "$S23/train-labels-subtask-1.txt" "$S23/train-articles-subtask-1" --ids "$IDS"
EVAL_IDS=eval/persuasion/genre-balanced-ids.txt run st1-balanced semeval2023-st1 \
  "$S23/train-labels-subtask-1.txt" "$S23/train-articles-subtask-1" \
  --ids eval/persuasion/genre-balanced-ids.txt
run st2 semeval2023-st2 "$S23/train-labels-subtask-2.txt" "$S23/train-articles-subtask-2" --ids "$IDS"
run st3 semeval2023-st3 "$S23/train-labels-subtask-3.txt" "$S23/train-articles-subtask-3" \
  --ids "$IDS" --template "$S23/train-labels-subtask-3.template"
run st3-spans semeval2023-st3-spans "$S23/train-labels-subtask-3-spans" \
  "$S23/train-articles-subtask-3" --ids "$IDS"
run ptc-si ptc-si "$PTC/dev-labels-task-si" "$PTC/dev-articles"
run ptc-tc ptc-tc "$PTC/dev-labels-task-flc-tc" "$PTC/dev-articles" \
  --template "$PTC/dev-task-TC-template.out"
