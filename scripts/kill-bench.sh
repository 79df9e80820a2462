#!/usr/bin/env bash
# Crash-safety bench: runs the kill harness (tests/CorpusForge.Cli.Tests/KillResumeTests.cs) with many SIGKILLs.
#   scripts/kill-bench.sh [KILLS=200] [SEED]
# Prints "kill harness: N kills over M resumed corpora (seed S), D differing output file(s)".
set -euo pipefail
cd "$(dirname "$0")/.."
export CORPUSFORGE_KILLS="${1:-200}"
[[ $# -ge 2 ]] && export CORPUSFORGE_KILL_SEED="$2"
dotnet build tests/CorpusForge.Cli.Tests -c Release -v q --nologo >/dev/null
dotnet test tests/CorpusForge.Cli.Tests -c Release --no-build --nologo \
  --filter "FullyQualifiedName~KillResumeTests" --logger "console;verbosity=detailed" | grep -E "kill harness|Passed|Failed|Error"
