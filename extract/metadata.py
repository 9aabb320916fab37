"""Stage 4: review metadata from the first pages (cover, title page, running lines).

Each field is filled only from an explicit statement ("Independent author: …",
"Published 28 July 2021", "… Local Safeguarding Children Board"); a field the
document does not state stays None.
"""

from __future__ import annotations

import re
from datetime import date

from .model import Document, ReviewMeta, Role, Section

FRONT_PAGES = 3  # metadata is stated on the cover, the title page or the first page of text

MONTHS = {m: i for i, m in enumerate(
    "january february march april may june july august september october november december".split(), 1)}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
_MONTH = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
DATE_RE = re.compile(
    rf"(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>{_MONTH})\s*,?\s+(?P<y>\d{{4}})"
    rf"|(?P<m2>{_MONTH})\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{{4}})"
    rf"|(?P<d3>\d{{1,2}})[./](?P<m3>\d{{1,2}})[./](?P<y3>\d{{4}}|\d{{2}})\b"
    rf"|(?P<m4>{_MONTH})\s+(?P<y4>\d{{4}})",
    re.I,
)

TYPE_PATTERNS = [  # (review_type, pattern), first match in the title wins, then the front text
    ("PFD", r"regulation\s*28|prevent(?:ion of)? future deaths"),
    ("DHR", r"domestic homicide review|\bDHR\b"),
    ("SAR", r"safeguarding adults? review|\bSAR\b"),
    ("national", r"national (?:child safeguarding practice )?review|child safeguarding practice review panel"),
    ("LCSPR", r"local child safeguarding practice review|\bLCSPR\b|child safeguarding practice review|\bCSPR\b"),
    ("SCR", r"serious case review|\bSCR\b"),
]
TITLE_RE = re.compile(
    r"(serious case review|overview report|(?:local )?child safeguarding practice review|domestic homicide review|"
    r"safeguarding adults? review|regulation 28|report to prevent future deaths|national review|practice review)",
    re.I,
)
SUBJECT_RE = re.compile(
    r"\b((?:Child|Baby|Infant|Young Person|Young People|Family|Adult|Sibling|Children|Person)\s+[A-Z][A-Za-z]?\d{0,2})\b"
    r"|['‘\"“]([A-Z][a-z]+(?: [A-Z][a-z]+)?)['’\"”]"
)
# a person's name as printed: initials with or without a full stop ("J.", "A. B."), capitalised words
# with inner capitals or apostrophes ("McDonald", "O'Sullivan", "Ellery-Jones"), or a name set in capitals
_NAME_WORD = r"(?:[A-Z]\.|[A-Z](?=[ \t])|[A-Z][a-zA-Z'’-]*[a-z]|[A-Z]{2,}(?:[-'’][A-Z]+)*)"
_HONORIFIC = r"(?:Mr|Mrs|Ms|Miss|Mx|Master|Dr|Prof|Professor|Sir|Dame|HHJ|His Honour Judge|Her Honour Judge)\.?"
NAME = rf"(?:{_HONORIFIC}[ \t]+)?{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,4}}"
DEATH_OF_RE = re.compile(
    rf"death of\s+(?:the late\s+)?((?:{_HONORIFIC}\s+)?{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,4}})"
)
# "the deaths of A B Example, aged 36, and C D Sample (DOB ...)": one investigation into several deaths; the
# names are the runs of two or more name words in the sentence after "deaths of"
_DEATHS_OF_RE = re.compile(r"deaths of:?\s+([^.]*(?:\.\d[^.]*)*)")
_NAME_RUN = re.compile(rf"(?:{_HONORIFIC}\s+)?{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,4}}")
_NOT_A_NAME_RUN = re.compile(r"^(?:DOB|DOD|Date|The|His|Her|Their|On|In|At)\b")
# "The inquest into A B Example’s death", "the death of the child, A B", "the death of 49-year-old A B",
# a box that opens with the name: "A B Example (date of birth ...) ... died", "A B Example who died on"
_DEATH_OF_KIND_RE = re.compile(
    rf"(?:death of\s+(?:the\s+(?:child|baby|infant|young person)\s*,?\s+|(?:an?\s+)?\d{{1,3}}[- ]years?[- ]old\s+)"
    rf"|inquest into (?=(?:{NAME})['’]s?\s+death))({NAME})")
