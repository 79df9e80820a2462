#!/usr/bin/env python3
"""Lists a page's visible text blocks: INDEX TAG TEXT, one per line, in document order.
usage: python3 blocks.py PAGE.html [FROM-TO]"""
import sys
sys.path.insert(0, __import__("os").path.dirname(__file__))
from common import blocks
bs = blocks(sys.argv[1])
lo, hi = 0, len(bs) - 1
if len(sys.argv) > 2:
    a, b = sys.argv[2].split("-"); lo, hi = int(a), int(b)
for i, (tag, t) in enumerate(bs):
    if lo <= i <= hi: print(f"{i:4d} {tag:<10} {t}")
