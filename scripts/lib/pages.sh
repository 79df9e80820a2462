# Shared by scripts that time or compare extraction on a folder of pages (bench-cli-extract.sh, agreement-scan.sh).
# flatten_pages SOURCE DEST [COPIES]: copies every page below SOURCE into the flat folder DEST, COPIES times each
# (NAME.1.html, NAME.2.html, …). Readability's test layout (NAME/source.html beside NAME/expected.html) is named by folder; any other
# folder gives every .html/.htm below it, named by its path with / turned into _.
flatten_pages() {
  local source="$1" dest="$2" copies="${3:-1}" file name rel c
  mkdir -p "$dest"
  if compgen -G "$source/*/source.html" >/dev/null; then
    while IFS= read -r file; do
      name="$(basename "$(dirname "$file")")"
      for ((c = 1; c <= copies; c++)); do cp "$file" "$dest/$name.$c.html"; done
    done < <(find "$source" -mindepth 2 -maxdepth 2 -name source.html | sort)
  else
    while IFS= read -r file; do
      rel="${file#"$source"/}"
      name="${rel//\//_}"
      for ((c = 1; c <= copies; c++)); do cp "$file" "$dest/${name%.*}.$c.html"; done
    done < <(find "$source" -type f \( -iname '*.html' -o -iname '*.htm' \) | sort)
  fi
}

# extraction_pipeline FILE NAME: writes a pipeline that reads DIR/pages/*.html with reader.html_v1, extracts plain text
# with extract.html_v1 and writes JSON Lines to data/jsonl in corpus/ (paths relative to the pipeline's folder).
extraction_pipeline() {
  cat > "$1" <<YAML
version: 1
name: $2
corpus: corpus
inputs:
  - name: pages
    reader: reader.html_v1
    paths: [ "pages/*.html" ]
stages:
  - stage: extract.html_v1
    options:
      format: plain
outputs:
  - writer: writer.jsonl_v1
    path: data/jsonl
YAML
}

# prepare_extraction_run SOURCE WORK COPIES NAME: flattens SOURCE's pages into WORK/pages, writes WORK/pipeline.yaml,
# builds the CLI and the bench in Release (unless NO_BUILD=1) and sets `pages` (how many) and `cli` (the corpusforge
# to time: CORPUSFORGE_CLI or the Release build). Run from the repository root.
prepare_extraction_run() {
  flatten_pages "$1" "$2/pages" "$3"
  pages=$(find "$2/pages" -type f | wc -l)
  [[ "$pages" -gt 0 ]] || { echo "no .html or .htm page in $1" >&2; exit 2; }
  extraction_pipeline "$2/pipeline.yaml" "$4"
  if [[ "${NO_BUILD:-0}" != 1 ]]; then
    dotnet build src/CorpusForge.Cli -c Release -v q --nologo >/dev/null
    dotnet build bench/CorpusForge.Bench -c Release -v q --nologo >/dev/null
  fi
  cli="${CORPUSFORGE_CLI:-$PWD/src/CorpusForge.Cli/bin/Release/net10.0/corpusforge}"
}