_OPENS_WITH_NAME_RE = re.compile(rf"^\s*((?:{_HONORIFIC}[ \t]+)?{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{1,4}})"
                                 r"(?=\s*(?:\([^)]{0,60}\))?\s*(?:,[^,]{0,80},\s*)?(?:who\s+)?died\b|\s*\(date of birth)")
_NOT_NAME_TAIL = re.compile(r"(?:\s+(?!(?:KC|QC|MP|OBE|CBE|MBE|DBE)$)(?:[A-Z]{1,3}|On|In|At|The|He|She|Aged|Who|Was|Born))+$")
PARTNERSHIP_RE = re.compile(
    r"((?:[A-Z][A-Za-z&'’.-]*(?:[ \t]+(?:and|&|of|upon|on|the)[ \t]+|[ \t]+))*?"
    r"(?:[A-Z][A-Za-z&'’.-]*[ \t]+)?"
    r"(?:Local Safeguarding Children(?:'s)? Board|Safeguarding Children(?:'s)? Partnership|Safeguarding Children Board|"
    r"Safeguarding Partnership|Community Safety Partnership|Safeguarding Adults Board|Safeguarding Adults Partnership|"
    r"Children's Safeguarding Partnership|Child Safeguarding Practice Review Panel))"
    r"(?:\s*\(([A-Z]{2,6})\))?"
)
# "Senior Coroner for the coroner area of Hampshire, Portsmouth and Southampton", "Coroner for Kingston
# upon Hull": an area is capitalised words joined by spaces, commas, "and", "&", "of", "upon", "the"
_AREA = (r"[A-Z][A-Za-z&'’-]+(?:(?:,?[ \t\n]+(?:and|&|of|upon|on|the|in)[ \t\n]+|,[ \t\n]*|[ \t\n]+)"
         r"[A-Z][A-Za-z&'’-]+)*")
CORONER_AREA_RE = re.compile(
    r"(?i:(?P<rank>senior|assistant|area|deputy)?\s*coroner(?:'s)?\s+(?:area\s+)?(?:for|of)\s+(?:the\s+)?"
    r"(?:(?:coroner(?:'s)?\s+)?area\s+of\s+(?:the\s+)?)?)"
    rf"(?P<area>{_AREA})")
AUTHOR_RE = re.compile(
    r"(?i:independent\s+(?:author|reviewer|overview author|lead reviewer)|lead\s+reviewer|overview\s+author|"
    r"report\s+author|author|written\s+by|reviewer|independent chair and author)\s*(?:[:–—-]|\bwas\b)\s*"
    r"((?:Dr\.?[ \t]+|Professor[ \t]+)?[A-Z][a-zA-Z'’-]+(?:[ \t]+[A-Z][a-zA-Z'’-]+){1,3})"
)
CORONER_NAME_RE = re.compile(
    rf"\b(?i:I am)\s+(?:the\s+)?({NAME}),?\s+(?:[\w'’]+\s+){{0,4}}?(?i:coroner)\b"
)
# box 9's signature: the coroner's name on the line above "Senior Coroner for ..."
SIGNED_NAME_RE = re.compile(
    rf"(?m)^[ \t]*({NAME})[ \t]*,?[ \t]*\n[ \t]*(?:HM[ \t]+)?(?i:(?:senior|assistant|area|deputy|acting)[ \t]+)?(?i:coroner)\b"
)
PUBLISHED_RE = re.compile(r"(?:published|publication date|date of publication)\b[^\n]{0,40}?", re.I)
# "Final report – June 2019", "Final version: March 2017": the year of the final report
FINAL_RE = re.compile(r"\bfinal\s+(?:overview\s+)?(?:report|version)\b[^\n]{0,30}?(?<!\d)((?:19|20)\d\d)\b", re.I)


