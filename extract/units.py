"""Units of text a researcher cites: the items of a coroner's concerns box and the paragraphs
of analysis prose.  One mechanism serves the pipeline (``findings`` splits a PFD concerns box
with it) and the theme annotation set (``corpora/themes/units.py`` cuts the same units from
real reports), so the classifier is trained on the units it later sees.

API
* ``concern_items(text) -> list[(start, end)]``: the matters of concern in a coroner's box,
  as offsets into ``text``.  The statutory preamble ("During the course of the inquest the
  evidence revealed matters giving rise to concern ... The MATTERS OF CONCERN are as
  follows:") is dropped.  Items are cut at the box's top-level numbering ("(1)", "1.", "1)",
  "a)", "i.", "Firstly,"), whichever scheme comes first; sub-items of another scheme stay in
  their item.  An unnumbered box is cut into paragraphs; a short title paragraph ("Training")
  and a lead-in ending in ":" join the paragraph after them.
* ``paragraphs(text) -> list[(start, end)]``: blank-line paragraphs, with the same joining.
"""

from __future__ import annotations

import re

# the standard wording of box 5 of the Regulation 28 form (and its common variants)
_PREAMBLE = re.compile(
    r"(?:during the course of (?:the|my|this) (?:inquest|investigation)|in my opinion there is a risk"
    r"|in the circumstances it is my statutory duty|it is my statutory duty to report"
    r"|the matters? of concern (?:is|are) as follows|(?:the )?matters of concern(?: are)?\s*:?\s*$"
    r"|the evidence revealed matters giving rise to concern|i am under a (?:statutory )?duty to report"
    r"|matters giving rise to concern\.?\s*$|^\s*concerns?\s*:?\s*$)",
    re.I | re.M)

_SCHEMES = {
    "paren_num": re.compile(r"\(\s*(\d{1,2})\s*\)\s+"),
    "num_dot": re.compile(r"(\d{1,2})\s*[.)]\s+(?!\d)"),
    "paren_alpha": re.compile(r"\(\s*([a-h])\s*\)\s+"),
    "alpha": re.compile(r"([a-h])\s*[.)]\s+"),
    "roman": re.compile(r"\(?((?:i{1,3}|iv|v|vi{1,3}|ix|x))\s*[.)]\s+", re.I),
    "ordinal": re.compile(r"(first(?:ly)?|second(?:ly)?|third(?:ly)?|fourth(?:ly)?|fifth(?:ly)?|sixth(?:ly)?|"
                          r"finally|lastly)\s*[,:]\s*", re.I),
    "bullet": re.compile(r"([-•●▪*–])\s+"),
}
# the marker at the front of one item ("1.", "(2)", "a)", "iv.", "•"): number in group "n"
ITEM_MARK = re.compile(r"^\s*(?:\(?(?P<n>\d{1,2}|[a-h]|i{1,3}|iv|vi{0,3}|ix|x)\s*[.)]|[-•●▪*–])\s+", re.I)
_ORD = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6}


def _lines(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for raw in text.split("\n"):
        out.append((pos, raw))
        pos += len(raw) + 1
    return out


def _ordinal(scheme: str, label: str) -> int | None:
    label = label.lower()
    if scheme in ("paren_num", "num_dot"):
        return int(label)
    if scheme in ("paren_alpha", "alpha"):
        return ord(label) - ord("a") + 1
    if scheme == "roman":
        return {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10}[label]
    if scheme == "ordinal":
        for k, v in _ORD.items():
            if label.startswith(k):
                return v
        return None  # finally / lastly: any position
    return None


def _marks(text: str) -> list[tuple[int, str, int | None]]:
    """(offset, scheme, ordinal) of every item marker at a line start."""
    out = []
    for off, raw in _lines(text):
        s = raw.lstrip()
        if not s:
            continue
        lead = off + len(raw) - len(s)
        for name, rx in _SCHEMES.items():
            m = rx.match(s)
            if m:
                out.append((lead, name, _ordinal(name, m.group(1))))
                break
    return out


def _top_level(marks: list[tuple[int, str, int | None]]) -> list[int]:
    """Offsets of the top-level items: the first scheme whose markers count up from 1."""
    for off, scheme, n in marks:
        if n not in (1, None) or scheme == "bullet":
            continue
        seq, expect = [], 1
        for o2, s2, n2 in marks:
            if o2 < off or s2 != scheme:
                continue
            if n2 == expect or (n2 is None and scheme == "ordinal"):
                seq.append(o2)
                expect += 1
        if len(seq) >= 2:
            return seq
    bullets = [o for o, s, _ in marks if s == "bullet"]
    return bullets if len(bullets) >= 2 else []


def _is_preamble(par: str) -> bool:
    p = par.strip()
    if not p:
        return True
    sents = [s for s in re.split(r"(?<=[.:])\s+", p) if s.strip()]
    return all(_PREAMBLE.search(s) for s in sents)


def _strip_preamble(text: str, start: int, end: int) -> int:
    """Move ``start`` past preamble sentences at the front of text[start:end]."""
    while start < end:
        seg = text[start:end]
        lead = len(seg) - len(seg.lstrip())
        m = re.match(r"[^\n]*?(?:[.:](?=\s)|\n|$)", seg[lead:])
        if not m or not m.group(0).strip():
            break
        sent = m.group(0)
        if _PREAMBLE.search(sent) and len(sent) < 400:
            start += lead + len(sent)
        else:
            break
    return start


def trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Blank-line paragraphs; a short title or a lead-in ending in ':' joins the next one."""
    spans = []
    pos = 0
    for m in re.finditer(r"\n\s*\n", text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    spans = [trim(text, s, e) for s, e in spans]
    spans = [(s, e) for s, e in spans if e > s]
    out: list[tuple[int, int]] = []
    carry = None
    for s, e in spans:
        par = text[s:e]
        start = carry if carry is not None else s
        short_title = len(par) <= 80 and "\n" not in par.strip() and not re.search(r"[.;?!]\s*$", par)
        if short_title or par.rstrip().endswith(":"):
            carry = start
            continue
        carry = None
        out.append((start, e))
    if carry is not None:
        if out and text[carry:len(text)].strip() and carry > out[-1][1]:
            out.append(trim(text, carry, len(text)))
        elif not out:
            out.append(trim(text, carry, len(text)))
    return [(s, e) for s, e in out if e > s]


def concern_items(text: str) -> list[tuple[int, int]]:
    """The coroner's matters of concern in ``text`` (see module docstring)."""
    if not text or not text.strip():
        return []
    tops = _top_level(_marks(text))
    spans: list[tuple[int, int]] = []
    if tops:
        head_end = tops[0]
        # prose before the first item that is not preamble is an item of its own
        for s, e in paragraphs(text[:head_end]):
            s = _strip_preamble(text, s, e)
            s, e = trim(text, s, e)
            if e > s and not _is_preamble(text[s:e]) and not text[s:e].rstrip().endswith(":"):
                spans.append((s, e))
        for j, off in enumerate(tops):
            end = tops[j + 1] if j + 1 < len(tops) else len(text)
            s, e = trim(text, off, end)
            if e > s:
                spans.append((s, e))
    else:
        for s, e in paragraphs(text):
            s = _strip_preamble(text, s, e)
            s, e = trim(text, s, e)
            if e > s and not _is_preamble(text[s:e]):
                spans.append((s, e))
    return [(s, e) for s, e in spans if len(text[s:e].strip()) >= 20]
