#!/usr/bin/env bash
# Runs the whole test suite. Installs, once and only when missing, the system packages some tests need
# (each test that needs one says so); then runs dotnet test on the solution.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the tests use, as "command-or-path:package" pairs.
needs=(
  "node:nodejs"
  "npm:npm"
  "/usr/lib/python3/dist-packages/numpy:python3-numpy"
  "chromium:chromium"   # headless, renders the HTML report in ReportBrowserTests
  "/usr/lib/x86_64-linux-gnu/libdeflate.so.0:libdeflate0"   # whole-member gzip inflation in the WARC reader (WarcParallelInflateTests)
)

missing=()
for pair in "${needs[@]}"; do
  probe="${pair%%:*}"; package="${pair##*:}"
  if [[ "$probe" == /* ]]; then [[ -e "$probe" ]] || missing+=("$package")
  else command -v "$probe" >/dev/null 2>&1 || missing+=("$package"); fi
done
if ((${#missing[@]})); then
  echo "test.sh: installing ${missing[*]}" >&2
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# DuckDB's node package (DuckDB's native engine shipped inside npm packages) reads Parquet outputs in
# ParquetWriterTests, as an independent Parquet implementation. Installed once, outside the repository.
duckdb_node="${CORPUSFORGE_DUCKDB_NODE:-$HOME/.cache/corpusforge/duckdb-node}"
if [[ ! -d "$duckdb_node/node_modules/@duckdb/node-api" ]]; then
  echo "test.sh: installing @duckdb/node-api into $duckdb_node" >&2
  mkdir -p "$duckdb_node"
  npm install --prefix "$duckdb_node" --no-audit --no-fund --loglevel=error @duckdb/node-api@1.5.6-r.1 >/dev/null
fi
export CORPUSFORGE_DUCKDB_NODE="$duckdb_node"

# A one-node Slurm cluster on localhost for the Slurm tests (tests/CorpusForge.Cli.Tests/Cluster). Where it cannot
# start, those tests say why and skip; in CI (CI or CORPUSFORGE_REQUIRE_SLURM=1 set) they fail instead.
./scripts/slurm-local.sh || echo "test.sh: Slurm is not available here; the Slurm tests will skip (or fail in CI)" >&2

dotnet test CorpusForge.sln -c Release --nologo "$@"
