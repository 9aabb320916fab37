"""Findings and recommendations: every finding, learning point, area for improvement,
good-practice item, coroner's concern and recommendation of a review, as rows.

``extract(sections, mentions=()) -> (findings, recommendations)``

How items are found (all rules general, driven by heading words, never by one review):

* A *container* is a section whose title says what its items are ("Key findings",
  "Areas for further improvement", "Good practice", "Learning points", "Lessons to be
  learned", "CORONER'S CONCERNS", "Recommendations", "Individual agency recommendations",
  "ACTION SHOULD BE TAKEN").  Its kind comes from :func:`heading_kind`.
* The direct child sections of a container are its items ("4.2.1 Overall Finding",
  "5.1 Recommendation One"); an item's text is its own body plus its descendants' bodies,
  bullets kept.  A child whose title is itself a container ("Good practice" under
  "Findings") is a nested container.  A recommendation child whose text holds two or more
  numbered items ("West Midlands Police" under "Individual agency recommendations") is a
  group: its items are split out and its title is their default addressee.
* A container without children has its items split out of its text: labelled paragraphs
  ("Finding 2: ...", "Learning point 1 -", "Recommendation 3:"), numbered lists ("1.",
  "(2)", "3)", "4.1 "), tables (see below), bullets; failing those, the whole text.
* A section titled "Finding 3: Title" / "Learning point 2 - Title" / "Recommendation 4"
  is an item wherever it is.
* Duplicates (an executive summary repeating the findings) are dropped: same kind and
  number, one text mostly inside the other: the longer is kept.

Recommendation tables.  ASSUMPTION: the upstream stage gives each table row as a text
line whose cells are separated by " | " (empty cells kept) or by runs of 2+ spaces.  A
header line names a Recommendation column plus at least one of Action / Lead (agency) /
Target date / Timescale / Milestones / Outcome / Owner.  A row starts where the number
cell (or, without a number column, the recommendation cell) starts with a number
("1", "2.", "R3", "4.1"); other lines continue the row above, cell by cell (for space-
separated lines, cells are put in the column whose header starts nearest to the left).
A repeated header (table continued over a page break) is skipped, so a row split over a
page break is still one row.

Addressees.  The subject of the recommendation's lead sentence (the noun phrase before
"should" / "must" / "is asked to" / "to") is matched against the AGENCY mentions passed
in (their ``norm`` and ``kind``); where no mention covers it, against the rules in
models/addressees.yaml.  PFD reports: the bodies in "THIS REPORT IS BEING SENT TO".
Scope: national if an addressee is a national body or the container says "national";
single_agency if the container says "individual/single agency" or there is exactly one
non-partnership addressee; multi_agency for a partnership, "all agencies" or 2+ addressees.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Iterator, Sequence

import yaml

from . import MODELS_DIR, recipients
from .errors import ExtractError
from .sections import PARA_NUMBER_RE
from .units import ITEM_MARK, concern_items
from .model import Finding, Mention, Recommendation, Section

KINDS = ("finding", "good_practice", "area_for_improvement", "learning", "concern")

WORD_NUMBERS = {
    w: str(i)
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen "
        "fourteen fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
}
_WORDNUM = "|".join(sorted(WORD_NUMBERS, key=len, reverse=True))

# heading title -> kind; first match wins (order matters: "Good practice and learning").
_KIND_RULES: list[tuple[str, re.Pattern]] = [
    ("concern", re.compile(r"coroner'?[’']?s concerns?|matters? of concern", re.I)),
    ("recommendation", re.compile(r"\brecommendations?\b|\baction should be taken\b|\baction plan\b", re.I)),
    ("good_practice", re.compile(r"\bgood practice\b|\bnotable practice\b|\bwhat worked well\b|\bstrengths\b|\bpositive practice\b", re.I)),
    ("area_for_improvement", re.compile(
        r"\bareas? (?:for|of|requiring|needing|that require) (?:further )?(?:improvement|development)\b|"
        r"\bimprovements? (?:needed|required)\b|\bareas? for (?:further )?learning and improvement\b", re.I)),
    ("learning", re.compile(
        r"\blearning points?\b|\blessons?(?: to be| that can be)? learn[te]d?\b|\blessons?\b$|\bkey learning\b|"
        r"\blearning themes?\b|\blearning$|\blearning (?:for|from)\b", re.I)),
    ("finding", re.compile(
        r"(?:^|\band |\bof (?:the )?)(?:key |main |principal |overall |summary |review |our |the )*findings\b|"
        r"\bkey findings?\b|^findings?$|^what (?:we|the review|the panel|the reviewers?) found\b|"
        r"^(?:key|main|principal) (?:practice )?(?:themes|issues)$", re.I)),
]
_NOT_CONTAINER = re.compile(r"\b(?:contents|glossary|terms of reference|methodology|learning events?)\b", re.I)

# "Finding 3: Title", "Learning point 2 - Title", "Recommendation Three", "Key finding 1."
_LABEL = re.compile(
    rf"^(?P<label>key finding|finding|learning point|learning|lesson|concern|recommendation|rec\.?)\s+"
    rf"(?P<num>\d+(?:\.\d+)*[a-z]?\b|(?-i:[A-Z])(?=\s*[:.\-–—)]|$)|(?:{_WORDNUM})\b)\s*[:.\-–—)]?\s*(?P<rest>.*)$",
    re.I,
)
_LABEL_KIND = {"key finding": "finding", "finding": "finding", "learning point": "learning", "learning": "learning",
               "lesson": "learning", "concern": "concern", "recommendation": "recommendation",
               "rec": "recommendation", "rec.": "recommendation"}
# numbered list items at line start: "1.", "1)", "(1)", "4.1 ", "a)", "(b)"
_NUMBERED = re.compile(r"^(?:\((?P<n1>\d{1,2}|[a-z])\)|(?P<n2>\d{1,2}(?:\.\d{1,2})*)(?:[.)]|(?<=\d)(?=\s))|(?P<n3>[a-z])\))\s+(?P<rest>\S.*)$")
_BULLET = re.compile(r"^\s*(?:[-•●▪◦*o]|\u2013)\s+(?P<rest>\S.*)$")
# a PFD box heading left inside a section's text by the splitter ("6 | ACTION SHOULD BE TAKEN In my ...")
_PFD_BOX = re.compile(
    r"^\(?\d{1,2}[.)]?\s*\|?\s*(?:CORONER'?[’']?S CONCERNS|ACTION SHOULD BE TAKEN|YOUR RESPONSE|COPIES AND PUBLICATION|"
    r"CIRCUMSTANCES OF THE DEATH|INVESTIGATION AND INQUEST|INVESTIGATION|CORONER'?[’']?S LEGAL POWERS|CORONER)\b",
    re.M | re.I)
_CELL_SEP_PIPE = re.compile(r"\s*\|\s*")
_CELL_SEP_SPACE = re.compile(r"\s{2,}|\t+")
_MODAL = re.compile(
    r"\b(?:should|must|shall|needs? to|will|is (?:asked|recommended|requested|required|invited) to|"
    r"are (?:asked|recommended|requested|required|invited) to)\b"
)
_LEAD_STRIP = re.compile(
    r"^(?:(?:it is |the review |this review |the panel |we )?(?:recommend(?:s|ed)?|proposes?)\s+that\s+|that\s+|recommendation\s*:?\s*)",
    re.I,
)
_SENT_TO = re.compile(r"THIS REPORT IS BEING SENT\s+TO\s*:?", re.I)
_ROLE_PREFIX = re.compile(
    r"^(?:the\s+)?(?:chief executive(?: officer)?|ceo|medical director|director(?: of [\w'’ ]+?)?|chair(?:man|person)?|"
    r"chief constable|minister for [\w ]+?|registered manager|manager|head(?: teacher)?|independent scrutineer|"
    r"senior partner|practice manager|chief nurse|president|principal|chief officer|managing director)"
    r"\s*(?:,|\bof\b|\bif\b|\bat\b|\bfor\b)\s*",
    re.I,
)
_TOKEN = re.compile(r"[a-z0-9]+")


# --------------------------------------------------------------------------- helpers

def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


def token_overlap(a: str, b: str) -> float:
    """Multiset token overlap |a ∩ b| / max(|a|, |b|) (1.0 for two empty texts)."""
    ta, tb = Counter(tokens(a)), Counter(tokens(b))
    na, nb = sum(ta.values()), sum(tb.values())
    if not na and not nb:
        return 1.0
    return sum((ta & tb).values()) / max(na, nb)


def containment(small: str, big: str) -> float:
    ts, tb = Counter(tokens(small)), Counter(tokens(big))
    n = sum(ts.values())
    return sum((ts & tb).values()) / n if n else 1.0


def clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def heading_kind(title: str | None) -> str | None:
    """What a heading announces: one of KINDS, 'recommendation', or None."""
    if not title:
        return None
    t = re.sub(r"^(?:section|part|chapter|appendix|annexe?)\s+(?:\d+|[ivx]+|[A-Z]|" + _WORDNUM + r")\b\s*[-–—:.]?\s*",
               "", title.strip(), flags=re.I)
    t = t.strip(" .:–-")
    if _NOT_CONTAINER.search(t):
        return None
    for kind, rx in _KIND_RULES:
        if rx.search(t):
            return kind
    return None


def norm_number(num: str | None) -> str | None:
    if num is None:
        return None
    n = num.strip().rstrip(".")
    return WORD_NUMBERS.get(n.lower(), n)


_GAP_MARKS = "-•●▪◦*–"  # bullets and dashes: with spaces, what may stand between two of an item's words
_GAP = rf"(?:\s|[{_GAP_MARKS}])+"  # ("-" first in the class: a literal)


def _is_gap(ch: str) -> bool:
    return ch.isspace() or ch in _GAP_MARKS  # str.isspace is the regular expression's \s


def _gapped(text: str, words: list[str], pos: int) -> Iterator[tuple[int, int]]:
    """The successive, non-overlapping matches from ``pos`` of ``words`` joined by ``_GAP``: what
    ``re.finditer(_GAP.join(map(re.escape, words)), text, pos)`` gives, without compiling a
    pattern for each item (most of this function's time, about a millisecond each). A word that
    starts with a gap mark would need the pattern's backtracking, so then it is compiled."""
    if any(_is_gap(w[0]) for w in words[1:]):
        for m in re.compile(_GAP.join(re.escape(w) for w in words)).finditer(text, pos):
            yield m.span()
        return
    first, rest, n = words[0], words[1:], len(text)
    p = text.find(first, pos)
    while p >= 0:
        i = p + len(first)
        for w in rest:
            j = i
            while j < n and _is_gap(text[j]):
                j += 1
            if j == i or not text.startswith(w, j):
                break
            i = j + len(w)
        else:
            yield p, i
            p = text.find(first, i)
            continue
        p = text.find(first, p + 1)


def locate(section_text: str, item_text: str, start: int = 0) -> tuple[int, int] | None:
    """Offsets in ``section_text`` of ``item_text`` (whitespace- and markup-insensitive)."""
    words = [w for w in item_text.split() if w.strip(_GAP_MARKS)]  # not a bare bullet or dash
    if not words:
        return None
    m = next(_gapped(section_text, words[:12], start), None)
    if m is None:
        return None
    s = m[0]
    last = None
    for mm in _gapped(section_text, words[-6:], s):
        last = mm
        if mm[1] - s >= len(item_text) * 0.8:
            break
    return (s, last[1] if last else min(len(section_text), s + len(item_text)))


@dataclass
class _Item:
    kind: str
    number: str | None
    title: str | None
    text: str
    section: Section
    start: int  # offsets in section.text
    end: int
    group_title: str | None = None  # heading of the agency group (individual agency recs)
    labelled: bool = False  # found by a "Finding 2:" / "Recommendation 3:" label
    scope_hint: str | None = None
    lead_agency: str | None = None  # from a table's lead-agency column
    agency_label: str | None = None  # "Northshire Constabulary: officers should ..."


# --------------------------------------------------------------------------- splitting text

def _split_inline(section: Section, kind: str, *, allow_bullets: bool = True,
                  allow_whole: bool = True) -> list[_Item]:
    """Items inside one section's text: labelled paragraphs, numbered lists, bullets."""
    text = section.text or ""
    lines = []
    pos = 0
    for raw in text.split("\n"):
        lines.append((pos, raw))
        pos += len(raw) + 1
    starts: list[tuple[int, int, str | None, str]] = []  # (line index, char offset, number, rest)
    prev = None
    for i, (off, raw) in enumerate(lines):
        s = raw.strip()
        if not s:
            continue
        lead = off + raw.index(s[0])
        m = _LABEL.match(s)
        if m and (_LABEL_KIND.get(m.group("label").lower()) in (kind, None) or kind == "finding"):
            lk = _LABEL_KIND.get(m.group("label").lower())
            if lk == kind or (kind == "finding" and lk in KINDS):
                starts.append((i, lead, norm_number(m.group("num")), lead + m.start("rest"), lk))
                prev = ("label", norm_number(m.group("num")))
                continue
        m = _NUMBERED.match(s)
        if m:
            num = m.group("n1") or m.group("n2") or m.group("n3")
            if _follows(prev, num):
                starts.append((i, lead, norm_number(num), lead + m.start("rest"), None))
                prev = ("num", num)
    items: list[_Item] = []
    if starts:
        for j, (i, off, num, rest, lk) in enumerate(starts):
            end = starts[j + 1][1] if j + 1 < len(starts) else len(text)
            title = None
            first = lines[i][1].strip()
            mm = _LABEL.match(first)
            body_start = rest  # the text after the "Finding 2:" / "3." marker
            if mm:
                r = mm.group("rest").strip()
                # a short label line is a title ("Finding 2: Early help"); a sentence is text
                if r and len(r) <= 120 and not re.search(r"[.;?]\s*$", r) and len(r.split()) <= 14:
                    title = r.strip(" :.-–")
                    body_start = lines[i][0] + len(lines[i][1]) + 1 if i + 1 < len(lines) else end
            body_start = min(body_start, end)
            end = _cut_at_box(text, body_start, end)
            body = text[body_start:end].rstrip()
            items.append(_Item(lk or kind, num, title, body, section, body_start, body_start + len(body),
                               labelled=lk is not None))
        return items
    if allow_bullets:
        bl = [(off + raw.index(raw.strip()[0]), raw) for off, raw in lines if _BULLET.match(raw)]
        if len(bl) >= 2:
            for j, (off, raw) in enumerate(bl):
                end = bl[j + 1][0] if j + 1 < len(bl) else len(text)
                body = text[off:end].rstrip()
                # strip trailing non-bullet prose paragraphs after the last bullet
                if j + 1 == len(bl):
                    para = re.split(r"\n\s*\n", body, maxsplit=1)
                    body = para[0].rstrip()
                items.append(_Item(kind, None, None, body, section, off, off + len(body)))
            return items
    if allow_whole and text.strip():
        s = len(text) - len(text.lstrip())
        e = len(text[:_cut_at_box(text, s, len(text))].rstrip())
        items.append(_Item(kind, section.number, section.title, text[s:e], section, s, e))
    return items


_EXPLICIT_LABEL = re.compile(
    rf"^(?P<label>key finding|finding|learning point|lesson|recommendation)\s+"
    rf"(?P<num>\d+(?:\.\d+)*[a-z]?|(?-i:[A-Z])|{_WORDNUM})\s*[:.\-–—)]\s*(?P<rest>.*)$", re.I)


def _labelled_items(section: Section) -> list[_Item]:
    """Labelled paragraphs anywhere ("Learning point 1: Self-neglect is rarely ..."), each
    with an explicit delimiter after the number.  A short title-like label line takes the
    text up to the next label; a sentence label takes its paragraph (and bullets after it)."""
    text = section.text or ""
    lines, pos = [], 0
    for raw in text.split("\n"):
        lines.append((pos, raw))
        pos += len(raw) + 1
    starts = []
    for i, (off, raw) in enumerate(lines):
        st = raw.strip()
        m = _EXPLICIT_LABEL.match(st) if st else None
        if m:
            starts.append((i, off + raw.index(st[0]), m))
    items = []
    for j, (i, off, m) in enumerate(starts):
        nxt = starts[j + 1][1] if j + 1 < len(starts) else len(text)
        rest = m.group("rest").strip()
        kind = _LABEL_KIND[m.group("label").lower()]
        title = None
        lead = off + m.start("rest")
        if rest and len(rest) <= 120 and not re.search(r"[.;?:]\s*$", rest) and len(rest.split()) <= 14 \
                and i + 1 < len(lines):
            title = rest.strip(" :.-–")
            start, end = lines[i + 1][0], nxt
        else:
            start, end = lead, nxt
            # the paragraph, and any bullet paragraphs right after it
            for pm in re.finditer(r"\n\s*\n", text[start:nxt]):
                after = text[start + pm.end():nxt].lstrip()
                if not _BULLET.match(after.split("\n", 1)[0] if after else ""):
                    end = start + pm.start()
                    break
        end = _cut_at_box(text, start, end)
        body = text[start:end].rstrip()
        if body.strip():
            items.append(_Item(kind, norm_number(m.group("num")), title, body, section, start, start + len(body),
                               labelled=True))
    return items


def _concern_items(section: Section) -> list[_Item]:
    """The matters of concern of a PFD box (``units.concern_items``): one item per top-level
    numbered item or paragraph, the statutory preamble left out, the number kept."""
    text = section.text or ""
    out = []
    for s, e in concern_items(text):
        m = ITEM_MARK.match(text[s:e])
        num = norm_number(m.group("n")) if m and m.group("n") else None
        body_start = s + (m.end() if m else 0)
        e = body_start + len(text[body_start:_cut_at_box(text, body_start, e)].rstrip())
        if e > body_start:
            out.append(_Item("concern", num, None, text[body_start:e], section, body_start, e))
    return out


def _paragraph_recs(section: Section) -> list[_Item]:
    """Unnumbered recommendations, one paragraph each: a paragraph whose first sentence has a
    modal verb and a named subject ("The LSCB should ...", "Police should ...") starts one; the
    paragraphs after it (its explanation) belong to it; paragraphs before the first are an intro."""
    text = section.text or ""
    paras = [(m.start(), m.end()) for m in re.finditer(r"\S(?:.*?\S)?(?=\n\s*\n|\s*$)", text, re.S)]
    items: list[_Item] = []
    for ps, pe in paras:
        body = text[ps:pe]
        first = re.split(r"(?<=[.!?])\s", re.sub(r"\s", " ", body), maxsplit=1)[0]
        span = lead_subject(first) if _MODAL.search(first) else None
        subj = first[span[0]:span[1]] if span else ""
        # any partnership stands in for "the Partnership" here: only "is it named?" matters
        named = bool(subj) and (bool(_rule_matches(subj, DocContext(partnership="own partnership")))
                                or _proper_np(subj) is not None)
        if named:
            items.append(_Item("recommendation", None, None, body, section, ps, pe))
        elif items:
            last = items[-1]
            last.text = text[last.start:pe]
            last.end = pe
    if not items and text.strip() and _MODAL.search(text):
        s0 = len(text) - len(text.lstrip())
        e0 = _cut_at_box(text, s0, len(text.rstrip()))
        items.append(_Item("recommendation", None, None, text[s0:e0], section, s0, e0))
    return items


def _cut_at_box(text: str, start: int, end: int) -> int:
    """``end``, or the start of the first PFD box heading line after ``start``."""
    m = _PFD_BOX.search(text, start + 1, end)
    return m.start() if m else end


def _pfd_action_in_text(sections: Sequence[Section]) -> list[_Item]:
    """A PFD "ACTION SHOULD BE TAKEN" box the splitter left inside another section's text."""
    rx = re.compile(r"^\(?\d{1,2}[.)]?\s*\|?\s*ACTION SHOULD BE TAKEN\b[\s|:.]*", re.M | re.I)
    for sec in sections:
        m = rx.search(sec.text or "")
        if m:
            end = _cut_at_box(sec.text, m.end(), len(sec.text))
            body = sec.text[m.end():end].rstrip().rstrip("|").rstrip()
            if body:
                return [_Item("pfd_action", None, None, body, sec, m.end(), m.end() + len(body))]
    return []


def _follows(prev, num: str) -> bool:
    """Is ``num`` a plausible next number of a list whose last item was ``prev``?"""
    if prev is None:
        return num in ("1", "a", "i") or bool(re.fullmatch(r"\d+(\.\d+)*", num))
    kind, p = prev
    if p is None:
        return False
    if p.isdigit() and num.isdigit():
        return int(num) == int(p) + 1
    if re.fullmatch(r"[a-z]", p) and re.fullmatch(r"[a-z]", num):
        return ord(num) == ord(p) + 1
    if "." in num:
        a, b = p.rsplit(".", 1) if "." in p else (p, "0")
        na, nb = num.rsplit(".", 1)
        return (na == a and nb.isdigit() and b.isdigit() and int(nb) == int(b) + 1) or (
            a.isdigit() and na.isdigit() and int(na) == int(a) + 1 and nb == "1") or (na == p and nb == "1")
    return False


# --------------------------------------------------------------------------- tables

_HEADER_WORDS = re.compile(
    r"^(?:recommendations?|action(?:s| required| to take)?|lead(?: agency| officer| organisation)?|agency|"
    r"target(?: date)?|timescales?|milestones?|key milestones|outcomes?|owner|responsib\w*|scope|status|date|"
    r"completion(?: date)?(?: and outcome)?|no\.?|number|ref\.?|#|rec(?:ommendation)? no\.?)$",
    re.I,
)


def _cells(line: str, bordered: bool | None = None) -> list[tuple[int, str]]:
    """Cells of a table line with their start column; empty cells kept for '|' tables.

    ``bordered``: the table draws outer pipes ("| 1 | text |"); when it does not, a line
    starting with "|" has an empty first cell.  None: decide from this line.
    """
    if "|" in line:
        body = line.strip()
        lead = line.index(body[0]) if body else 0
        if bordered is None:
            bordered = body.startswith("|")
        if bordered and body.startswith("|"):
            body = body[1:]
            lead += 1
        if body.endswith("|") and (bordered or body.rstrip("|").strip() == body.rstrip("|")):
            body = body[:-1]
        out, col = [], lead
        for part in body.split("|"):
            out.append((col, part.strip()))
            col += len(part) + 1
        return out
    out = []
    for m in re.finditer(r"\S(?:.*?\S)?(?=\s{2,}|\t|$)", line):
        out.append((m.start(), m.group(0).strip()))
    return out


def _is_header(cells: list[tuple[int, str]]) -> bool:
    names = [c for _, c in cells if c]
    if len(names) < 2 or not all(_HEADER_WORDS.match(c) for c in names):
        return False
    return any(re.match(r"recommendation", c, re.I) for c in names)


def _split_tables(section: Section, scope_hint: str | None) -> list[_Item]:
    text = section.text or ""
    lines, pos = [], 0
    for raw in text.split("\n"):
        lines.append((pos, raw))
        pos += len(raw) + 1
    items: list[_Item] = []
    header = None  # list[(col, name)]
    header_bordered = False
    cur: dict | None = None

    def flush():
        nonlocal cur
        if cur is None:
            return
        rec_col = cur["rec_col"]
        rtext = clean(" ".join(cur["cols"].get(rec_col, [])))
        lead = clean(" ".join(cur["cols"].get(cur["lead_col"], []))) if cur["lead_col"] is not None else None
        num = cur["number"]
        if rtext:
            m = re.match(r"^(?:R|Rec\.?\s*)?(\d+(?:\.\d+)*)[.):]?\s+(.*)$", rtext)
            if num is None and m:
                num, rtext = m.group(1), m.group(2)
            items.append(_Item("recommendation", num, None, rtext, section, cur["start"], cur["end"],
                               scope_hint=scope_hint, lead_agency=lead or None))
        cur = None

    for off, raw in lines:
        if not raw.strip():
            continue
        cells = _cells(raw, None if header is None else header_bordered)
        if _is_header(_cells(raw)):
            cells = _cells(raw)
            if header is None or [n.lower() for _, n in cells] != [n.lower() for _, n in header]:
                flush()
                header = cells
                header_bordered = raw.strip().startswith("|")
            continue  # a header repeated after a page break continues the table
        if header is None:
            continue
        names = [n.lower() for _, n in header]
        rec_col = next(i for i, n in enumerate(names) if n.startswith("recommendation") and "no" not in n)
        num_col = next((i for i, n in enumerate(names) if re.match(r"^(no\.?|number|ref\.?|#|rec(ommendation)? no\.?)$", n)), None)
        lead_col = next((i for i, n in enumerate(names) if re.match(r"^(lead|agency|owner|responsib)", n)), None)
        if len(cells) == 1 and len(cells[0][1]) > 110 and "|" not in raw:
            flush()  # a prose paragraph: the table has ended
            header = None
            continue
        # assign cells to columns
        if "|" in raw or len(cells) == len(header):
            assigned = {i: c for i, (_, c) in enumerate(cells) if i < len(header)}
        else:
            starts = [c for c, _ in header]
            assigned = {}
            for col, c in cells:
                idx = max([i for i, s in enumerate(starts) if s <= col + 2] or [0])
                assigned[idx] = (assigned.get(idx, "") + " " + c).strip()
        key_col = num_col if num_col is not None else rec_col
        key = assigned.get(key_col, "")
        starts_row = bool(re.match(r"^(?:R|Rec\.?\s*)?\d+(?:\.\d+)*[.):]?(?:\s|$)", key))
        if not starts_row and num_col is None and cur is not None and key[:1].isupper():
            # no numbers anywhere: a capitalised recommendation cell after a finished sentence is a new row
            prev = " ".join(cur["cols"].get(rec_col, []))
            starts_row = bool(re.search(r"[.!?]['\"”’]?$", prev)) and not re.search(r"\d", prev[:4])
        if starts_row or cur is None:
            flush()
            number = None
            if num_col is not None and key:
                number = norm_number(re.sub(r"^(?:R|Rec\.?\s*)", "", key).rstrip(".):"))
            cur = {"number": number, "cols": {}, "start": off, "end": off + len(raw),
                   "rec_col": rec_col, "lead_col": lead_col}
            for i, c in assigned.items():
                if i == num_col or not c:
                    continue
                cur["cols"].setdefault(i, []).append(c)
        else:
            for i, c in assigned.items():
                if c and i != num_col:
                    cur["cols"].setdefault(i, []).append(c)
            cur["end"] = off + len(raw)
    flush()
    return items


# --------------------------------------------------------------------------- addressees

@functools.lru_cache(maxsize=None)
def _addressee_rules() -> tuple[tuple[re.Pattern, str, str | None, str | None], ...]:
    path = MODELS_DIR / "addressees.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as e:
        raise ExtractError(str(path), "findings", f"cannot load addressee rules: {e}") from e
    out = []
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise ExtractError(str(path), "findings", "expected a mapping with a 'rules' list")
    for i, r in enumerate(data["rules"]):
        for key in ("pattern", "canonical", "agency_type"):
            if not isinstance(r, dict) or not isinstance(r.get(key), str):
                raise ExtractError(str(path), "findings", f"rules[{i}]: missing or non-string '{key}'")
        if r.get("scope_hint") not in (None, "national", "multi_agency", "single_agency"):
            raise ExtractError(str(path), "findings", f"rules[{i}]: unknown scope_hint {r.get('scope_hint')!r}")
        try:
            rx = re.compile(r["pattern"])
        except re.error as e:
            raise ExtractError(str(path), "findings", f"rules[{i}]: bad pattern: {e}") from e
        out.append((rx, r["canonical"], r["agency_type"], r.get("scope_hint")))
    return tuple(out)


def _place(p: str | None) -> str | None:
    if not p:
        return None
    p = re.sub(r"^(?:(?:The|All|Each|That|And|Every|NHS)\s+)+", "", p.strip())
    if p in ("The", "All", "Each", "Local", "National", "NHS", ""):
        return None
    return p


@dataclass(frozen=True)
class DocContext:
    """What addressee canonicalisation needs to know about the review itself."""

    place: str | None = None  # "Coventry" in "Coventry LSCB"
    partnership: str | None = None  # "Coventry Local Safeguarding Children Board"


def _rule_matches(phrase: str, doc: DocContext) -> list[tuple[int, int, str, str | None, str | None]]:
    """(start, end, agency, agency_type, scope_hint) for each rule match, in text order, no overlaps."""
    found: list[tuple[int, int, str, str | None, str | None]] = []
    for rx, canon, atype, hint in _addressee_rules():
        for m in rx.finditer(phrase):
            if any(s < m.end() and m.start() < e for s, e, *_ in found):
                continue
            place = _place(m.groupdict().get("place")) if "place" in rx.groupindex else None
            if place is None and atype == "safeguarding_partnership":
                place = doc.place
            name = canon.replace("{match}", re.sub(r"^(?:[Tt]he|NHS)\s+", "", m.group(0).strip()))
            if "{partnership}" in name:
                if not doc.partnership:
                    continue
                name = name.replace("{partnership}", doc.partnership)
            found.append((m.start(), m.end(), _fill(name, place), atype, hint))
    found.sort()
    return found


def canonical_addressees(phrase: str, doc: DocContext | None = None) -> list[tuple[str, str | None, str | None]]:
    """(agency, agency_type, scope_hint) for each agency named in ``phrase``, in text order (a phrase
    that is a known body's whole name is that body, not the rule matches inside it: "HM Prison and
    Probation Service" is no Probation Service)."""
    body = _known_body(phrase)
    if body is not None:
        return [body]
    out, seen = [], set()
    for _, _, name, atype, hint in _rule_matches(phrase, doc or DocContext()):
        if name:
            name, atype, hint = _known_body(name) or (name, atype, hint)
        if name and name.lower() not in seen:
            seen.add(name.lower())
            out.append((name, atype, hint))
    return out


def canonical_part(part: str, doc: DocContext | None = None) -> tuple[str, str | None, str | None] | None:
    """One agency named by a whole phrase (a table cell, a "SENT TO" entry, an "Agency:" label).

    A body of the entity vocabulary named in full gives its name and type (``_known_body``); a
    rule match covering most of the phrase gives its canonical name; otherwise the
    phrase is kept as written (leading "the" dropped), typed by the last rule that matched
    inside it ("Northshire County Council Children's Social Care" -> childrens_social_care).
    """
    part = clean(re.sub(r"\[[^\]]*\]", "", part)).strip(" ,.;:")
    if not part:
        return None
    body = _known_body(part) or _council_of_unit(part) or _unit_of_known_body(part)
    if body is not None:  # a body of the entity vocabulary: its one name and type, in every review
        return body
    ms = _rule_matches(part, doc or DocContext())
    if len({m[2] for m in ms}) > 1:  # "Secretary of State for the Department of Transport": the department
        ms = [m for m in ms if m[2] != "Government"] or ms
    if len({m[2] for m in ms}) > 1 and re.match(r"(?i)(?:the\s+)?(?:secretary of state|minister)\b", part):
        # "Minister of State for Prisons, Parole and Probation": the minister's department, not the services
        # their portfolio names
        ms = [m for m in ms if m[0] <= 4 and m[3] == "national_body"] or ms
    bare = len(re.sub(r"^(?:the)\s+", "", part, flags=re.I))  # "the SAB": the article does not count
    national = bool(ms) and all(m[3] == "national_body" and m[2] != "Government" for m in ms)
    if ms and len({m[2] for m in ms}) == 1 and (sum(m[1] - m[0] for m in ms) >= 0.6 * bare or national):
        # one body, perhaps named twice ("Lord Chancellor and Secretary of State for Justice")
        return _known_body(ms[0][2]) or (ms[0][2], ms[0][3], ms[0][4])
    name = re.sub(r"^(?:the)\s+", "", part, flags=re.I)
    return (name, ms[-1][3] if ms else None, ms[-1][4] if ms else None)


# a council's department or unit before the council, named by its place or its initials: "Highways Department
# Bath and North East Somerset", "Highways at NWBC", "Legal Services Lincolnshire"
_UNIT_BEFORE_PLACE = re.compile(rf"^(?i:(?:(?:{recipients.DEPT_WORDS}|and|&)\s+)+(?:(?:at|of|for)\s+(?:the\s+)?)?)"
                                r"(?P<rest>[A-Z][\w&'’-]*(?:\s+(?:and\s+|&\s+|upon\s+|on\s+)?[A-Z][\w&'’-]*){0,5})$")
_COUNCIL_INITIALS = re.compile(r"^[A-Z]{1,6}(?:CC|BC|DC|MBC|C)$")
_COUNCIL_FORMS = ("", " Council", " County Council", " City Council", " Borough Council", " District Council",
                  " Metropolitan Borough Council")


def _council_of_unit(part: str) -> tuple[str, str, str | None] | None:
    m = _UNIT_BEFORE_PLACE.match(part)
    if m is None:
        return None
    rest = m.group("rest")
    if _COUNCIL_INITIALS.match(rest):
        return rest, "local_authority", None  # "Highways Department ERYC": the council by its initials
    if not re.search(r"(?i)\b(?:highways?|transport|traffic|road safety|department|directorate|division)\b", part[:m.start("rest")]):
        return None  # "Legal Services Lincolnshire": a shared service's own name, not a council's department
    for form in _COUNCIL_FORMS:
        body = _known_body(rest + form)
        if body is not None and body[1] == "local_authority":
            return body
    return None


_UNIT_OF = re.compile(r"^(?:[A-Z][\w&'’-]*\s+){0,4}(?:Section|Unit|Division|Directorate|Team|Department|Office|Branch|Desk)"
                      r"\s+(?:of|at|within|in)\s+(?:the\s+)?(?P<body>[A-Z].+)$")


_DEPT_OF = re.compile(rf"^(?i:(?:(?:{recipients.DEPT_WORDS}|and|&)\s+)+(?:of|at|for|within)\s+(?:the\s+)?)(?P<body>[A-Z].+)$")


def _unit_of_known_body(part: str) -> tuple[str, str, str | None] | None:
    """A unit of a known body, named before it: "Americas Section of the Foreign, Commonwealth and Development
    Office", "Legal and Democratic Services of <the council>" (the body; not "Department of Health": a body's
    own name, known as a whole before this is tried)."""
    m = _UNIT_OF.match(part) or _DEPT_OF.match(part)
    return _known_body(m.group("body")) if m else None


def _known_prefix_type(name: str) -> str | None:
    """The addressee type of the known body a longer name begins with ("Priory Hospital Ticehurst House": a site
    of a known mental health provider, not an acute hospital by its head noun)."""
    words = name.split()
    for k in range(len(words) - 1, 1, -1):
        body = _known_body(" ".join(words[:k]))
        if body is not None:
            return body[1]
    return None


def _known_body(text: str) -> tuple[str, str, str | None] | None:
    """(name, addressee type, scope hint) of a named body of models/agencies.jsonl that ``text`` names
    in full (name, variant or abbreviation): the entity stage and the addressees type it alike."""
    from .nlp import load_vocab

    v = load_vocab()
    body = v.named_body(text) or v.loose_body(text)
    return body.as_addressee if body is not None else None


def _fill(canonical: str, place: str | None) -> str:
    return clean(canonical.replace("{place}", place or ""))


_PARTNERSHIP_RX = re.compile(
    r"\b((?:[A-Z][\w'’-]+ ){0,2}[A-Z][\w'’-]+) (?:Local Safeguarding Children(?:'s)? Board|LSCB|"
    r"Safeguarding Children(?:'s)? Partnership|LSCP|Safeguarding Adults Board|Community Safety Partnership)\b")


def doc_context(sections: Sequence[Section]) -> DocContext:
    """The review's own partnership: the most often named one ("Coventry LSCB" x 20)."""
    names: Counter[str] = Counter()
    places: Counter[str] = Counter()
    # names as printed first; only if none is found, names wrapped over lines (two-column layouts)
    for collapse in (False, True):
        for s in sections:
            blob = (s.title or "") + "\n" + (s.text or "")
            if collapse:
                blob = re.sub(r"\s+", " ", s.text or "")
            for m in _PARTNERSHIP_RX.finditer(blob):
                p = _place(m.group(1))
                if not p:
                    continue
                places[p] += 1
                got = _rule_matches(p + m.group(0)[len(m.group(1)):], DocContext(place=p))
                if got:
                    names[got[0][2]] += 1
        if places:
            break
    return DocContext(place=places.most_common(1)[0][0] if places else None,
                      partnership=names.most_common(1)[0][0] if names else None)


_NOT_AGENCY_LABEL = re.compile(r"^(?:action|rationale|recommendation|response|note|outcome|lead|target|"
                               r"scope|status|context|why|what|how|progress|update|evidence)\b", re.I)


def agency_label(text: str) -> tuple[str, str] | None:
    """("Northshire Constabulary", rest) for "Northshire Constabulary: officers should ..."."""
    m = re.match(r"^(?P<label>[A-Z][^:.;?!\n]{1,100}?):\s+(?P<rest>\S.*)$", text, re.S)
    if not m:
        return None
    label = m.group("label").strip()
    if len(label.split()) > 12 or _MODAL.search(label) or _NOT_AGENCY_LABEL.match(label):
        return None
    return label, m.group("rest")


def lead_subject(text: str) -> tuple[int, int] | None:
    """Span (in ``text``) of the subject noun phrase of the first sentence with a modal."""
    # a subject may be wrapped over lines ("Kingsmere Safeguarding Children\n\nPartnership should")
    text = re.sub(r"\s", " ", text)
    for sm in re.finditer(r"[^.;:!?]+(?:[.;:!?]|$)", text):
        sent = sm.group(0)
        mm = _MODAL.search(sent)
        to = re.match(r"^\s*((?:[Tt]he |All |Each )?(?:[A-Z][\w'’&-]*\s*){1,8})\s+to\s+[a-z]", sent)
        if not mm and not to:
            continue
        end = mm.start() if mm else to.end(1)
        if to and (not mm or to.end(1) < mm.start()):
            end = to.end(1)
        subj = sent[:end]
        lm = _LEAD_STRIP.match(subj.lstrip())
        s0 = len(subj) - len(subj.lstrip()) + (lm.end() if lm else 0)
        if not subj[s0:].strip():
            continue
        return (sm.start() + s0, sm.start() + len(subj.rstrip()))
    return None


def _proper_np(phrase: str) -> str | None:
    """A subject kept as written when no rule names it: "Wexham Vale Domestic Abuse Service"."""
    p = re.sub(r"^(?:the)\s+", "", clean(phrase), flags=re.I).strip(" ,")
    words = p.split()
    if not words or len(words) > 10 or not words[0][:1].isupper():
        return None
    if len(words) == 1 and not words[0].isupper():
        return None  # "Officers", "Practitioners": a sentence-initial capital, not a name
    caps = sum(1 for w in words if w[:1].isupper() or w.lower() in ("and", "of", "for", "&"))
    # "The Leaving Care service": a capitalised name ending in an organisation noun
    if caps == len(words) - 1 and len(words) >= 3 and words[-1].lower() in _ORG_NOUNS:
        return p
    return p if caps == len(words) else None


_ORG_NOUNS = {"service", "services", "team", "teams", "unit", "department", "board", "partnership", "trust",
              "hub", "group", "panel", "council", "provider", "practice", "practices", "centre"}


def _addressees_for(item: _Item, mentions_by_section: dict[int, list[Mention]], doc: DocContext,
                    sent_to: list[tuple[str, str | None, str | None]] | None):
    names: list[str] = []
    types: list[str | None] = []
    hints: list[str | None] = []

    def add(n, t, h):
        if n and n.lower() not in {x.lower() for x in names}:
            names.append(n)
            types.append(t)
            hints.append(h)

    if item.kind == "pfd_action":
        for n, t, h in sent_to or []:
            add(n, t, h)
        return names, types, hints
    for named in (item.lead_agency, item.agency_label):  # a Lead agency cell, then an "Agency:" label
        for part in re.split(r"\s*(?:/|;|,|\band\b|&)\s*", named or ""):
            got = canonical_part(part, doc) if part else None
            if got:
                add(*got)
        if names:
            return names, types, hints
    if item.group_title:
        # recommendations grouped under an agency heading ("West Midlands Police") are that agency's
        got = canonical_part(item.group_title, doc)
        if got:
            add(*got)
            return names, types, hints
    span = lead_subject(item.text)
    if span:
        subj = item.text[span[0]:span[1]]
        sec_mentions = mentions_by_section.get(item.section.section_id, [])
        if sec_mentions:
            loc = locate(item.section.text, subj, item.start)
            if loc:
                for m in sec_mentions:
                    if m.label == "AGENCY" and loc[0] <= m.start_char and m.end_char <= loc[1]:
                        hint = None
                        for _, _t, h in canonical_addressees(m.text, doc):
                            hint = hint or h
                        if m.kind in ("national_body", "inspectorate_regulator"):
                            hint = "national"
                        add(*(_known_body(m.norm) or (m.norm, m.kind, hint)))
        if not names:
            for part in subject_parts(subj, doc) + _more_subjects(item.text, span):
                got = canonical_part(part, doc) if _rule_matches(part, doc) else None
                if got is None:
                    p = _proper_np(part)
                    got = (p, None, None) if p else None
                if got:
                    add(*got)
    return names, types, hints


def _more_subjects(text: str, span: tuple[int, int]) -> list[str]:
    """Subjects of further "..., and the SAB should ..." clauses in the lead sentence."""
    flat = re.sub(r"\s", " ", text)
    end = re.search(r"[.;!?](?:\s|$)", flat[span[1]:])
    sent = flat[span[1]:span[1] + (end.start() if end else len(flat))]
    out = []
    for m in re.finditer(r"(?:,\s*|\s)and\s+((?:the\s+)?(?-i:[A-Z])[\w'’&-]*(?:\s+[A-Z][\w'’&-]*){0,6})\s+"
                         r"(?:should|must)\b", sent):
        out.append(m.group(1))
    return out


def subject_parts(subj: str, doc: DocContext | None = None) -> list[str]:
    """A subject split into agencies at "and" / "," / "&" / "/", never inside a rule match
    ("The Department of Health and Social Care and NHS England" -> two parts)."""
    protected = [(s0, e0) for s0, e0, *_ in _rule_matches(subj, doc or DocContext())]
    parts, start = [], 0
    for m in re.finditer(r"\s*(?:,\s*(?:and\s+)?|\band\b|&|/)\s*", subj):
        if any(s0 <= m.start() < e0 for s0, e0 in protected):
            continue
        parts.append(subj[start:m.start()])
        start = m.end()
    parts.append(subj[start:])
    return [clean(p) for p in parts if clean(p)]


def _scope(names, types, hints, item: _Item) -> str | None:
    if "national" in hints or any(t in ("national_body", "inspectorate_regulator") for t in types):
        return "national"
    if item.scope_hint in ("national", "single_agency"):
        return item.scope_hint
    if not names:
        return item.scope_hint
    if ("multi_agency" in hints or len(names) > 1
            or any(t in ("safeguarding_partnership", "all_agencies", "multi_agency_forum") for t in types)):
        return "multi_agency"
    return "single_agency"


def _sent_to(sections: Sequence[Section], doc: DocContext):
    """Bodies listed under a PFD's "THIS REPORT IS BEING SENT TO".

    Searched in the whole document (headings and texts in order), because splitters may
    cut the box into pieces: "1 Chief Executive Officer of The Priory Group" can arrive as
    a numbered heading.  Entries end at the first box heading ("1 CORONER").
    """
    flat = "\n".join("\n".join(x for x in (" ".join(y for y in (s.number, s.title) if y), s.text) if x)
                      for s in sections)
    m = _SENT_TO.search(re.sub(r"[ \t]+", " ", flat))
    if not m:
        return None
    flat = re.sub(r"[ \t]+", " ", flat)
    entries: list[list[str]] = []  # each entry's lines: "1. Name, Role, Organisation", then address lines
    box = re.compile(r"^\(?\d{1,2}[.)]?\s*\|?\s*(?:CORONER|INVESTIGATION|CIRCUMSTANCES|ACTION SHOULD|YOUR RESPONSE|COPIES)\b")
    rest = flat[m.end():]
    first, _, rest = rest.partition("\n")
    block: list[str] = []
    for line in [first] + rest.split("\n"):
        t = line.strip()
        if not t:
            continue
        if box.match(t) or (t.isupper() and block and not re.search(r"\bNHS\b", t)):
            break  # the next box: "1 CORONER"
        block += re.split(r"\s(?=\(?\d{1,2}[.)]\s+[A-Z])", t)  # "1. A 2. B" run onto one line
        if len(block) > 40:
            break
    if any(";" in t for t in block):  # "A; B; C", wrapped over lines
        entries = [[e] for e in recipients.split_inline(" ".join(block))]
    else:
        for t in block:
            # "2. Name": the next entry; "39 Some Street" is an address line of this one
            mm = re.match(r"^\(?(\d{1,2})[.)]?\s+(\S.*)$", t)
            # (the first entry's number may be misread by OCR: "4." for "1.")
            if mm and (int(mm.group(1)) == len(entries) + 1 or not entries) and not recipients.is_address(t):
                entries.append([mm.group(2)])
            elif entries:
                entries[-1].append(t)
            else:
                entries.append([t])
    out = [got for got in (entry_addressee(e, doc) for e in entries[:12]) if got]
    return out or None


def entry_addressee(lines: list[str], doc: DocContext | None = None) -> tuple[str, str, str | None] | None:
    """(name, type, scope hint) of the body one "sent to" entry is addressed to, from its lines
    ("1. Name, Role, Organisation" and any address lines); None for an entry that names no body."""
    e = [clean(re.sub(r"\[[^\]]*\]", "", x)).strip(" |") for x in lines]
    if any("|" in x for x in e) or len(" ".join(e).split()) > 40:
        return None
    r = recipients.parse_entry(e)
    name = r.addressee
    if not name or len(name.split()) > 15:
        return None
    got = canonical_part(name, doc)
    if not got:
        return None
    if not _names_a_body(name, got, from_role=not r.organisation):
        return None  # "The Chief Executive", "Casualty Reduction Team", "Police": no body is named
    return _typed(got)


_GENERIC_BODY = re.compile(r"^(?:the\s+)?(?:police|police and crime|council|local authority|government|nhs|trust|hospital|"
                           r"coroner|gp|properly interested persons|interested persons)$", re.I)


def _names_a_body(name: str, got: tuple[str, str | None, str | None], from_role: bool) -> bool:
    """Whether an entry's addressee names a body: a known body, a rule's canonical body, or words that
    make an organisation's name. A job alone ("Medical Director", "Chief Constable"), a department of
    no named body ("Highways Department", "Accident Investigation Unit") or a bare generic ("Police")
    does not."""
    canon, atype, _ = got
    if _GENERIC_BODY.match(canon) or _GENERIC_BODY.match(name):
        return False
    if _known_body(canon) is not None or _known_body(name) is not None:
        return True
    if from_role:  # a job: only an office that is a body in itself ("Secretary of State for Transport",
        # "Lord Chancellor", "Chief Coroner"), not one that needs its body named ("Chief Constable")
        if _norm_text(canon) != _norm_text(name):
            return True  # a rule named its body
        return bool(recipients.BODY_ROLE.match(name)) and _typed(got)[1] != "other" and not re.fullmatch(
            r"(?i)(?:the\s+)?(?:chief constable|(?:police and crime )?commissioner|secretary of state|minister)", name.strip())
    if re.search(r"(?i)\b(?:engineer|driver|manager)$", name) and not recipients.STRONG_ORG.search(name):
        return False  # "Senior Traffic Management Engineer": a job
    parts = [x.strip() for x in name.split(",") if x.strip()]
    if len(parts) > 1 and not recipients.STRONG_ORG.search(re.sub(r"(?i)\b(?:department|division)\b", "", name)) and all(
            recipients.DEPT_PART.match(x) or re.search(r"(?i)\b(?:engineer|manager|officer)$", x)
            or recipients.PERSON_BARE.match(x) for x in parts):
        return False  # "Project Engineer, Casualty Investigation": a job and a department of no named body
    if recipients.DEPT_PART.match(name) and not recipients.STRONG_ORG.search(re.sub(r"(?i)\bdepartment\b", "", name)):
        # a department of no named body ("Highways Department"), unless a place names whose ("Essex Highways")
        return bool(recipients.PLACE_BEFORE_DEPT.match(name))
    return True


def _norm_text(t: str) -> str:
    return " ".join(re.sub(r"^\s*the\s+", "", re.sub(r"[^a-z0-9 ]+", " ", t.lower())).split())


def _typed(got: tuple[str, str | None, str | None]) -> tuple[str, str, str | None]:
    """Every addressee has a type: the rules' type, else the one the agency vocabulary infers from the
    name's head ("... NHS Foundation Trust"), else "other"."""
    name, atype, hint = got
    if not atype:
        from . import entities, nlp
        # an association, society or institute of a kind of service is no service ("Association of
        # Ambulance Chief Executives"); else the type the name's head gives
        atype = "other" if _MEMBERS_BODY.search(name) else (_known_prefix_type(name)
                                                            or entities._infer_type(name, nlp.load_vocab()))
    return name, atype or "other", hint


_MEMBERS_BODY = re.compile(r"^(?:the\s+)?(?:Association|Society|Institute|Institution|Federation|Confederation) of\b|"
                           r"\b(?:Association|Society|Institute|Institution|Federation|Confederation|Union)$")


# --------------------------------------------------------------------------- walking sections

def _descendant_text(sec: Section, children: dict[int, list[Section]]) -> str:
    parts = [sec.text or ""]
    for c in children.get(sec.section_id, []):
        head = " ".join(x for x in (c.number, c.title) if x)
        parts.append(head + "\n" + _descendant_text(c, children))
    return "\n".join(p for p in parts if p.strip())


def _title_item(title: str | None) -> tuple[str, str, str | None] | None:
    """("finding", "3", "Early help") for a heading "Finding 3: Early help"."""
    if not title:
        return None
    m = _LABEL.match(title.strip())
    if not m:
        return None
    kind = _LABEL_KIND.get(m.group("label").lower())
    rest = m.group("rest").strip(" :.-–") or None
    return (kind, norm_number(m.group("num")), rest)


def _collect(sections: Sequence[Section]) -> list[_Item]:
    children: dict[int, list[Section]] = {}
    by_id = {s.section_id: s for s in sections}
    for s in sections:
        if s.parent_id is not None:
            children.setdefault(s.parent_id, []).append(s)
    items: list[_Item] = []
    done: set[int] = set()

    def ctx_hint(sec: Section) -> str | None:
        t = " ".join(x.title or "" for x in _ancestors(sec, by_id)) + " " + (sec.title or "")
        if re.search(r"\bnational\b", t, re.I):
            return "national"
        if re.search(r"\b(?:individual|single)[- ]agency\b|\bagency[- ]specific\b", t, re.I):
            return "single_agency"
        if re.search(r"\bmulti[- ]agency\b|\bpartnership\b", t, re.I):
            return "multi_agency"
        return None

    def whole_item(sec: Section, kind: str, number, title) -> _Item:
        text = _descendant_text(sec, children)
        own = sec.text or ""
        s = len(own) - len(own.lstrip())
        return _Item(kind, number, title, text.strip(), sec, s, len(own.rstrip()))

    def container(sec: Section, kind: str) -> None:
        done.add(sec.section_id)
        kids = children.get(sec.section_id, [])
        hint = ctx_hint(sec)
        if kind == "recommendation":
            # tables and labelled paragraphs in the container's own text
            tab = _split_tables(sec, hint)
            items.extend(tab)
            if not tab:
                inl = _split_inline(sec, kind, allow_bullets=not kids, allow_whole=False)
                if kids:
                    # beside recommendation sections of its own, a container's numbered paragraphs are its
                    # introduction ("5.1 It is to the credit of agencies ...") unless they call for action
                    inl = [it for it in inl if it.labelled or _MODAL.search(it.text)]
                if inl and (len(inl) >= 2 or not kids or inl[0].labelled):
                    for it in inl:
                        it.scope_hint = hint
                    items.extend(inl)
                elif not kids and re.search(r"action should be taken", sec.title or "", re.I):
                    it = whole_item(sec, "pfd_action", None, None)
                    it.scope_hint = hint
                    items.append(it)
                elif not kids:
                    w = _split_inline(sec, kind, allow_bullets=True, allow_whole=False)
                    if not w:
                        w = _paragraph_recs(sec)
                    for it in w:
                        if _MODAL.search(it.text):
                            it.scope_hint = hint
                            items.append(it)
        elif kind == "concern" and not kids and not _labelled_items(sec):
            # a coroner's concerns box: its numbered items or paragraphs, without the preamble
            items.extend(_concern_items(sec))
        else:
            inl = _split_inline(sec, kind, allow_bullets=False, allow_whole=False)
            if inl and any(i.labelled for i in inl) or (inl and not kids and len(inl) >= 2):
                items.extend(inl)
            elif not kids:
                items.extend(_split_inline(sec, kind, allow_bullets=True, allow_whole=True))
        for c in kids:
            ck = heading_kind(c.title)
            ti = _title_item(c.title)
            if ti and ti[0] and (ti[0] == kind or (kind == "finding" and ti[0] in KINDS) or kind == "recommendation"):
                k = ti[0] if ti[0] in KINDS or ti[0] == "recommendation" else kind
                if kind == "recommendation":
                    k = "recommendation"
                it = whole_item(c, k, c.number or ti[1], ti[2])
                if c.number and ti[1] and kind != "recommendation":
                    it.number = c.number
                if kind == "recommendation" and not c.number:
                    it.number = ti[1]
                it.scope_hint = ctx_hint(c)
                items.append(it)
                _mark(c)
                continue
            if ck and ck != kind and ck != "finding" or (ck == kind and children.get(c.section_id)
                                                         and not _title_item(c.title)):
                container(c, ck)
                continue
            if kind == "recommendation":
                sub = _split_inline(c, kind, allow_bullets=False, allow_whole=False)
                tab = _split_tables(c, ctx_hint(c))
                if tab:
                    for it in tab:
                        it.group_title = c.title
                    items.extend(tab)
                    _mark(c)
                    continue
                if len(sub) >= 2:
                    # an agency heading ("West Midlands Police") groups that agency's recommendations;
                    # a kind heading ("Multi-agency recommendations") is not an addressee
                    agency_group = heading_kind(c.title) is None
                    for it in sub:
                        it.group_title = c.title if agency_group else None
                        it.scope_hint = ctx_hint(c) or ("single_agency" if agency_group else None)
                    items.extend(sub)
                    _mark(c)
                    continue
            if kind != "recommendation":
                lab = _labelled_items(c)
                if lab:  # "3.1 Understanding self-neglect ... Learning point 1: ..." -> the learning point
                    items.extend(lab)
                    _mark(c)
                    continue
                if any(_labelled_items(x) for x in kids):
                    _mark(c)  # its siblings carry labelled points: this one is analysis, not an item
                    continue
            num = c.number or (ti[1] if ti else None)
            it = whole_item(c, kind, num, ti[2] if ti else c.title)
            if kind == "recommendation":
                it.title = None
                it.scope_hint = ctx_hint(c)
            items.append(it)
            _mark(c)

    def _mark(sec: Section) -> None:
        done.add(sec.section_id)
        for c in children.get(sec.section_id, []):
            _mark(c)

    for s in sections:
        if s.section_id in done:
            continue
        ti = _title_item(s.title)
        if ti and ti[0]:
            it = whole_item(s, ti[0], s.number or ti[1], ti[2])
            if ti[0] == "recommendation":
                it.number = ti[1] if not s.number else s.number
                it.title = None
                it.scope_hint = ctx_hint(s)
            items.append(it)
            _mark(s)
            continue
        k = heading_kind(s.title)
        if k:
            container(s, k)
        else:
            lab = _labelled_items(s)
            if lab:
                items.extend(lab)
                done.add(s.section_id)
    if not any(it.kind == "pfd_action" for it in items) and not any(
            re.search(r"action should be taken", s.title or "", re.I) for s in sections):
        items.extend(_pfd_action_in_text(sections))
    return items


def _ancestors(sec: Section, by_id: dict[int, Section]) -> list[Section]:
    out = []
    p = sec.parent_id
    while p is not None and p in by_id and len(out) < 20:
        out.append(by_id[p])
        p = by_id[p].parent_id
    return out


def _dedupe(items: list[_Item]) -> list[_Item]:
    keep: list[_Item] = []
    for it in items:
        dup = None
        for j, k in enumerate(keep):
            if k.kind != it.kind:
                continue
            same_num = it.number is not None and k.number == it.number
            short, long_ = sorted((clean(it.text), clean(k.text)), key=len)
            if (same_num and containment(short, long_) >= 0.6) or containment(short, long_) >= 0.95:
                dup = j
                break
        if dup is None:
            keep.append(it)
        elif len(clean(it.text)) > len(clean(keep[dup].text)):
            keep[dup] = it
    return keep


def extract(sections: Sequence[Section], mentions: Sequence[Mention] = ()) -> tuple[list[Finding], list[Recommendation]]:
    """Findings and recommendations of one review, in document order, ids from 1."""
    sections = list(sections)
    items = _dedupe(_collect(sections))
    order = {s.section_id: i for i, s in enumerate(sections)}
    items.sort(key=lambda it: (order.get(it.section.section_id, 0), it.start))
    doc = doc_context(sections)
    sent_to = _sent_to(sections, doc)
    by_sec: dict[int, list[Mention]] = {}
    for m in mentions:
        by_sec.setdefault(m.section_id, []).append(m)
    findings: list[Finding] = []
    recs: list[Recommendation] = []
    for it in items:
        page = it.section.page_at(it.start)
        text = _tidy(it.text)
        pm = PARA_NUMBER_RE.match(text)
        if pm and text[pm.end()].isupper() and not it.labelled and (it.number is None or "." not in it.number):
            # "Recommendation One" or "Overall Finding" whose text opens "5.3 The LSCB should ...": 5.3 is the
            # paragraph's number in a report that numbers its paragraphs, not the item's
            text = text[pm.end():]
        if not text:
            continue
        if it.kind in ("recommendation", "pfd_action"):
            lab = agency_label(text) if it.kind == "recommendation" and not it.lead_agency else None
            if lab:
                it.agency_label, text = lab[0], lab[1]
                it.text = text
            names, types, hints = _addressees_for(it, by_sec, doc, sent_to)
            types = [_typed((n, t, None))[1] for n, t in zip(names, types)]
            recs.append(Recommendation(
                rec_id=len(recs) + 1, section_id=it.section.section_id, page_no=page,
                number=it.number, text=text, addressees=tuple(names),
                addressee_types=tuple(types), scope=_scope(names, types, hints, it)))
        else:
            findings.append(Finding(
                finding_id=len(findings) + 1, section_id=it.section.section_id, page_no=page,
                kind=it.kind, number=it.number, title=(clean(it.title) if it.title else None), text=text))
    return findings, recs


def _tidy(text: str) -> str:
    """Whitespace-normalised text; bullets kept as "- " items."""
    lines = []
    for raw in text.split("\n"):
        t = raw.strip()
        if not t:
            continue
        b = _BULLET.match(t)
        lines.append("- " + b.group("rest") if b else t)
    return clean(" ".join(lines))


def sentences(text: str) -> Iterable[tuple[int, int]]:
    """Rough sentence spans (used by themes for evidence windows)."""
    for m in re.finditer(r"[^.!?\n]+(?:[.!?]+|\n|$)", text):
        if m.group(0).strip():
            yield m.start(), m.end()
