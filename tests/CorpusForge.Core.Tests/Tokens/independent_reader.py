"""Independent reader of token shards, written only from the published layouts (not from CorpusForge's code).

llm.c (karpathy/llm.c dev/data/data_common.py): 256 little-endian int32 header = magic, version, token count;
  magic 20240520 / version 1 -> uint16 tokens, magic 20240801 / version 7 -> uint32 tokens.
Megatron-LM (megatron/core/datasets/indexed_dataset.py, _IndexWriter): b"MMIDIDX\\x00\\x00", uint64 version,
  uint8 dtype code, uint64 sequence count, uint64 document count, int32 lengths, int64 pointers, int64 doc indices.

Usage: independent_reader.py FILE.bin (llm.c) | FILE.idx (Megatron, with FILE.bin beside it).
Prints JSON: {"tokens": [...], "sequences": [[...], ...] (Megatron only), "doc_idx": [...] (Megatron only)}.
"""
import json
import struct
import sys

import numpy as np

MEGATRON_DTYPES = {1: np.uint8, 2: np.int8, 3: np.int16, 4: np.int32, 5: np.int64, 6: np.float64, 7: np.float32, 8: np.uint16}


def read_llmc(path):
    header = np.fromfile(path, dtype="<i4", count=256)
    magic, version, count = int(header[0]), int(header[1]), int(header[2])
    dtype = {(20240520, 1): "<u2", (20240801, 7): "<u4"}[(magic, version)]
    tokens = np.fromfile(path, dtype=dtype, offset=256 * 4)
    assert len(tokens) == count, f"header says {count} tokens, file has {len(tokens)}"
    return {"tokens": tokens.tolist()}


def read_megatron(idx_path):
    with open(idx_path, "rb") as f:
        assert f.read(9) == b"MMIDIDX\x00\x00", "bad magic"
        (version,) = struct.unpack("<Q", f.read(8))
        assert version == 1, version
        (code,) = struct.unpack("<B", f.read(1))
        (sequence_count,) = struct.unpack("<Q", f.read(8))
        (document_count,) = struct.unpack("<Q", f.read(8))
        offset = f.tell()
    buffer = np.memmap(idx_path, mode="r", order="C")
    lengths = np.frombuffer(buffer, dtype=np.int32, count=sequence_count, offset=offset)
    pointers = np.frombuffer(buffer, dtype=np.int64, count=sequence_count, offset=offset + lengths.nbytes)
    doc_idx = np.frombuffer(buffer, dtype=np.int64, count=document_count, offset=offset + lengths.nbytes + pointers.nbytes)
    data = np.memmap(idx_path[: -len(".idx")] + ".bin", mode="r", dtype=MEGATRON_DTYPES[code])
    itemsize = np.dtype(MEGATRON_DTYPES[code]).itemsize
    sequences = [data[p // itemsize : p // itemsize + n].tolist() for p, n in zip(pointers.tolist(), lengths.tolist())]
    return {"tokens": data.tolist(), "sequences": sequences, "doc_idx": doc_idx.tolist()}


if __name__ == "__main__":
    target = sys.argv[1]
    print(json.dumps(read_megatron(target) if target.endswith(".idx") else read_llmc(target)))
