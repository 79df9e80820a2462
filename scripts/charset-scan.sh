#!/usr/bin/env bash
# Charset detection on real pages without a declaration: takes real UTF-8 pages of one language, removes their
# charset declarations, writes each in the legacy encodings given (what pages of that language were served in before
# UTF-8), and runs `corpusforge run` (reader.html_v1 -> extract.html_v1) over the legacy copies and over the same
# pages re-encoded as UTF-8. A page counts as read right when both give the same text; the encoding chosen is read
# from the documents' `charset` metadata. Characters an encoding lacks are written as character references, so both
# copies hold the same text.
#   scripts/charset-scan.sh PAGES_FOLDER ENCODING...      e.g.  scripts/charset-scan.sh pages-ru cp1251 koi8_r
# ENCODING: Python codec names (cp1251, koi8_r, iso-8859-2, cp932, euc_jp, cp949, gb18030, cp1258, ...).
# Real UTF-8 pages of many languages come with Debian's documentation packages (docs/web.md lists the sets used).
# CORPUSFORGE_CLI=PATH runs another build; KEEP=1 keeps the work folder.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib/pages.sh
source scripts/lib/pages.sh
folder="${1:?usage: scripts/charset-scan.sh PAGES_FOLDER ENCODING...}"
shift
[[ $# -gt 0 ]] || { echo "name at least one encoding" >&2; exit 2; }
[[ -d "$folder" ]] || { echo "not a folder: $folder" >&2; exit 2; }
work="$(mktemp -d "${TMPDIR:-/tmp}/cf-charset.XXXXXX")"
if [[ "${KEEP:-0}" == 1 ]]; then trap 'echo "work folder kept: $work" >&2' EXIT; else trap 'rm -rf "$work"' EXIT; fi

python3 - "$folder" "$work" "$@" <<'PY'
import os, re, sys
folder, work, encodings = sys.argv[1], sys.argv[2], sys.argv[3:]
for side in ("legacy", "utf8"):
    os.makedirs(f"{work}/{side}/pages", exist_ok=True)
written = skipped = 0
for root, _, files in os.walk(folder):
    for name in sorted(files):
        if not name.lower().endswith((".html", ".htm")):
            continue
        try:
            text = open(os.path.join(root, name), "rb").read().decode("utf-8")
        except UnicodeDecodeError:
            skipped += 1
            continue
        text = re.sub(r"<meta[^>]*charset[^>]*>", "", text, flags=re.I)
        text = re.sub(r"<\?xml[^>]*\?>", "", text)
        flat = os.path.relpath(os.path.join(root, name), folder).replace("/", "_").rsplit(".", 1)[0]
        for encoding in encodings:
            data = text.encode(encoding, "xmlcharrefreplace")
            if all(b < 0x80 for b in data):
                continue  # nothing to detect
            out = f"{encoding}~{flat}.html"
            open(f"{work}/legacy/pages/{out}", "wb").write(data)
            open(f"{work}/utf8/pages/{out}", "wb").write(data.decode(encoding).encode("utf-8"))
            written += 1
print(f"{written} page copies written ({skipped} pages were not UTF-8 and were skipped)")
PY

cli="${CORPUSFORGE_CLI:-$PWD/src/CorpusForge.Cli/bin/Release/net10.0/corpusforge}"
[[ -x "$cli" ]] || dotnet build src/CorpusForge.Cli -c Release -v q --nologo >/dev/null
for side in legacy utf8; do
  extraction_pipeline "$work/$side/pipeline.yaml" "charset-scan-$side"
  (cd "$work/$side" && "$cli" run pipeline.yaml >run.log 2>&1) || { cat "$work/$side/run.log" >&2; exit 1; }
done

python3 - "$work" <<'PY'
import collections, glob, gzip, json, sys
work = sys.argv[1]
def load(side):
    docs = {}
    for part in glob.glob(f"{work}/{side}/corpus/data/jsonl/*.jsonl.gz"):
        with gzip.open(part, "rt", encoding="utf-8") as f:
            for line in f:
                d = json.loads(line)
                docs[d["provenance"]["file"]] = d
    return docs
legacy, utf8 = load("legacy"), load("utf8")
right = collections.Counter(); pages = collections.Counter(); chosen = collections.defaultdict(collections.Counter)
for name, reference in utf8.items():
    encoding = name.split("~", 1)[0]
    pages[encoding] += 1
    got = legacy.get(name)
    right[encoding] += got is not None and got["text"] == reference["text"]
    chosen[encoding][got["metadata"].get("charset") if got else "(no document)"] += 1
for encoding in sorted(pages):
    top = ", ".join(f"{c} {n}" for c, n in chosen[encoding].most_common(4))
    print(f"{encoding:12s} pages {pages[encoding]:5d}  same text {right[encoding]:5d} ({right[encoding] / pages[encoding]:.3f})  chosen: {top}")
PY
