#!/usr/bin/env python3
"""Adds prose training text and two more evaluation parts for the confusable groups (bs/hr/sr, id/ms, nb/nn).

The catalogue strings that build_lid_data.py extracts are user-interface text; the second-stage group models also
need running prose. This script reads Debian packages unpacked with `dpkg-deb -x PKG.deb PKG_DIR/PKG` (nothing is
downloaded here; scripts/lid/fetch_lid_packages.sh fetches and unpacks them with apt):

  real prose (paragraphs of translated documentation):
    hr  gimp-help-hr (GFDL-1.2+), debian-handbook hr-HR (GPL-2+ or CC-BY-SA-3.0), gnome-user-docs hr (CC-BY-SA-3.0)
    sr  gnome-user-docs sr and sr@latin (CC-BY-SA-3.0), manpages-sr (GPL-2+ and the man pages' own licences)
    id  libreoffice-help-id (MPL-2.0), debian-reference-id (GPL-2+), debian-handbook id-ID, gnome-user-docs id,
        manpages-id
    nb  debian-handbook nb-NO, manpages-nb
    nn  gimp-help-nn
    da, sv, sl (the groups' neighbours): debian-handbook da-DK, sv-SE; gnome-user-docs da, sv, sl
  machine-translated counterparts (training only, never evaluated), with Apertium's rule-based pairs
  (apertium-ind-zlm GPL-3+, apertium-nno-nob GPL-2+): Malay from the Indonesian training prose (no Malay prose is
  packaged), Nynorsk from the Bokmål prose and Bokmål from the Nynorsk prose (so that neither documentation set's
  subject matter stands for its language).
  more catalogue strings (training only): LibreOffice's own catalogues, which are not under /usr/share/locale
  (libreoffice-l10n-{bs,hr,sr,id,nb,nn}, MPL-2.0; Serbian in both scripts; there is no Malay package).
  second held-out part, never used for training or tuning: the Firefox ESR language packs
  (firefox-esr-l10n-{bs,hr,sr,id,ms,nb-no,nn-no}, MPL-2.0), their Fluent (.ftl) messages.

Prose is split by document (a hash of the file name): 85 % training, 15 % the "dev-prose" evaluation part, so no
paragraph of a dev document is trained on. Paragraphs a translator left in English are dropped.

usage: build_lid_prose.py PKG_DIR OUT_DIR   (OUT_DIR as build_lid_data.py wrote it)
writes OUT_DIR/prose/<code>.txt (training paragraphs, one a line), OUT_DIR/catalogue2/<code>.txt (LibreOffice
strings), OUT_DIR/mt/<code>.txt (machine-translated
training paragraphs) and adds to OUT_DIR/eval.jsonl (splits "dev-prose" and "heldout-firefox").
"""
import glob, gzip, hashlib, html, json, os, re, subprocess, sys, zipfile

from build_lid_data import clean as clean_catalogue, read_mo

