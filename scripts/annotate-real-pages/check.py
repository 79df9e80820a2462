#!/usr/bin/env python3
"""Checks a folder of annotated real pages: NAME.html + NAME.txt + NAME.json.
usage: python3 check.py PAGES_DIR"""
import sys, os, json, html
sys.path.insert(0, os.path.dirname(__file__))
from common import visible, norm

def main(d):
    names = sorted({f.rsplit(".", 1)[0] for f in os.listdir(d) if f.endswith(".html")})
    bad = done = 0
    for n in names:
        p = lambda ext: os.path.join(d, n + "." + ext)
        if not os.path.exists(p("json")): print(f"TODO {n}: no .json yet"); bad += 1; continue
        errs = []
        try: meta = json.load(open(p("json"), encoding="utf-8"))
        except Exception as e: print(f"BAD {n}: json: {e}"); bad += 1; continue
        for k in ("lang", "site", "kind", "ambiguous"):
            if k not in meta: errs.append(f"json lacks {k}")
        if meta.get("skip"):
            print(f"SKIP {n}: {meta['skip']}"); done += 1; continue
        if not os.path.exists(p("txt")): errs.append("no .txt")
        else:
            vis = visible(p("html"))
            truth = [l for l in open(p("txt"), encoding="utf-8").read().split("\n") if l.strip()]
            if not truth: errs.append("empty truth")
            for l in truth:
                if norm(html.unescape(l)) not in vis: errs.append(f"truth line not in visible text: {l[:80]!r}")
            for a in meta.get("ambiguous", []):
                if norm(a) not in vis: errs.append(f"ambiguous text not in visible text: {a[:80]!r}")
                if any(norm(a) == norm(l) for l in truth): errs.append(f"ambiguous text is also a truth line: {a[:60]!r}")
            words = sum(len(l.split()) for l in truth)
        status = "OK " if not errs else "BAD"
        print(f"{status} {n}" + (f": {len(truth)} lines, {words} words" if not errs or truth else ""))
        for e in errs: print("    " + e)
        bad += bool(errs); done += not errs
    print(f"{len(names)} pages, {done} done, {bad} to do or with problems")
    return 1 if bad else 0

if __name__ == "__main__": sys.exit(main(sys.argv[1]))
