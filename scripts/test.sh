#!/usr/bin/env bash
# Runs the whole test suite. Installs, once and only when missing, the system packages some tests need
# (each test that needs one says so); then runs dotnet test on the solution.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the tests use, as "command-or-path:package" pairs.
needs=(
  /usr/lib/python3/dist-packages/numpy:python3-numpy
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

dotnet test CorpusForge.sln -c Release --nologo "$@"
