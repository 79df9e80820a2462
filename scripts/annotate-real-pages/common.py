"""Shared helpers for annotating real pages: decoding and the visible text blocks of a page (a plain HTML
tokenizer, no scoring: every visible text block is listed, in document order)."""
import re, html
from html.parser import HTMLParser

ALIASES = {"iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "windows-1252": "cp1252", "us-ascii": "cp1252",
           "shift_jis": "cp932", "gb2312": "gbk", "windows-1251": "cp1251", "windows-1250": "cp1250"}
SKIP = {"script", "style", "template", "noscript", "head", "title", "svg", "select", "option", "iframe", "object"}
INLINE = {"a","abbr","b","bdi","bdo","cite","code","data","dfn","em","i","kbd","mark","q","s","samp","small","span",
          "strong","sub","sup","time","u","var","font","strike","tt","big","label","ins","del","img","nobr","wbr"}
VOID = {"area","base","br","col","embed","hr","img","input","link","meta","param","source","track","wbr"}

def declared(raw):
    m = re.search(rb'charset=["\']?\s*([A-Za-z0-9_\-]+)', raw[:16384], re.I)
    return m.group(1).decode().lower() if m else None

def decode(raw):
    # Bytes that hold non-ASCII and are valid UTF-8 are UTF-8 whatever the meta tag says (a page re-saved as UTF-8
    # under its old meta tag); legacy-encoded prose almost never forms valid multi-byte sequences.
    if any(b >= 128 for b in raw):
        try: return raw.decode("utf-8")
        except UnicodeDecodeError: pass
    cs = declared(raw)
    if cs:
        try: return raw.decode(ALIASES.get(cs, cs))
        except Exception: pass
    try: return raw.decode("utf-8")
    except UnicodeDecodeError: return raw.decode("cp1252", "replace")

class Blocks(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []; self.blocks = []; self.cur = []; self.curtag = "body"
    def flush(self):
        t = re.sub(r"\s+", " ", "".join(self.cur)).strip()
        if t: self.blocks.append((self.curtag, t))
        self.cur = []
    HEAD = {"meta", "link", "title", "script", "style", "base", "noscript", "template", "object"}
    def handle_starttag(self, tag, attrs):
        # A page without </head>: the head ends at the first element a head cannot hold, as in a browser.
        if "head" in self.stack and tag not in self.HEAD and tag != "head":
            while self.stack and self.stack.pop() != "head": pass
        if tag == "br": self.flush(); return
        if tag in VOID: return
        self.stack.append(tag)
        if tag not in INLINE: self.flush(); self.curtag = tag
    def handle_endtag(self, tag):
        if tag in VOID: return
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag: pass
        if tag not in INLINE: self.flush(); self.curtag = self.stack[-1] if self.stack else "body"
    def handle_data(self, data):
        if any(t in SKIP for t in self.stack): return
        self.cur.append(data)
    def close(self):
        super().close(); self.flush()

def blocks(path):
    p = Blocks(); p.feed(decode(open(path, "rb").read())); p.close()
    return p.blocks

def norm(s): return re.sub(r"\s+", " ", s).strip()

def visible(path):
    return norm(" \n ".join(t for _, t in blocks(path)))
