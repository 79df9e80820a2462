#!/usr/bin/env bash
# Scale-out benchmark: one generated corpus (default ~1 GB of JSONL with exact and near duplicates across files) run
# as one process (`corpusforge run`) and as 1, 2 and 4 tasks phase by phase, the tasks of a phase as concurrent
# processes (as Slurm array tasks on one node would be). Reports wall and CPU time per phase and in total, the bytes
# exchanged between phases, the per-task overhead, and checks that every distributed corpus equals the single-process
# one byte for byte.
#   scripts/scaleout-bench.sh                 # ~1000 MB in 32 files
#   CF_BENCH_MB=200 CF_BENCH_FILES=16 scripts/scaleout-bench.sh
#   CF_BENCH_CLI=/path/to/corpusforge.dll scripts/scaleout-bench.sh   # use a build made elsewhere
# Timings depend on the machine's load: the script prints `uptime` before and after; figures taken while other work
# runs are figures under load.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
mb=${CF_BENCH_MB:-1000}
files=${CF_BENCH_FILES:-32}
work=${CF_BENCH_DIR:-/tmp/cf-scaleout-bench}
tasks_list=${CF_BENCH_TASKS:-"1 2 4"}
cores=$(nproc)

# CF_BENCH_CLI: a corpusforge.dll built elsewhere (e.g. a copy, so the tree can be rebuilt while the bench runs).
if [ -n "${CF_BENCH_CLI:-}" ]; then
  cf="dotnet $CF_BENCH_CLI"
else
  dotnet build "$root/src/CorpusForge.Cli" -c Release -v q -nologo >/dev/null
  cf="dotnet $root/src/CorpusForge.Cli/bin/Release/net10.0/corpusforge.dll"
fi

mkdir -p "$work/in"
if [ ! -f "$work/in/.done-$mb-$files" ]; then
  rm -f "$work/in/"*
  echo "generating ~$mb MB in $files files under $work/in"
  python3 - "$work/in" "$mb" "$files" <<'PY'
import json, os, random, sys
folder, mb, files = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(15)
# A Zipf-like vocabulary so texts look like text to the quality filters (stop words, word lengths).
common = "the of and to in a is that for it as was with be by on not he this are or his from at which but have an they".split()
rare = ["".join(rng.choice("etaoinshrdlucmfwypvbgkjqxz") for _ in range(rng.randint(3, 10))) for _ in range(20000)]
def sentence():
    return " ".join(rng.choice(common) if rng.random() < 0.45 else rng.choice(rare) for _ in range(rng.randint(8, 20))).capitalize() + "."
