#!/usr/bin/env python3
"""Builds an archive of annotated pages from the annotators' folders: every page with a truth (skipped pages left
out), NAME.html (unless --truth-only), NAME.txt, NAME.json; sorted, fixed mtime, so the archive is byte-identical for
the same inputs. --real-only also leaves out a test suite's made-up pages (lorem ipsum, one-feature test pages), as
their annotators described them in "lang", "site" and "kind".
usage: make-archive.py [--truth-only] [--real-only] OUT.tar.gz FOLDER..."""
import sys, os, json, tarfile, io, gzip, glob

args = sys.argv[1:]
truth_only = "--truth-only" in args
real_only = "--real-only" in args
args = [a for a in args if not a.startswith("--")]
out, folders = args[0], args[1:]


def made_up(meta):
    described = (meta.get("site", "") + " " + meta.get("kind", "")).lower()
    return meta.get("lang") == "la" or "test page" in described or "made-up" in described or "made up" in described


files = {}
skipped = []
for d in folders:
    for j in glob.glob(os.path.join(d, "*.json")):
        n = os.path.basename(j)[:-5]
        meta = json.load(open(j, encoding="utf-8"))
        if meta.get("skip"): skipped.append((n, meta["skip"])); continue
        if real_only and made_up(meta): skipped.append((n, "made-up test page: " + meta.get("kind", ""))); continue
        for ext in ("txt", "json") if truth_only else ("html", "txt", "json"):
            files[f"{n}.{ext}"] = open(os.path.join(d, f"{n}.{ext}"), "rb").read()
buf = io.BytesIO()
with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tar:
    for name in sorted(files):
        info = tarfile.TarInfo(name); info.size = len(files[name]); info.mtime = 0; info.mode = 0o644
        tar.addfile(info, io.BytesIO(files[name]))
with open(out, "wb") as f:
    f.write(gzip.compress(buf.getvalue(), compresslevel=9, mtime=0))
pages = len({k.rsplit(".", 1)[0] for k in files})
print(f"{pages} pages, {len(skipped)} left out -> {out} ({os.path.getsize(out) // 1024} KB)")
for n, why in sorted(skipped): print(f"  left out {n}: {why[:100]}")