GROUP_LANGS = ["bs", "hr", "sr", "id", "ms", "nb", "nn", "da", "sv", "sl"]
HB = "debian-handbook/usr/share/doc/debian-handbook/html/"
GH = "gnome-user-docs/usr/share/help/"
SOURCES = {
    "hr": [("gimp-help-hr", "gimp-help-hr/usr/share/gimp/2.0/help/hr/**/*.html"),
           ("debian-handbook", HB + "hr-HR/*.html"), ("gnome-user-docs", GH + "hr/**/*.page")],
    "sr": [("gnome-user-docs", GH + "sr/**/*.page"), ("gnome-user-docs", GH + "sr@latin/**/*.page"),
           ("manpages-sr", "manpages-sr/usr/share/man/sr/**/*.gz")],
    "id": [("libreoffice-help-id", "libreoffice-help-id/usr/share/libreoffice/help/id/**/*.html"),
           ("debian-reference-id", "debian-reference-id/usr/share/debian-reference/*.id.html"),
           ("debian-handbook", HB + "id-ID/*.html"), ("gnome-user-docs", GH + "id/**/*.page"),
           ("manpages-id", "manpages-id/usr/share/man/id/**/*.gz")],
    "nb": [("debian-handbook", HB + "nb-NO/*.html"), ("manpages-nb", "manpages-nb/usr/share/man/nb/**/*.gz")],
    "nn": [("gimp-help-nn", "gimp-help-nn/usr/share/gimp/2.0/help/nn/**/*.html")],
    # The groups' neighbours, which their models also learn.
    "da": [("debian-handbook", HB + "da-DK/*.html"), ("gnome-user-docs", GH + "da/**/*.page")],
    "sv": [("debian-handbook", HB + "sv-SE/*.html"), ("gnome-user-docs", GH + "sv/**/*.page")],
    "sl": [("gnome-user-docs", GH + "sl/**/*.page")],
}
FIREFOX = {"bs": "bs", "hr": "hr", "sr": "sr", "id": "id", "ms": "ms", "nb": "nb-no", "nn": "nn-no"}
# Apertium modes: (target language, source language, mode).
MT = [("ms", "id", "ind-zlm"), ("nn", "nb", "nob-nno"), ("nb", "nn", "nno-nob")]

# English function words that are not also common words of the group languages (Croatian "to", "on", Norwegian
# "for", "by" are left out).
ENGLISH = set("the and of is in you this that with are it or can as from not will your if which when use used".split())


ENGLISH_VOCABULARY = set()


def load_english_vocabulary(pkg_dir):
    """Words of the English originals of two of the documentation sets (a translation left in English reads as them)."""
    for path in glob.glob(os.path.join(pkg_dir, HB + "en-US/*.html")) + glob.glob(os.path.join(pkg_dir, GH + "C/**/*.page"), recursive=True):
        for p in markup_paragraphs(open(path, errors="replace").read()):
            ENGLISH_VOCABULARY.update(w for w in re.findall(r"[^\W\d_]+", p.lower()) if len(w) > 1)


def english_share(text):
    words = re.findall(r"[^\W\d_]+", text.lower())
    function_words = sum(w in ENGLISH for w in words) / max(1, len(words))
    vocabulary = sum(w in ENGLISH_VOCABULARY for w in words) / max(1, len(words))
    return max(function_words / 0.12, vocabulary / 0.5)


def markup_paragraphs(raw):
    """<p>, <li>, <dd>, <td> and <title> contents of an HTML or Mallard page, tags removed."""
    raw = re.sub(r"<(script|style|pre|code|screen|programlisting)\b.*?</\1>", " ", raw, flags=re.S | re.I)
    for block in re.findall(r"<(p|li|dd|td|title)\b[^>]*>(.*?)</\1>", raw, flags=re.S | re.I):
        yield html.unescape(re.sub(r"<[^>]+>", " ", block[1]))


def man_paragraphs(raw):
    """Running text of a man page: text lines between paragraph macros, font escapes removed."""
    para = []
    for line in raw.splitlines():
        if line.startswith((".", "'")):
            macro = line[1:3]
            if macro in ("B ", "I ", "BR", "IR", "BI", "RB", "RI", "IB"):
                para.append(re.sub(r'"', "", line[3:]))
                continue
            if para:
                yield " ".join(para)
            para = []
            continue
        para.append(line)
    if para:
        yield " ".join(para)


