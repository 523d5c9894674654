#!/usr/bin/env bash
# The corpus-scale measurement of issue 7: generate N synthetic articles, ingest them with every
# default detector (2 workers), sample the resident memory of the whole process tree every 60 s,
# then time every corpus query against full scans.
#
#   bash benchmarks/corpus_scale.sh 100000 /data/scale      # resumable: re-run after a stop
#
# Writes DIR/corpus.jsonl, DIR/corpus.db, DIR/tree_rss.log
# (epoch, KiB of the tree, articles stored, KiB of the ingest's own process), DIR/ingest.err
# (the ingest's report and /usr/bin/time -v) and DIR/queries.json.
set -euo pipefail
n=${1:?number of articles}
dir=${2:?output folder}
root=$(cd "$(dirname "$0")/.." && pwd)
py="$root/.venv/bin/python"
mkdir -p "$dir"
[ -s "$dir/corpus.jsonl" ] || "$py" "$root/tools/make_synthetic_corpus.py" "$n" "$dir/corpus.jsonl"

OMP_NUM_THREADS=1 /usr/bin/time -v "$root/.venv/bin/unspin" ingest "$dir/corpus.jsonl" \
  --db "$dir/corpus.db" --workers 2 --no-progress >> "$dir/ingest.out" 2>> "$dir/ingest.err" &
pid=$!
while kill -0 "$pid" 2>/dev/null; do
  tree=$(ps -e -o pid=,ppid= | awk -v r="$pid" 'BEGIN { a[r] = 1 }
    { p[$1] = $2 }
    END { do { c = 0; for (x in p) if (!(x in a) && (p[x] in a)) { a[x] = 1; c = 1 } } while (c)
          for (x in a) print x }' | paste -sd,)
  rss=$(ps -o rss= -p "$tree" 2>/dev/null | awk '{ s += $1 } END { print s + 0 }')
  ingest=$(pgrep -P "$pid" -f "unspin ingest" | head -1 || true)
  own=$(ps -o rss= -p "${ingest:-$pid}" 2>/dev/null | awk '{ print $1 + 0 }' || true)
  stored=$("$py" -c "import sqlite3, sys; c = sqlite3.connect(f'file:{sys.argv[1]}?mode=ro', uri=True); print(c.execute('SELECT count(*) FROM articles').fetchone()[0])" "$dir/corpus.db" 2>/dev/null || echo 0)
  echo "$(date +%s) $rss $stored ${own:-0}" >> "$dir/tree_rss.log"
  sleep 60
done
wait "$pid"
"$py" "$root/benchmarks/bench_queries.py" "$dir/corpus.db" | tee "$dir/queries.json"
