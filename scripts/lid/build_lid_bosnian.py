#!/usr/bin/env python3
"""Bosnian training prose converted from the Croatian training prose (training only, never evaluated).

No Bosnian prose is packaged (Debian and npm searched: documentation and man-page translations, hunspell/aspell
dictionaries, the Apertium pairs; see docs/filters-quality.md). With only user-interface catalogues for Bosnian, the
group model learned that prose's function-word frequencies mean Croatian or Serbian, and Bosnian running text went to
Croatian, more so the longer it was. Bosnian and Croatian share their grammar, their ijekavian yat reflex and most of
their vocabulary; the standard differences are a documented list of words and forms (R. Alexander, "Bosnian,
Croatian, Serbian: A Grammar with Sociolinguistic Commentary", 2006; Wikipedia, "Differences between standard Bosnian,
Croatian, Montenegrin and Serbian"). This script rewrites the Croatian training paragraphs with that list (tko → ko,
tisuća → hiljada, obitelj → porodica, povijest → historija, the Croatian month names → januar …, -izirati → -izovati,
…), so that Bosnian has prose with the same subject matter and function words as Croatian and only the documented
differences between them. Apertium's Serbo-Croatian generators (apertium-hbs-slv/-eng with hbs_BS) were tried
first: they keep the Croatian lexicon (obitelj, znanost, vlak, tjedan) in their Bosnian output, which would teach the
opposite of these differences, so they are not used.

Only the training paragraphs (OUT_DIR/prose/hr.txt, the documents that build_lid_prose.py put in training) are read,
so no dev-prose document reaches Bosnian either.

usage: build_lid_bosnian.py OUT_DIR   (as build_lid_prose.py wrote it) → OUT_DIR/mt/bs.txt
"""
import os, re, sys

# Croatian → Bosnian, whole lower-case word forms (case of the first letter kept).
WORDS = {
    "tko": "ko", "netko": "neko", "nitko": "niko", "svatko": "svako", "itko": "iko",
    "tisuća": "hiljada", "tisuću": "hiljadu", "tisuće": "hiljade", "tisućama": "hiljadama",
    "obitelj": "porodica", "obitelji": "porodice", "obiteljima": "porodicama",
    "znanost": "nauka", "znanosti": "nauke", "znanošću": "naukom",
    "povijest": "historija", "povijesti": "historije", "poviješću": "historijom",
    "kruh": "hljeb", "kruha": "hljeba", "kruhom": "hljebom",
    "vlak": "voz", "vlaka": "voza", "vlakom": "vozom", "vlaku": "vozu", "vlakovi": "vozovi",
    "tjedan": "sedmica", "tjedna": "sedmice", "tjednu": "sedmici", "tjedno": "sedmično", "tjedni": "sedmični",
    "siječanj": "januar", "siječnja": "januara", "veljača": "februar", "veljače": "februara", "ožujak": "mart",
    "ožujka": "marta", "travanj": "april", "travnja": "aprila", "svibanj": "maj", "svibnja": "maja", "lipanj": "juni",
    "lipnja": "juna", "srpanj": "juli", "srpnja": "jula", "kolovoz": "august", "kolovoza": "augusta",
    "rujan": "septembar", "rujna": "septembra", "listopad": "oktobar", "listopada": "oktobra", "studeni": "novembar",
    "studenoga": "novembra", "studenog": "novembra", "prosinac": "decembar", "prosinca": "decembra",
    "tijekom": "tokom", "točno": "tačno", "točan": "tačan", "točna": "tačna", "točni": "tačni",
    "ovisi": "zavisi", "ovisno": "zavisno", "ovise": "zavise", "unatoč": "uprkos", "usprkos": "uprkos",
    "glede": "u pogledu", "kava": "kahva", "kave": "kahve", "kavu": "kahvu", "lako": "lahko", "lak": "lahak",
    "mekano": "mehko", "postotak": "procenat", "postotka": "procenta", "postotku": "procentu", "postoci": "procenti",
}

