"""Stage 2: mark page furniture so that it leaves the body text but is never lost.

Running headers and footers are found by repetition across pages (digits
masked, so "Page 3 of 41" repeats); page numbers by their shapes; tables of
contents by dot leaders and trailing page numbers; cover sheets by their place
and sparseness; footnotes as a small-font block at the foot of the page that
starts with a marker; sidebars as a narrow side column set in another type size
(a brochure's "In this section" list and pull quotes, which would otherwise run
into the body text where it turns the page). Every line keeps its text; only its
``role`` changes.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from .model import Document, Line, Page, Role

# top and bottom bands of the page, as fractions of its height
HEADER_BAND = 0.11
FOOTER_BAND = 0.89
# a masked line repeated on this share of pages is a running header/footer
REPEAT_SHARE = 0.35
COVER_MAX_WORDS = 160

PAGE_NUMBER_RE = re.compile(
    r"""^(?:
        (?:page|p\.?)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?   # Page 3, Page 3 of 41, p. 3
      | [-–—]\s*\d{1,4}\s*[-–—]                            # - 3 -
      | \d{1,4}\s*(?:\|\s*)?(?:page)?                       # 3, 3 | Page
      | \d{1,4}\s*(?:of|/)\s*\d{1,4}                        # 3 of 41, 3/41
      | [ivxlc]{1,6}                                        # roman numerals
    )$""",
    re.I | re.X,
)
TOC_TITLE_RE = re.compile(r"^(?:table\s+of\s+)?contents?(?:\s+page)?$|^index$", re.I)
# "4.2 Key findings ........ 27", "Section One – Introduction   5", "Appendix A  40"
TOC_ENTRY_RE = re.compile(r"^(?P<title>.*?\S)\s*(?:(?:\.\s?){3,}|…+|_{3,}|\s{2,}|\t)\s*(?P<page>\d{1,3})$")
FOOTNOTE_START_RE = re.compile(r"^(?:[¹²³⁴⁵⁶⁷⁸⁹⁰]+|\d{1,3}[.)]?\s|\*+\s?|[a-z]\s)")
FIRST_HEADING_RE = re.compile(r"^(?:1\.?|(?:section|chapter|part)\s+(?:1|one)\b[.:–-]?)\s+[A-Z][a-z]", re.I)
DEPOSIT_SHEET_RE = re.compile(
    r"this (?:case review )?report was deposited|nspcc (?:national case review )?repository|case review repository",
    re.I,
)


def mask(text: str) -> str:
    """A line's identity across pages: digits masked, case and spacing folded."""
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


def body_size(doc: Document) -> float:
    """The commonest font size of the document's text, weighted by characters."""
    sizes = Counter()
    for page in doc.pages:
        for line in page.lines:
            if line.size:
                sizes[round(line.size * 2) / 2] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 11.0


def strip(doc: Document) -> Document:
    """Return the document with every furniture line's role set."""
    pages = list(doc.pages)
    if not pages:
        return doc
    size = body_size(doc)
    pages = _running_lines(pages, size)
    pages = _toc(pages)
    pages = _cover(pages, size)
    pages = [_footnotes(p, size) for p in pages]
    pages = [_sidebars(p, size) for p in pages]
    return replace(doc, pages=tuple(pages))


# a side column is a sidebar when it is at most this share of the main column's width and of its
# text, and most of its text is set in a size other than the body's
SIDEBAR_WIDTH_SHARE = 0.6
SIDEBAR_TEXT_SHARE = 0.5
SIDEBAR_OTHER_SIZE = 0.6


def _sidebars(page: Page, size: float) -> Page:
    """The narrow side columns of a page that are no part of its body text (see the module notes).
    Columns of equal width, or a narrow column in the body's size, are body text."""
    cols: dict[int, list[int]] = {}
    for i, l in enumerate(page.lines):
        if l.role == Role.BODY and l.column >= 1:
            cols.setdefault(l.column, []).append(i)
    if len(cols) < 2:
        return page

    def width(idx: list[int]) -> float:
        return max(page.lines[i].x1 for i in idx) - min(page.lines[i].x0 for i in idx)

    def chars(idx: list[int]) -> int:
        return sum(len(page.lines[i].text) for i in idx)

    main = max(cols.values(), key=chars)
    roles: dict[int, Role] = {}
    for idx in cols.values():
        if idx is main or width(idx) > SIDEBAR_WIDTH_SHARE * width(main) or chars(idx) > SIDEBAR_TEXT_SHARE * chars(main):
            continue
        other = sum(len(page.lines[i].text) for i in idx if abs(page.lines[i].size - size) >= 0.5)
        if other >= SIDEBAR_OTHER_SIZE * chars(idx):
            roles.update({i: Role.SIDEBAR for i in idx})
    return _with_roles(page, roles)


def _with_roles(page: Page, roles: dict[int, Role]) -> Page:
    if not roles:
        return page
    lines = tuple(replace(l, role=roles[i]) if i in roles else l for i, l in enumerate(page.lines))
    return replace(page, lines=lines)


def _edge_candidates(page: Page, n: int = 3) -> tuple[list[int], list[int]]:
    """Indexes of the first/last few lines that sit in the header/footer bands."""
    idx = [i for i, l in enumerate(page.lines) if l.role == Role.BODY]
    top = [i for i in idx[:n] if page.lines[i].bottom <= page.height * HEADER_BAND + 10]
    bottom = [i for i in idx[-n:] if page.lines[i].top >= page.height * FOOTER_BAND - 10]
    return top, bottom