def clean(text):
    text = re.sub(r"\\f[BIRP]|\\f\(..|\\\(..|\\[-&e|^ ]|\\\*\(..|\\s[-+]?\d", "", text)
    text = re.sub(r"https?://\S+|\S+@\S+|\S*[/\\]\S+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def keep(text):
    letters = sum(ch.isalpha() for ch in text)
    return letters >= 20 and letters >= 0.6 * len(text) and len(text.split()) >= 4 and english_share(text) < 1


def documents(pkg_dir, lang):
    for source, pattern in SOURCES.get(lang, []):
        for path in sorted(glob.glob(os.path.join(pkg_dir, pattern), recursive=True)):
            if path.endswith(".gz"):
                raw = gzip.open(path, "rt", errors="replace").read()
                paras = man_paragraphs(raw)
            else:
                paras = markup_paragraphs(open(path, errors="replace").read())
            seen = []
            for p in paras:
                p = clean(p)
                if keep(p):
                    seen.append(p)
            if seen:
                yield source, os.path.relpath(path, pkg_dir), seen


def is_cyrillic(text):
    return sum("\u0400" <= ch <= "\u04ff" for ch in text) * 2 > sum(ch.isalpha() for ch in text)


def sentences(paragraph):
    return [s for s in re.split(r"(?<=[.!?])\s+(?=[^\W\d_])", paragraph) if s]


def split_of(name):
    # GNOME's sr@latin pages are transliterations of its sr pages: a page and its twin share a split.
    name = name.replace("/sr@latin/", "/sr/")
    return "dev" if hashlib.sha1(name.encode()).digest()[0] < 38 else "train"


def eval_samples(paragraphs, cap):
    """Sentence-level short texts and paragraph-level medium and long texts, at most `cap` of each length."""
    out, per = [], {"short": 0, "medium": 0, "long": 0}

    def add(length, text):
        if per[length] < cap:
            per[length] += 1
            out.append((length, text))

    for p in paragraphs:
        for s in sentences(p):
            if 20 <= len(s) < 100 and len(s.split()) >= 3 and english_share(s) < 1:
                add("short", s)
    for p in paragraphs:
        if 100 <= len(p) < 400:
            add("medium", p)
    buf = ""
    for p in paragraphs:
        buf = (buf + " " + p).strip()
        if len(buf) >= 400:
            add("long", buf[:2000].rsplit(" ", 1)[0] if len(buf) > 2000 else buf)
            buf = ""
    return out


def libreoffice_strings(pkg_dir, lang):
    pattern = f"libreoffice-l10n-{lang}/usr/lib/libreoffice/program/resource/*/LC_MESSAGES/*.mo"
    for path in sorted(glob.glob(os.path.join(pkg_dir, pattern))):
        for raw in read_mo(path):
            text = clean_catalogue(raw)
            if text is not None and english_share(text) < 1:
                yield text


def firefox_messages(pkg_dir, code):
    for xpi in glob.glob(os.path.join(pkg_dir, f"firefox-esr-l10n-{code}/usr/lib/firefox-esr/browser/extensions/*.xpi")):
        with zipfile.ZipFile(xpi) as z:
            for name in sorted(z.namelist()):
                if not name.endswith(".ftl"):
                    continue
                text = z.read(name).decode("utf-8", errors="replace")
                for m in re.finditer(r"^(?:[\w-]+ =|\s+\.[\w-]+ =)(.*(?:\n {4,}[^.\s].*)*)", text, re.M):
                    # Placeables, markup and select expressions ("{ $n -> [one] … *[other] … }") go; their variants' text stays.
                    value = re.sub(r"\{[^{}]*->|\*?\[[\w-]+\]|\{[^{}]*\}|[{}]|<[^>]+>", " ", m.group(1))
                    value = clean(value.replace("\n", " "))
                    letters = sum(ch.isalpha() for ch in value)
                    if letters >= 12 and len(value.split()) >= 2:
                        yield name, value


def translate(mode, paragraphs, cache_dir):
    """Apertium translation, one paragraph a line; unknown words pass through unmarked (-u). Cached by input hash."""
    text = "\n".join(p.replace("\n", " ") for p in paragraphs) + "\n"
    cache = os.path.join(cache_dir, f"{mode}.{hashlib.sha1(text.encode()).hexdigest()[:16]}.txt")
    if os.path.exists(cache):
        result = open(cache).read()
    else:
        result = subprocess.run(["apertium", "-u", mode], input=text, capture_output=True, text=True, check=True).stdout
        open(cache, "w").write(result)
    lines = [l.strip() for l in result.split("\n")]
    return [l for l in lines if l]


def main(pkg_dir, out_dir):
    os.makedirs(os.path.join(out_dir, "prose"), exist_ok=True)
    os.makedirs(os.path.join(out_dir, "mt"), exist_ok=True)
    os.makedirs(os.path.join(out_dir, "catalogue2"), exist_ok=True)
    os.makedirs(os.path.join(out_dir, "mt-cache"), exist_ok=True)
    evals, train = [], {}
    load_english_vocabulary(pkg_dir)
    for lang in GROUP_LANGS:
        seen, dev, train[lang], counts = set(), [], [], {}
        for source, name, paras in documents(pkg_dir, lang):
            paras = [p for p in paras if p not in seen]
            seen.update(paras)
            (dev if split_of(name) == "dev" else train[lang]).extend(paras)
            counts[source] = counts.get(source, 0) + len(paras)
        with open(os.path.join(out_dir, "prose", lang + ".txt"), "w") as f:
            f.writelines(p + "\n" for p in train[lang])
        strings = list(dict.fromkeys(libreoffice_strings(pkg_dir, lang)))
        with open(os.path.join(out_dir, "catalogue2", lang + ".txt"), "w") as f:
            f.writelines(x + "\n" for x in strings)
        print(lang, "libreoffice strings", len(strings), file=sys.stderr)
        # Serbian: as many texts in Latin as in Cyrillic script.
        parts = [[p for p in dev if is_cyrillic(p) == c] for c in (True, False)] if lang == "sr" else [dev]
        for part in parts:
            for length, text in eval_samples(part, 60 // len(parts)):
                evals.append({"lang": lang, "length": length, "split": "dev-prose", "source": "prose", "text": text})
        print(lang, "paragraphs", counts, "train", len(train[lang]), "dev", len(dev), file=sys.stderr)
        # Firefox strings: short ones as they are; longer texts from consecutive messages of one file.
        if lang not in FIREFOX:
            continue
        messages = list(firefox_messages(pkg_dir, FIREFOX[lang]))
        unique = list(dict.fromkeys(v for _, v in messages))
        picked = eval_samples_firefox(unique)
        for length, text in picked:
            evals.append({"lang": lang, "length": length, "split": "heldout-firefox", "source": "firefox-esr-l10n", "text": text})
        print(lang, "firefox messages", len(unique), "samples", len(picked), file=sys.stderr)
    for target, source, mode in MT:
        paragraphs = train[source][:6000]
        translated = translate(mode, paragraphs, os.path.join(out_dir, "mt-cache"))
        with open(os.path.join(out_dir, "mt", target + ".txt"), "w") as f:
            f.writelines(p + "\n" for p in translated)
        print(f"{mode}: {len(translated)} paragraphs", file=sys.stderr)
    # Rewrites eval.jsonl with this script's parts replaced, so that a rerun does not add them twice.
    path = os.path.join(out_dir, "eval.jsonl")
    kept = [l for l in open(path) if json.loads(l)["split"] not in ("dev-prose", "heldout-firefox")]
    with open(path, "w") as f:
        f.writelines(kept)
        for e in evals:
            f.write(json.dumps(e, ensure_ascii=False) + "\n")
    print(len(evals), "evaluation samples added")


def eval_samples_firefox(messages):
    """Every 7th message (spread over all files) as short texts, runs of messages as medium and long ones."""
    out, per = [], {"short": 0, "medium": 0, "long": 0}
    for i, m in enumerate(messages):
        if i % 7 == 0 and 20 <= len(m) < 100 and per["short"] < 60:
            per["short"] += 1
            out.append(("short", m))
    for target, low, high in (("medium", 100, 400), ("long", 400, 2000)):
        buf = ""
        for m in messages[3::5] if target == "medium" else messages[1::3]:
            buf = (buf + " " + m).strip()
            if len(buf) >= low and per[target] < 60:
                per[target] += 1
                out.append((target, buf if len(buf) < high else buf[:high].rsplit(" ", 1)[0]))
                buf = ""
    return out


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
