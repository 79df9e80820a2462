#!/usr/bin/env bash
# Agreement scan: extract a folder of real pages that have no ground truth with `corpusforge run` and with SmartReader
# (`bench smartreader-files`), and report, per page and on average, how much of SmartReader's text our text covers and
# how much of ours SmartReader's covers (token 4-gram shingles, lower-cased words). It is a way to find catastrophes
# on pages nobody labelled (a page where we keep a tenth of what a Readability port keeps, or the reverse), not a
# score: where the two disagree, either may be right, and each page found has to be read.
#   scripts/agreement-scan.sh PAGES_FOLDER [PREFIX]
# PAGES_FOLDER: every .html/.htm below it; PREFIX: report only pages whose flattened name starts with it.
# CORPUSFORGE_CLI=PATH times another build (an older commit's, for a before/after pair); NO_BUILD=1 skips the builds;
# KEEP=1 keeps the work folder (both extractors' outputs, to read the pages found) and prints where it is.
# Real pages without truth are easy to get from Debian's documentation packages, e.g.
#   apt-get download libreoffice-help-de gimp-help-fr debian-handbook apache2-doc && dpkg -x PACKAGE.deb DIR
# (docs/web.md, issue 12's eleventh pass, lists the sets and figures).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
# shellcheck source=scripts/lib/pages.sh
source scripts/lib/pages.sh
folder="${1:?usage: scripts/agreement-scan.sh PAGES_FOLDER [PREFIX]}"
prefix="${2:-}"
[[ -d "$folder" ]] || { echo "not a folder: $folder" >&2; exit 2; }
folder="$(cd "$folder" && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/cf-agreement.XXXXXX")"
if [[ "${KEEP:-0}" == 1 ]]; then trap 'echo "outputs kept in $work" >&2' EXIT; else trap 'rm -rf "$work"' EXIT; fi

prepare_extraction_run "$folder" "$work" 1 agreement-scan
(cd "$work" && "$cli" run pipeline.yaml >"$work/run.log" 2>&1) || { cat "$work/run.log" >&2; exit 1; }
CORPUSFORGE_PAGES="$work/pages" CORPUSFORGE_PAGES_OUT="$work/smartreader.jsonl" \
  "$repo/bench/CorpusForge.Bench/bin/Release/net10.0/CorpusForge.Bench" smartreader-files >/dev/null

python3 - "$work" "$prefix" "$pages" <<'PY'
import glob, gzip, json, re, sys
work, prefix, pages = sys.argv[1], sys.argv[2], int(sys.argv[3])
ours = {}
for part in glob.glob(f"{work}/corpus/data/jsonl/*.jsonl.gz"):
    with gzip.open(part, "rt", encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            ours[d["provenance"]["file"]] = d["text"]
peer = {}
with open(f"{work}/smartreader.jsonl", encoding="utf-8") as f:
    for line in f:
        d = json.loads(line)
        peer[d["id"]] = d["text"]

def shingles(text):
    words = re.findall(r"\w+", text.lower())
    return {" ".join(words[i:i + 4]) for i in range(len(words) - 3)}

rows = []
for name, text in peer.items():
    if not name.startswith(prefix):
        continue
    p, o = shingles(text), shingles(ours.get(name, ""))
    if not p:
        continue
    both = len(p & o)
    rows.append((both / len(p), both / len(o) if o else 0.0, len(ours.get(name, "")), len(text), name))
if not rows:
    sys.exit("no page with SmartReader text matched")
rows.sort()
n = len(rows)
kept = sum(1 for name in ours if name.startswith(prefix))
print(f"pages: {pages} read; CorpusForge kept {kept}; SmartReader found an article in {len(peer)}; compared {n}")
print(f"mean share of SmartReader's 4-grams in ours : {sum(r[0] for r in rows) / n:.3f}")
print(f"mean share of our 4-grams in SmartReader's : {sum(r[1] for r in rows) / n:.3f}")
print("pages where we cover least of SmartReader's text (covered, share of ours in theirs, our chars, their chars):")
for r in rows[:15]:
    print(f"  {r[0]:.2f} {r[1]:.2f} {r[2]:7d} {r[3]:7d}  {r[4]}")
print("pages where SmartReader covers least of ours:")
for r in sorted(rows, key=lambda r: r[1])[:10]:
    print(f"  {r[0]:.2f} {r[1]:.2f} {r[2]:7d} {r[3]:7d}  {r[4]}")
PY
