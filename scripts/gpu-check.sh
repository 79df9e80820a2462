#!/usr/bin/env bash
# GPU check of the trainer: GPT-2 small (124M) in bf16 on one NVIDIA GPU, target >= 40% model FLOPs utilisation,
# beside the same model in PyTorch (autocast bf16, as nanoGPT) for comparison. See docs/training.md.
#
#   scripts/gpu-check.sh pack        on a build machine: self-contained corpusforge for linux-x64 without libtorch
#                                    -> out/gpu-check/corpusforge-gpu.tar.xz (the GPU machine has no .NET)
#   scripts/gpu-check.sh run [DIR]   on the GPU machine (CUDA PyTorch installed, no network): unpacks that archive,
#                                    binds TorchSharp to PyTorch's own CUDA libtorch (CORPUSFORGE_LIBTORCH_DIR),
#                                    runs both benchmarks and writes DIR/gpu-check.txt (DIR defaults to $OUT or .)
# libtorch's C++ API must match TorchSharp's (2.10 for TorchSharp 0.107); the script prints both versions and says
# so plainly when they differ or the library does not bind.
set -uo pipefail
cd "$(dirname "$0")/.."
archive=out/gpu-check/corpusforge-gpu.tar.xz
steps=${GPU_CHECK_STEPS:-20}
batch=${GPU_CHECK_BATCH:-16}

pack() {
  set -e
  rm -rf out/gpu-check && mkdir -p out/gpu-check
  dotnet publish src/CorpusForge.Cli -c Release -r linux-x64 --self-contained -o out/gpu-check/app -p:DebugType=none --nologo -v q
  # The GPU machine's PyTorch supplies libtorch (with CUDA); keep only TorchSharp's own glue library.
  find out/gpu-check/app -name 'lib*.so*' \( -name 'libtorch*' -o -name 'libc10*' -o -name 'libgomp*' -o -name 'lib*backend*' -o -name 'libshm*' -o -name 'libnnapi*' -o -name 'libaoti*' \) -delete
  cp scripts/bench-torch-reference.py out/gpu-check/app/
  tar -C out/gpu-check -cJf "$archive" app
  rm -rf out/gpu-check/app
  ls -l "$archive"
}

run() {
  local dest=${1:-${OUT:-.}} work
  mkdir -p "$dest"
  work=$(mktemp -d)
  exec > >(tee "$dest/gpu-check.txt") 2>&1
  tar -C "$work" -xJf "$archive" || { echo "FAIL: $archive missing (run 'scripts/gpu-check.sh pack' first and carry it)"; exit 2; }
  nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader || true
  local torch_lib
  torch_lib=$(python3 -c 'import os, torch; print(os.path.join(os.path.dirname(torch.__file__), "lib"))') || { echo "FAIL: no PyTorch"; exit 2; }
  python3 -c 'import torch; print("pytorch", torch.__version__, "cuda", torch.version.cuda, "available", torch.cuda.is_available())'
  echo "TorchSharp 0.107 expects libtorch 2.10"

  echo "== PyTorch reference (autocast bf16, fp32 master weights) =="
  timeout 240 python3 "$work/app/bench-torch-reference.py" --preset gpt2-124m --batch "$batch" --steps "$steps" --device cuda --bf16

  echo "== corpusforge train --bench gpt2-124m (bf16 forward/backward, fp32 master weights and AdamW) =="
  local line
  line=$(CORPUSFORGE_LIBTORCH_DIR="$torch_lib" CI=1 timeout 300 "$work/app/corpusforge" train --bench gpt2-124m --batch "$batch" --steps "$steps" --precision bf16 2>&1 | tee /dev/stderr | tail -1)
  local mfu
  mfu=$(sed -n 's/.*MFU \([0-9.]*\)%.*/\1/p' <<<"$line")
  if [[ -z "$mfu" || "$line" != *cuda* ]]; then echo "FAIL: the trainer did not run on CUDA (see above)"; exit 1; fi
  if awk -v m="$mfu" 'BEGIN { exit !(m >= 40) }'; then echo "PASS: MFU $mfu% >= 40%"; else echo "BELOW TARGET: MFU $mfu% < 40%"; exit 1; fi
}

case "${1:-}" in
  pack) pack ;;
  run) shift; run "$@" ;;
  *) echo "usage: $0 pack | run [DIR]" >&2; exit 2 ;;
esac
