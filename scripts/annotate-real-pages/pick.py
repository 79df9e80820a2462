#!/usr/bin/env python3
"""Writes the texts of the chosen blocks, one per line (a start for NAME.txt, to be read and edited by hand).
usage: python3 pick.py PAGE.html 120-145,150,152-160 > NAME.txt"""
import sys
sys.path.insert(0, __import__("os").path.dirname(__file__))
from common import blocks
bs = blocks(sys.argv[1])
for part in sys.argv[2].split(","):
    a, _, b = part.partition("-")
    for i in range(int(a), int(b or a) + 1): print(bs[i][1])
