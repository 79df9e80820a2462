#!/usr/bin/env bash
# Measures the commit protocol's share of a run on a generated multi-file input (24 JSONL files, ~200 MB, 69,600
# documents with 8 % exact and 4 % near copies; normalise -> exact dedup -> MinHash dedup -> JSONL + token shards).
#   scripts/commit-overhead.sh [WORK_FOLDER=/tmp/cf-commit-overhead]
# Prints the run's wall time and commit_protocol_seconds (planning with input hashes, loading committed stage state,
# per-input segments and commit records with their fsyncs) from stats/latest.json, and the machine load.
set -euo pipefail
cd "$(dirname "$0")/.."
work="${1:-/tmp/cf-commit-overhead}"
mkdir -p "$work/in"
if [[ ! -f "$work/in/part-23.jsonl" ]]; then
  python3 - "$work/in" <<'PY'
import itertools, json, random, sys
random.seed(42)
vocab = [f"w{i:x}" for i in range(20000)]
cum = list(itertools.accumulate(1.0 / (i + 1) for i in range(len(vocab))))
texts = []
for f in range(24):
    with open(f"{sys.argv[1]}/part-{f:02d}.jsonl", "w") as out:
        for i in range(2900):
            r = random.random()
            if texts and r < 0.08: t = random.choice(texts)
            elif texts and r < 0.12:
                w = random.choice(texts).split(' '); w[random.randrange(len(w))] = "edited"; t = ' '.join(w)
            else:
                t = ' '.join(random.choices(vocab, cum_weights=cum, k=random.randint(300, 1100))); texts.append(t)
            out.write(json.dumps({"id": f"f{f}-{i}", "url": f"https://example.org/{f}/{i}", "text": t}) + "\n")
PY
fi
cat > "$work/pipeline.yaml" <<'YAML'
version: 1
name: commit-overhead
corpus: corpus
inputs:
  - name: docs
    reader: reader.jsonl_v1
    paths: [ "in/*.jsonl" ]
stages:
  - stage: normalize.text_v1
  - stage: dedup.exact_v1
  - stage: dedup.minhash_v1
outputs:
  - writer: writer.jsonl_v1
    path: data/jsonl
  - writer: writer.token_shards_v1
    path: tokens
    options:
      tokenizer: gpt2
YAML
dotnet build src/CorpusForge.Cli -c Release -v q --nologo >/dev/null
rm -rf "$work/corpus"
start=$(date +%s.%N)
CI=true dotnet src/CorpusForge.Cli/bin/Release/net10.0/corpusforge.dll run "$work/pipeline.yaml" --workers "$(nproc)" >"$work/run.log"
end=$(date +%s.%N)
protocol=$(grep -o '"commit_protocol_seconds": [0-9.]*' "$work/corpus/stats/latest.json" | head -1 | awk '{print $2}')
awk -v s="$start" -v e="$end" -v p="$protocol" 'BEGIN { printf "run %.1f s, commit protocol %.2f s (%.1f %%)\n", e - s, p, 100 * p / (e - s) }'
uptime
