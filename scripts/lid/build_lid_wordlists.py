#!/usr/bin/env python3
"""Writes word-list training text for the second-stage word part of the bs/hr/sr and id/ms groups.

Source: the word lists inside Tesseract's trained data (Debian packages tesseract-ocr-{bos,hrv,srp-latn,msa,ind},
Apache-2.0; the lists were built by Google from web text in each language). Each traineddata file is unpacked with
`combine_tessdata -u` and its LSTM word DAWG read out with `dawg2wordlist` (both from the tesseract-ocr package);
scripts/lid/fetch_lid_packages.sh does that and calls this script.

The lists carry no frequencies, and each accepts many words of its sister languages (the Bosnian list has "tisuća"
and "obitelj", the Croatian one "hiljada"), so no single word says much; what they add is vocabulary that the
packaged training text lacks, and a word's presence in some lists of a group and absence from the others. A word in
every list of its group says nothing and is left out; every other word goes to the lists of the languages whose
Tesseract list has it. Only words of letters (two or more) are kept, lower-cased.

usage: build_lid_wordlists.py TESS_DIR OUT_DIR
  TESS_DIR/<tesseract code>/words.txt as dawg2wordlist wrote them; writes OUT_DIR/wordlist/<code>.txt (one word a
  line, sorted, so the output is the same from run to run).
"""
import os, sys

GROUPS = [{"bs": "bos", "hr": "hrv", "sr": "srp_latn"}, {"id": "ind", "ms": "msa"}]


def read_list(path):
    words = set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            word = line.strip().lower()
            if len(word) >= 2 and word.isalpha():
                words.add(word)
    return words


def main(tess_dir, out_dir):
    os.makedirs(os.path.join(out_dir, "wordlist"), exist_ok=True)
    for group in GROUPS:
        lists = {code: read_list(os.path.join(tess_dir, tess, "words.txt")) for code, tess in group.items()}
        common = set.intersection(*lists.values())
        for code, words in lists.items():
            kept = sorted(words - common)
            with open(os.path.join(out_dir, "wordlist", code + ".txt"), "w", encoding="utf-8") as f:
                f.write("\n".join(kept) + "\n")
            print(f"{code}: {len(words)} words, {len(kept)} not in every list of {'/'.join(group)}", file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