def _running_lines(pages: list[Page], size: float) -> list[Page]:
    counts = {"top": Counter(), "bottom": Counter()}

    def key(line: Line) -> str:
        # digits are masked so "Page 3 of 41" repeats; a heading-styled line ("2. Background"
        # at the top of a page) only repeats if its text is the same to the letter
        heading = line.bold and line.size >= size + 1
        return " ".join(line.text.lower().split()) if heading else mask(line.text)

    for page in pages:
        top, bottom = _edge_candidates(page)
        for zone, idx in (("top", top), ("bottom", bottom)):
            for k in {key(page.lines[i]) for i in idx}:
                counts[zone][k] += 1
    need = max(2, round(REPEAT_SHARE * len(pages))) if len(pages) > 2 else 2
    out = []
    for page in pages:
        roles: dict[int, Role] = {}
        top, bottom = _edge_candidates(page)
        for zone, idx, role in (("top", top, Role.HEADER), ("bottom", bottom, Role.FOOTER)):
            for i in idx:
                text = page.lines[i].text
                if PAGE_NUMBER_RE.match(text.strip()):
                    roles[i] = Role.PAGE_NUMBER
                elif counts[zone][key(page.lines[i])] >= need and len(pages) > 1:
                    roles[i] = role
        out.append(_with_roles(page, roles))
    return out


def _is_toc_entry(line: Line, page: Page) -> bool:
    m = TOC_ENTRY_RE.match(line.text)
    if not m:
        return False
    # a trailing number must sit at the right-hand side, as TOC page numbers do
    return bool(re.search(r"(\.\s?){3,}|…", line.text)) or line.x1 > page.width * 0.6


def _toc(pages: list[Page]) -> list[Page]:
    out, in_toc = [], False
    limit = max(4, len(pages) // 4)  # a TOC sits in the first quarter of a review
    for n, page in enumerate(pages):
        body = [i for i, l in enumerate(page.lines) if l.role == Role.BODY]
        if n >= limit or not body:
            out.append(page)
            in_toc = False
            continue
        entries = [i for i in body if _is_toc_entry(page.lines[i], page)]
        titled = [i for i in body[:3] if TOC_TITLE_RE.match(page.lines[i].text.strip())]
        share = len(entries) / len(body)
        if titled or (in_toc and share > 0.3) or (len(entries) >= 5 and share > 0.4):
            roles = {i: Role.TOC for i in titled + entries}
            # wrapped entry titles: a body line directly before an entry, without a page number
            for i in body:
                if i not in roles and i + 1 in roles and roles[i + 1] == Role.TOC and share > 0.5:
                    roles[i] = Role.TOC
            out.append(_with_roles(page, roles))
            in_toc = share > 0.5 or bool(titled)
        else:
            out.append(page)
            in_toc = False
    return out


def _cover(pages: list[Page], size: float) -> list[Page]:
    """Leading pages that are deposit sheets or sparse title pages with display type."""
    out = list(pages)
    for n, page in enumerate(pages[:3]):
        body = [l for l in page.lines if l.role == Role.BODY]
        if not body:
            if any(l.role == Role.TOC for l in page.lines):
                break
            continue
        text = " ".join(l.text for l in body)
        words = len(text.split())
        deposit = bool(DEPOSIT_SHEET_RE.search(text))
        display = any(l.size >= size + 2 for l in body)
        if any(FIRST_HEADING_RE.match(l.text) for l in body):
            break  # the text begins here ("1. Introduction"): no cover
        # prose in the body size means text has begun; a small-print note may sit on a title page
        prose = [l for l in body if l.size >= size - 0.25]
        sparse = words <= COVER_MAX_WORDS * 2 and display and not _has_paragraphs(prose, page)
        if len(pages) > 1 and (deposit or sparse):
            out[n] = replace(page, lines=tuple(replace(l, role=Role.COVER) if l.role == Role.BODY else l
                                               for l in page.lines))
        else:
            break
    return out


def _has_paragraphs(body: list[Line], page: Page) -> bool:
    """Three or more consecutive full-width lines: running prose, not a title page."""
    run = best = 0
    for l in body:
        run = run + 1 if (l.x1 - l.x0) > page.width * 0.55 and len(l.text.split()) >= 8 else 0
        best = max(best, run)
    return best >= 2


def _footnotes(page: Page, size: float) -> Page:
    """The small-font block at the foot of the page, starting with a marker."""
    body = [i for i, l in enumerate(page.lines) if l.role == Role.BODY]
    if not body:
        return page
    block: list[int] = []
    for i in reversed(body):
        line = page.lines[i]
        if line.size and line.size <= size * 0.9 and line.top > page.height * 0.45:
            block.append(i)
        else:
            break
    block.reverse()
    # the block starts at its first marker line; lines above it are small body text
    start = next((k for k, i in enumerate(block) if FOOTNOTE_START_RE.match(page.lines[i].text)), None)
    if start is None:
        return page
    block = block[start:]
    return _with_roles(page, {i: Role.FOOTNOTE for i in block})


def is_page_number(text: str) -> bool:
    return bool(PAGE_NUMBER_RE.match(text.strip()))