# Croatian → Bosnian stems (the rest of the word is kept): lexical pairs and the -irati/-ovati verb classes.
STEMS = [
    ("znanstven", "naučn"), ("uvjet", "uslov"), ("sveučilišt", "univerzitet"), ("točk", "tačk"), ("kazališt", "pozorišt"),
    ("nogomet", "fudbal"), ("glazb", "muzik"), ("kemij", "hemij"), ("povijesn", "historijsk"), ("sudjelova", "učestvova"),
    ("sudjeluj", "učestvuj"), ("mirovin", "penzij"), ("izvanred", "vanred"), ("tvrtk", "firm"), ("poduzeć", "preduzeć"),
    ("sustav", "sistem"), ("kaznen", "krivičn"), ("putovnic", "pasoš"), ("veleposlanstv", "ambasad"),
    ("računal", "računar"), ("ovisnost", "zavisnost"),
]

# Verbs in -irati whose Bosnian (and Serbian) form is -isati (definirati → definisati, definira → definiše): the
# Croatian stem before "ir", the Bosnian one before "is", and the Croatian ending → the Bosnian one.
IR_VERBS = [("defin", "defin"), ("inform", "inform"), ("formul", "formul"), ("koment", "komentar"),
            ("konfigur", "konfigur"), ("ignor", "ignor"), ("funkcion", "funkcion")]
IR_ENDINGS = {"ati": "isati", "ao": "isao", "ala": "isala", "ali": "isali", "alo": "isalo", "an": "isan", "ana": "isana",
              "ani": "isani", "ano": "isano", "anje": "isanje", "anja": "isanja", "a": "iše", "am": "išem", "aš": "išeš",
              "amo": "išemo", "ate": "išete", "aju": "išu"}

# -izirati → -izovati, -ificirati → -ifikovati (Bosnian and Serbian -ovati against Croatian -irati).
ENDINGS = [
    ("izirati", "izovati"), ("izirao", "izovao"), ("izirala", "izovala"), ("izirali", "izovali"), ("iziraju", "izuju"),
    ("izira", "izuje"), ("iziran", "izovan"), ("izirana", "izovana"), ("izirani", "izovani"), ("izirano", "izovano"),
    ("iziranje", "izovanje"), ("iziranja", "izovanja"), ("ificirati", "ifikovati"), ("ificiran", "ifikovan"),
    ("ificira", "ifikuje"),
]
ENDINGS.sort(key=lambda e: -len(e[0]))


def convert_word(word):
    lower = word.lower()
    out = WORDS.get(lower)
    if out is None:
        for stem, bosnian in IR_VERBS:
            rest = lower[len(stem) + 2:]
            if lower.startswith(stem + "ir") and rest in IR_ENDINGS:
                out = bosnian + IR_ENDINGS[rest]
                break
    if out is None:
        for stem, bosnian in STEMS:
            if lower.startswith(stem):
                out = bosnian + lower[len(stem):]
                break
    if out is None:
        for ending, bosnian in ENDINGS:
            if lower.endswith(ending) and len(lower) >= len(ending) + 3:
                out = lower[: -len(ending)] + bosnian
                break
    if out is None:
        return word
    if word.isupper() and len(word) > 1:
        return out.upper()
    return out[0].upper() + out[1:] if word[0].isupper() else out


def convert(text):
    return re.sub(r"[^\W\d_]+", lambda m: convert_word(m.group(0)), text)


def main():
    out_dir = sys.argv[1]
    lines = [l.rstrip("\n") for l in open(os.path.join(out_dir, "prose", "hr.txt"), encoding="utf-8") if l.strip()]
    converted = [convert(l) for l in lines]
    changed = sum(a != b for a, b in zip(lines, converted))
    os.makedirs(os.path.join(out_dir, "mt"), exist_ok=True)
    with open(os.path.join(out_dir, "mt", "bs.txt"), "w", encoding="utf-8") as f:
        f.writelines(l + "\n" for l in converted)
    print(f"bs: {len(converted)} paragraphs converted from the Croatian training prose, {changed} of them changed")


if __name__ == "__main__":
    main()