def parse_date(text: str) -> tuple[date | None, int | None]:
    """First explicit date in ``text``: (date or None, year or None)."""
    m = DATE_RE.search(text)
    if not m:
        return None, None
    g = m.groupdict()
    try:
        if g["d"]:
            y, mo, d = int(g["y"]), MONTHS[g["m"].lower().rstrip(".")], int(g["d"])
        elif g["m2"]:
            y, mo, d = int(g["y2"]), MONTHS[g["m2"].lower().rstrip(".")], int(g["d2"])
        elif g["d3"]:
            y = int(g["y3"])
            y = y + 2000 if y < 100 else y  # published two-digit years are this century
            mo, d = int(g["m3"]), int(g["d3"])
        else:
            return None, int(g["y4"])
        return date(y, mo, d), y
    except (ValueError, KeyError):
        return None, None


def _front_text(doc: Document) -> str:
    """The cover/title pages, the first pages and their running lines, as plain text."""
    lines: list[str] = []
    for page in doc.pages[:FRONT_PAGES]:
        lines += [l.text for l in page.lines if l.role in (Role.COVER, Role.BODY, Role.HEADER)]
    running = [l.text for p in doc.pages[:FRONT_PAGES + 2] for l in p.lines if l.role in (Role.HEADER, Role.FOOTER)]
    return "\n".join(lines + running)


def _blocks(page) -> list[list]:
    """A page's cover/body lines grouped into blocks of one type size and weight."""
    blocks: list[list] = []
    for l in (l for l in page.lines if l.role in (Role.COVER, Role.BODY)):
        prev = blocks[-1][-1] if blocks else None
        if prev is not None and abs(prev.size - l.size) < 0.6 and prev.bold == l.bold and \
                0 <= l.top - prev.bottom < l.size * 1.2 and len(blocks[-1]) < 4 and not _title_complete(blocks[-1], l):
            blocks[-1].append(l)
        else:
            blocks.append([l])
    return blocks


def _title_complete(block: list, nxt) -> bool:
    """A title that already ends naming a review ends there, unless the next line carries it on
    ("… Review" / "concerning Child S"); "Learning for everyone …" below it is a subtitle."""
    text = " ".join(l.text for l in block)
    return bool(re.search(r"review\W*$", text, re.I)) and nxt.text[:1].isupper() and \
        not re.match(r"(?:of|into|concerning|in respect|regarding|for|about)\b", nxt.text, re.I)


def _text(block: list) -> str:
    return " ".join(" ".join(x.text for x in block).split()).strip(" :–-")


def _title(doc: Document) -> str | None:
    """The title: on a cover, its largest block of words; else the largest block naming a review."""
    for page in doc.pages[:FRONT_PAGES]:
        if not any(l.role == Role.COVER for l in page.lines):
            continue
        text = " ".join(l.text for l in page.lines)
        if re.search(r"deposited|repository", text, re.I):
            continue  # a repository's deposit sheet, not the report's own cover
        blocks = _blocks(page)
        titled = [b for b in blocks if _is_title_like(_text(b))]
        if not titled:
            continue
        best = max(titled, key=lambda b: (b[0].size, bool(TITLE_RE.search(_text(b)))))
        title = _text(best)
        # a big display name just above ("Baby H" over "Local Child Safeguarding Practice Review")
        above = [b for b in blocks if b[-1].bottom <= best[0].top and b[0].size > best[0].size
                 and len(_text(b).split()) <= 3 and not PARTNERSHIP_RE.search(_text(b))]
        if above and best[0].top - above[-1][-1].bottom < 3 * best[0].size:
            title = f"{_text(above[-1])}: {title}"
        return title
    cands = []
    for page in doc.pages[:FRONT_PAGES]:
        for b in _blocks(page):
            text = _text(b)
            if TITLE_RE.search(text) and len(text) < 200:
                cands.append((b[0].size, -page.page_no, text))
    if cands:
        return max(cands)[2]
    if doc.pdf_title and not re.match(r"(microsoft word|untitled|document\d*)\b", doc.pdf_title, re.I):
        return doc.pdf_title
    return None


