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
