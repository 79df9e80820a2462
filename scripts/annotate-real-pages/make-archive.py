#!/usr/bin/env python3
"""Builds articles-real.tar.gz from the annotators' folders: every page with a truth (skipped pages left out),
NAME.html as npm's htmlparser-benchmark 1.1.3 ships it, NAME.txt, NAME.json; sorted, fixed mtime, so the archive is
byte-identical for the same inputs."""
import sys, os, json, tarfile, io, gzip, glob
out = sys.argv[1]; folders = sys.argv[2:]
files = {}
skipped = []
for d in folders:
    for j in glob.glob(os.path.join(d, "*.json")):
        n = os.path.basename(j)[:-5]
        meta = json.load(open(j, encoding="utf-8"))
        if meta.get("skip"): skipped.append((n, meta["skip"])); continue
        for ext in ("html", "txt", "json"):
            files[f"{n}.{ext}"] = open(os.path.join(d, f"{n}.{ext}"), "rb").read()
buf = io.BytesIO()
with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tar:
    for name in sorted(files):
        info = tarfile.TarInfo(name); info.size = len(files[name]); info.mtime = 0; info.mode = 0o644
        tar.addfile(info, io.BytesIO(files[name]))
with open(out, "wb") as f:
    f.write(gzip.compress(buf.getvalue(), compresslevel=9, mtime=0))
print(f"{len(files)//3} pages, {len(skipped)} skipped -> {out} ({os.path.getsize(out)//1024} KB)")
for n, why in sorted(skipped): print(f"  skipped {n}: {why}")