def _is_title_like(text: str) -> bool:
    """Words enough to be a title, and not the partnership, a date, or a credit line."""
    if len(text.split()) < 3 or len(text) > 200 or ":" in text[:30] and AUTHOR_RE.search(text):
        return False
    if PARTNERSHIP_RE.fullmatch(text) or re.fullmatch(r"(?:the\s+)?" + PARTNERSHIP_RE.pattern, text, re.I):
        return False
    if DATE_RE.fullmatch(text) or re.match(r"(?i)(published|final|draft|version|date)\b", text):
        return False
    return not re.match(r"(?i)(independent|author|lead reviewer|chair|written by)\b", text)


def _review_type(title: str | None, front: str) -> str | None:
    for text in (title or "", front):
        for rtype, pat in TYPE_PATTERNS:
            if re.search(pat, text, re.I):
                return rtype
    return None


# a thematic review's subject is the group its title names: "Out of sight: safeguarding children who are
# electively home educated", "Protecting babies under one from non-accidental injury"
_THEMATIC_SUBJECT = re.compile(
    r"\b(?:safeguarding|protecting|keeping safe|the safeguarding of|the protection of)\s+"
    r"((?:children|young people|babies|infants|adolescents|adults|disabled children|teenagers|people)\b[^.:;]{0,80})", re.I)


def _subject(title: str | None, front: str, rtype: str | None) -> str | None:
    if rtype == "national" and title:
        m = _THEMATIC_SUBJECT.search(title)
        if m:
            return " ".join(m.group(1).split()).rstrip(" ,")
    for text in (title or "", front):
        if not text:
            continue
        if rtype == "PFD":
            m = DEATH_OF_RE.search(text)
            if m:  # the deceased's name, without an honorific
                return _clean_name(re.sub(rf"^{_HONORIFIC}\s+", "", m.group(1)))
        m = SUBJECT_RE.search(text)
        if m:
            return (m.group(1) or m.group(2)).strip()
        m = DEATH_OF_RE.search(text)
        if m and text is title:
            return m.group(1)
    return None


def _partnership(front: str, rtype: str | None) -> str | None:
    if rtype == "PFD":  # the coroner reports; partnerships on a PFD are its addressees
        m = CORONER_AREA_RE.search(front)
        if m:
            r = m["rank"] or (re.search(r"\b(senior|assistant|area|deputy)\s+coroner\b", front, re.I) or [None, None])[1]
            rank = f"{r.capitalize()} " if r else ""
            return f"HM {rank}Coroner for {m['area'].strip()}"
    for m in PARTNERSHIP_RE.finditer(front):
        name = " ".join(m.group(1).split())
        if not name.startswith("The Child Safeguarding Practice Review Panel"):  # the Panel's own name has "The"
            name = re.sub(r"^(?:The|the|By|by|of|for)\s+", "", name)
        return name
    return None


_ABBREV_BEFORE_DOT = re.compile(r"(?:\b[A-Z]|\b(?:Dr|Mr|Mrs|Ms|Mx|St|Prof|Rev|Hon|No|HHJ))$")


def _sentence_from(text: str, start: int) -> str:
    """The sentence of ``text`` that begins at ``start``, on one line; a full stop after an initial or a
    title ("Z. Siddique", "Dr. Name", "St. Helens") does not end it."""
    flat = " ".join(text[start:start + 400].split())
    for m in re.finditer(r"\.(?=\s|$)", flat):
        if not _ABBREV_BEFORE_DOT.search(flat[:m.start()]):
            return flat[:m.start()]
    return flat


def _clean_name(name: str | None) -> str | None:
    if not name:
        return None
    name = _NOT_NAME_TAIL.sub("", " ".join(name.split())).strip(" ,")
    return name if re.search(r"[A-Za-z]{2}", name) else None