recent = []
target = mb * 1_000_000 // files
for f in range(files):
    size = 0
    with open(os.path.join(folder, f"part-{f:03d}.jsonl"), "w") as out:
        i = 0
        while size < target:
            roll = rng.random()
            if recent and roll < 0.05:
                text = rng.choice(recent)                                  # exact copy
            elif recent and roll < 0.12:
                words = rng.choice(recent).split(" ")                      # near copy: a few words changed
                for _ in range(max(1, len(words) // 60)):
                    words[rng.randrange(len(words))] = rng.choice(rare)
                text = " ".join(words)
            else:
                text = " ".join(sentence() for _ in range(rng.randint(5, 60)))
            if len(recent) < 20000: recent.append(text)
            elif rng.random() < 0.1: recent[rng.randrange(len(recent))] = text
            line = json.dumps({"id": f"p{f}-{i}", "text": text, "url": f"https://bench.example/{f}/{i}"}) + "\n"
            out.write(line)
            size += len(line)
            i += 1
PY
  touch "$work/in/.done-$mb-$files"
fi

cat > "$work/pipeline.yaml" <<'YAML'
version: 1
name: scaleout-bench
corpus: corpus
inputs:
  - name: docs
    reader: reader.jsonl_v1
    paths: [ "in/*.jsonl" ]
stages:
  - stage: normalize.text_v1
  - stage: filter.length_v1
    options: { min_words: 50 }
  - stage: filter.gopher_quality_v1
  - stage: dedup.exact_v1
  - stage: dedup.minhash_v1
  - stage: redact.pii_v1
outputs:
  - writer: writer.jsonl_v1
    path: data/jsonl
  - writer: writer.token_shards_v1
    path: tokens
    options: { tokenizer: gpt2, validation_fraction: 0.01 }
YAML

digests() { (cd "$1" && for d in data tokens rejected quarantine state/main/dedup.exact_v1/inputs state/main/dedup.minhash_v1/inputs; do [ -d "$d" ] && find "$d" -type f; done | sort | xargs sha256sum); }
now() { date +%s.%N; }
# user+sys seconds of this shell's finished children; `times` must run in this shell (not in a $(…) subshell).
cpu_mark() { times > "$work/.times"; tail -1 "$work/.times" | awk '{ split($1,a,"m"); split($2,b,"m"); sub("s","",a[2]); sub("s","",b[2]); print a[1]*60+a[2]+b[1]*60+b[2] }' > "$work/.cpu"; }

echo "load before: $(uptime)"
echo "input: $(du -sb "$work/in" | cut -f1) bytes in $files files; $cores cores"
cd "$work"

rm -rf plain
cpu_mark; c0=$(cat "$work/.cpu"); t0=$(now)
$cf run pipeline.yaml --set corpus="$work/plain" > plain.log 2>&1
t1=$(now); cpu_mark; c1=$(cat "$work/.cpu")
plain_wall=$(echo "$t1 - $t0" | bc)
plain_cpu=$(echo "$c1 - $c0" | bc)
digests plain > plain.sha
printf "%-10s %8s %8s\n" "run" "wall_s" "cpu_s"
printf "%-10s %8.1f %8.1f\n" "1 process" "$plain_wall" "$plain_cpu"

for n in $tasks_list; do
  corpus="$work/tasks$n"
  rm -rf "$corpus"
  workers=$(( cores / n )); [ "$workers" -lt 1 ] && workers=1
  cpu_mark; c0=$(cat "$work/.cpu"); t0=$(now)
  for phase in $($cf phases pipeline.yaml --set corpus="$corpus" --tasks "$n" --json | python3 -c 'import json,sys; print(" ".join("%s:%d" % (p["name"], p["tasks"]) for p in json.load(sys.stdin)["phases"]))'); do
    name=${phase%%:*}; count=${phase##*:}
    p0=$(now)
    pids=()
    for ((t = 0; t < count; t++)); do
      w=$workers; [ "$count" -eq 1 ] && w=$cores
      $cf run pipeline.yaml --set corpus="$corpus" --workers "$w" --phase "$name" --task "$t" --tasks "$n" > "tasks$n-$name-$t.log" 2>&1 &
      pids+=($!)
    done
    for p in "${pids[@]}"; do wait "$p"; done
    echo "  tasks=$n phase $name ($count task(s)): $(echo "$(now) - $p0" | bc | xargs printf '%.1f') s wall"
  done
  t1=$(now); cpu_mark; c1=$(cat "$work/.cpu")
  # A resubmitted task that is already complete: the fixed cost of a task process (start, plan, record check).
  o0=$(now); $cf run pipeline.yaml --set corpus="$corpus" --phase merge --task 0 --tasks "$n" > /dev/null 2>&1; o1=$(now)
  digests "$corpus" > "tasks$n.sha"
  same=$(cmp -s plain.sha "tasks$n.sha" && echo identical || echo DIFFERENT)
  python3 - "$corpus" "$n" "$(echo "$t1 - $t0" | bc)" "$(echo "$c1 - $c0" | bc)" "$(echo "$o1 - $o0" | bc)" "$same" <<'PY'
import glob, json, os, sys
corpus, n, wall, cpu, noop, same = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5]), sys.argv[6]
rows = {}
for path in sorted(glob.glob(os.path.join(corpus, "state", "tasks", "*", "task-*.json"))):
    r = json.load(open(path))
    p = rows.setdefault(r["phase"], {"tasks": 0, "wall_max": 0.0, "cpu": 0.0, "out": 0, "in": 0})
    p["tasks"] += 1
    p["wall_max"] = max(p["wall_max"], r["wall_seconds"])
    p["cpu"] += r["cpu_seconds"]
    p["out"] += r.get("exchange_bytes_out", 0)
    p["in"] += r.get("exchange_bytes_in", 0)
print(f"{n} task(s)  {wall:8.1f} {cpu:8.1f}   corpus {same}; a no-op task process takes {noop:.2f} s")
for name, p in rows.items():
    print(f"    {name:7s} x{p['tasks']}: slowest task {p['wall_max']:7.1f} s, CPU {p['cpu']:7.1f} s, exchange written {p['out']/1e6:8.1f} MB, read {p['in']/1e6:8.1f} MB")
PY
done
echo "load after: $(uptime)"
