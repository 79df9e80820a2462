#!/usr/bin/env bash
# Extraction speed as users measure it: `corpusforge run` (reader.html_v1 -> extract.html_v1, plain -> writer.jsonl_v1)
# over a folder of HTML pages, one process per run with start-up included, on 1 and 2 workers, back to back with the
# peer run the same way: SmartReader (a port of Mozilla's Readability) in one process, one thread
# (`bench smartreader-files`: read, decode with the same charset rules, extract, write JSON Lines).
#   scripts/bench-cli-extract.sh [PAGES_FOLDER] [COPIES=1] [ROUNDS=3]
# PAGES_FOLDER: default shared/data/extraction-dev/readability-test-pages (its */source.html, 130 pages); any other
# folder: every .html/.htm below it. COPIES > 1 repeats each page (distinct file names) to lengthen the run.
# Rounds alternate the three commands; each prints its wall time, and the medians give pages/s and the ratios.
# The load average is printed before and after: on a shared machine, label figures taken under load as such.
# Set NO_BUILD=1 to skip the Release builds, CORPUSFORGE_CLI=PATH to time another build of `corpusforge` (an older
# commit's, for a before/after pair). The peer runs with the runtime settings the CLI ships in its runtimeconfig
# (tiered PGO off, loops optimised at once), which speed SmartReader up as much; PEER_DEFAULTS=1 runs it with the
# .NET defaults instead.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
# shellcheck source=scripts/lib/pages.sh
source scripts/lib/pages.sh
copies="${2:-1}"
rounds="${3:-3}"
work="$(mktemp -d "${TMPDIR:-/tmp}/cf-cli-extract.XXXXXX")"
trap 'rm -rf "$work"' EXIT

source_folder="${1:-}"
if [[ -z "$source_folder" ]]; then
  for dir in "$repo" "$repo/.." "$repo/../.." "$repo/../../.."; do
    if [[ -d "$dir/shared/data/extraction-dev/readability-test-pages" ]]; then
      source_folder="$(cd "$dir/shared/data/extraction-dev/readability-test-pages" && pwd)"
      break
    fi
  done
  [[ -n "$source_folder" ]] || { echo "readability-test-pages not found: pass a folder of HTML pages" >&2; exit 2; }
fi
[[ -d "$source_folder" ]] || { echo "not a folder: $source_folder" >&2; exit 2; }

# One flat folder of pages both sides read (scripts/lib/pages.sh).
prepare_extraction_run "$source_folder" "$work" "$copies" cli-extract
peer_env=(DOTNET_TieredPGO=0 DOTNET_TC_QuickJitForLoops=0)
[[ "${PEER_DEFAULTS:-0}" == 1 ]] && peer_env=(DOTNET_TieredPGO=1 DOTNET_TC_QuickJitForLoops=1)
bench="$repo/bench/CorpusForge.Bench/bin/Release/net10.0/CorpusForge.Bench"

# Wall seconds of one command, and its CPU seconds (user + system) appended to $work/cpu.LABEL; output goes to a
# log, and a failure stops the script with the log.
timed() {
  local label="$1"; shift
  if ! /usr/bin/time -f "%e %U %S" -o "$work/time" "$@" >"$work/log" 2>&1; then cat "$work/log" >&2; echo "failed: $*" >&2; exit 1; fi
  read -r wall user sys <"$work/time"
  python3 -c "print(f'{$user + $sys:.2f}')" >>"$work/cpu.$label"
  echo "$wall"
}
median() { python3 -c "import statistics,sys; print(f'{statistics.median(float(x) for x in sys.argv[1:]):.3f}')" "$@"; }

echo "corpusforge: $cli; SmartReader with ${peer_env[*]}"
echo "pages: $pages ($(du -sh "$work/pages" | cut -f1)) from $source_folder, copies $copies; $rounds round(s)"
echo "load before: $(cat /proc/loadavg)"
# Start-up floors: `corpusforge --help`, and the bench printing its usage (exit code 1 by design).
help_times=() usage_times=()
for _ in 1 2 3; do
  help_times+=("$(timed help "$cli" --help)")
  usage_times+=("$(timed usage sh -c '"$0" >/dev/null; [ $? -eq 1 ]' "$bench")")
done
w1=() w2=() smart=()
for ((r = 1; r <= rounds; r++)); do
  rm -rf "$work/corpus"; w1+=("$(cd "$work" && timed w1 "$cli" run pipeline.yaml --workers 1)")
  written=$(python3 -c "import json; p = json.load(open('$work/corpus/stats/latest.json'))['phases'][0]; print(p['documents_written'], p['counts'])")
  rm -rf "$work/corpus"; w2+=("$(cd "$work" && timed w2 "$cli" run pipeline.yaml --workers 2)")
  smart+=("$(timed smart env "${peer_env[@]}" CORPUSFORGE_PAGES="$work/pages" CORPUSFORGE_PAGES_OUT="$work/smartreader.jsonl" "$bench" smartreader-files)")
  echo "round $r: corpusforge 1 worker ${w1[-1]} s, 2 workers ${w2[-1]} s; SmartReader ${smart[-1]} s"
done
echo "load after: $(cat /proc/loadavg)"
echo "corpusforge wrote $written; SmartReader wrote $(wc -l <"$work/smartreader.jsonl") article(s)"
echo "start-up alone (median of 3): corpusforge --help $(median "${help_times[@]}") s, bench (usage) $(median "${usage_times[@]}") s"
cpu() { median $(cat "$work/cpu.$1"); }
python3 - "$pages" "$(median "${w1[@]}")" "$(median "${w2[@]}")" "$(median "${smart[@]}")" "$(cpu w1)" "$(cpu w2)" "$(cpu smart)" <<'PY'
import sys
pages = int(sys.argv[1]); w1, w2, smart, c1, c2, cs = map(float, sys.argv[2:])
print(f"CPU seconds (user + system, median): corpusforge 1 worker {c1:.2f}, 2 workers {c2:.2f}; SmartReader {cs:.2f}"
      f" (ratio {cs / c1:.2f}x, {cs / c2:.2f}x)")
print(f"corpusforge run, 1 worker  : {pages / w1:8.1f} pages/s  (median {w1:.2f} s)")
print(f"corpusforge run, 2 workers : {pages / w2:8.1f} pages/s  (median {w2:.2f} s)")
print(f"SmartReader, 1 thread      : {pages / smart:8.1f} pages/s  (median {smart:.2f} s)")
print(f"ratio 1 worker / SmartReader : {smart / w1:.2f}x")
print(f"ratio 2 workers / SmartReader: {smart / w2:.2f}x")
PY