_ALIAS_IN_NAME = re.compile(r"[ \t]+\((?:also[ \t]+)?(?:known[ \t]+as|aka|a\.k\.a\.?)[ \t]+[^()\n]{1,40}\)(?=[ \t]+[A-Z])")


def deceased_names(text: str) -> str | None:
    """Everyone a coroner's report is about: each name after "the death of", in order, once, joined
    by "; " ("A B Example; C D Sample" where one report follows two inquests). A name that is
    another's without its title or middle names is that person."""
    names: list[str] = []
    # "Andrew (also known as James) Example": the name without the alias between its words
    text = _ALIAS_IN_NAME.sub("", text)
    found = [(m.start(), m.group(1)) for m in DEATH_OF_RE.finditer(text)]
    for m in _DEATHS_OF_RE.finditer(text):
        found += [(m.start(1) + r.start(), r.group(0)) for r in _NAME_RUN.finditer(m.group(1))
                  if not _NOT_A_NAME_RUN.match(r.group(0))]
    for m in _DEATH_OF_KIND_RE.finditer(text):
        found.append((m.start(1), m.group(1)))
    m = _OPENS_WITH_NAME_RE.match(text)
    if m:
        found.append((m.start(1), m.group(1)))
    for _, raw in sorted(found, key=lambda f: f[0]):
        name = _clean_name(re.sub(r"['’]s$", "", raw))  # "the inquest into A B Example’s death"
        if not name:
            continue
        words = set(_untitled(name).lower().split())
        same = next((i for i, n in enumerate(names) if words <= set(_untitled(n).lower().split())
                     or set(_untitled(n).lower().split()) <= words), None)
        if same is None:
            names.append(name)
        elif len(_untitled(name)) > len(_untitled(names[same])):
            names[same] = name  # the fuller form
    return "; ".join(names) or None


def _untitled(name: str) -> str:
    return re.sub(r"^(?:Mr|Mrs|Ms|Miss|Mx|Master|Dr|Prof|Professor|Sir|Dame)\.?\s+", "", name)


def _clean_area(area: str | None) -> str | None:
    if not area:
        return None
    area = re.sub(r"\s*[,;(].*$", "", area) if re.search(r",\s*(?:and\s+)?[a-z]", area) else area
    area = re.sub(r"^(?:the\s+)?(?:coroner(?:'s|’s)?\s+)?area\s+of\s+", "", area.strip(" ,."), flags=re.I)
    return area.strip(" ,.") or None


def pfd_coroner(doc: Document, front: str) -> tuple[str | None, str | None]:
    """(coroner, coroner area) of a Regulation 28 report: box 1's "I am NAME, Senior Coroner for the
    coroner area of AREA." first, then box 9's signature ("NAME" over "Senior Coroner for AREA")."""
    name = area = None
    for m in re.finditer(r"\bI am\b", front):
        sentence = _sentence_from(front, m.start())
        if not re.search(r"(?i)\bcoroner\b", sentence):
            continue
        n = CORONER_NAME_RE.match(sentence)
        name = name or (_clean_name(n.group(1)) if n else None)
        a = re.search(r"(?i)\b(?:coroner(?:'s|’s)?\s+)?area\s+of\s+(?:the\s+)?(?-i:(?=[A-Z]))(.+)$", sentence) \
            or CORONER_AREA_RE.search(sentence)
        if a:
            area = area or _clean_area(a.group("area") if "area" in (a.groupdict() or {}) else a.group(1))
        if name and area:
            break
    if not (name and area):
        tail = "\n".join(l.text for p in doc.pages[-2:] for l in p.lines
                         if l.role not in (Role.PAGE_NUMBER, Role.FOOTER, Role.HEADER))
        if not name:
            for sm in SIGNED_NAME_RE.finditer(tail):
                name = _clean_name(sm.group(1))
        if not area:
            for am in CORONER_AREA_RE.finditer(tail):
                area = _clean_area(_sentence_from(tail, am.start("area")))
    return name, area


def _author(front: str, rtype: str | None) -> str | None:
    m = AUTHOR_RE.search(front)
    if m:
        return m.group(1).strip()
    if rtype == "PFD":
        m = CORONER_NAME_RE.search(front)
        if m:
            return m.group(1).strip()
    return None


def _published(front: str, doc: Document) -> tuple[date | None, int | None]:
    for m in PUBLISHED_RE.finditer(front):
        d, y = parse_date(front[m.start(): m.end() + 40])
        if y:
            return d, y
    m = FINAL_RE.search(front)
    if m:
        return None, int(m.group(1))
    # a cover that carries nothing but a date on one line ("July 2022") is dated by it
    for page in doc.pages[:2]:
        for l in page.lines:
            if l.role == Role.COVER and DATE_RE.fullmatch(l.text.strip()):
                return parse_date(l.text)
    return None, None


# lines whose date is not the report's: a template's revision footer, the response deadline
# (box 8), the date of death, the inquest
_NOT_REPORT_DATE = re.compile(r"\b(?:updated|revised|revision|version|template|v\d|within|by\s+(?:the\s+)?\d|deadline|"
                              r"died|death|inquest|born|DOB|DOD)\b", re.I)
_SIGNATURE = re.compile(r"\b(?:dated?|signed|signature|coroner)\b|^\s*9\b", re.I)


def _pfd_signature_date(doc: Document) -> tuple[date | None, int | None]:
    """A Regulation 28 report's date: the one in box 9, by the coroner's signature.  Body lines
    of the last two pages are read from the end; a date on a line (or the line after one) that
    names the signature or dating wins; dates on footers, template revision lines, the response
    deadline or a death are never the report's."""
    lines = [l.text for p in doc.pages[-2:] for l in p.lines
             if l.role not in (Role.PAGE_NUMBER, Role.FOOTER, Role.HEADER)]
    candidates: list[tuple[int, date, int]] = []  # (rank, date, year): lower rank wins, then later
    for i, text in enumerate(lines):
        if _NOT_REPORT_DATE.search(text) or (i > 0 and re.search(r"\b(?:by|namely|within|before)\s*$", lines[i - 1], re.I)):
            continue
        for m in DATE_RE.finditer(text):
            d, y = parse_date(m.group(0))
            if d is None:
                continue
            near = _SIGNATURE.search(text) or (i > 0 and _SIGNATURE.search(lines[i - 1]))
            candidates.append((0 if near else 1, d, y))
    if not candidates:
        return None, None
    best = min(c[0] for c in candidates)
    rank, d, y = [c for c in candidates if c[0] == best][-1]
    return d, y


def read(doc: Document, sections: list[Section] | None = None) -> ReviewMeta:
    """Metadata of a review from its front pages; None where the document is silent."""
    front = _front_text(doc)
    title = _title(doc)
    rtype = _review_type(title, front)
    if rtype == "PFD" and title and re.match(r"(?i)regulation\s*28\b", title):
        # the statutory form's title, however the form's boxes wrapped it
        title = "REGULATION 28 REPORT TO PREVENT FUTURE DEATHS"
    published, year = _published(front, doc)
    coroner = area = deceased = None
    if rtype == "PFD":
        if published is None:
            published, year = _pfd_signature_date(doc)
        coroner, area = pfd_coroner(doc, front)
        deceased = deceased_names(front)
    subject = _subject(title, front, rtype)
    partnership = _partnership(front, rtype)
    if rtype == "PFD" and area:
        rank = re.search(r"(?i)\b(senior|assistant|area|deputy)\s+coroner\b", front)
        partnership = f"HM {rank[1].capitalize() + ' ' if rank else ''}Coroner for {area}"
    return ReviewMeta(
        title=title,
        subject=subject,
        partnership=partnership,
        author=coroner or _author(front, rtype),
        published=published,
        published_year=year,
        review_type=rtype,
        coroner=coroner,
        coroner_area=area,
        deceased=deceased,
    )
