"""Stage 3: rebuild the section tree from the body lines.

Lines are first grouped into blocks (paragraphs, headings, table rows) by
vertical spacing, style changes and list markers. A block is a heading when its
numbering and its layout agree: a short, isolated line, styled (bold, larger,
italic-with-number or capitals) or confirmed by the table of contents. A long
numbered block ("2.1 Child S was born ...") is a numbered paragraph, not a
heading: the commonest failure of naive splitters.

Levels come from the numbering ("4.2.3" is level 3, "Section Four" level 1)
where there is one, and from font size otherwise; parents from the numbering
prefix, else from the nearest preceding heading of a lower level.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable

from .furniture import TOC_ENTRY_RE, body_size
from .model import Document, Line, Role, Section

WORD_NUMBERS = {
    w: i for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen twenty".split())
}
ORDINALS = {w: i for i, w in enumerate(
    "zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth".split())}
_NUM_WORD = r"(?:\d{1,2}|[IVXLC]{1,5}|" + "|".join(WORD_NUMBERS) + ")"
DASH = r"\s*(?:[–—:.\-]|\s)\s*"

# "Section Four – The Analysis", "Chapter 3: What we found", "Part 2 Findings"
SECTION_WORD_RE = re.compile(rf"^(?:section|chapter|part)\s+(?P<num>{_NUM_WORD})\b(?:{DASH}(?P<title>.*))?$", re.I)
# "Appendix A", "Appendix 2: Glossary", "Annex B – Terms of reference"
APPENDIX_RE = re.compile(r"^(?:appendix|appendices|annex|annexe)\s+(?P<num>[A-Z]|\d{1,2}|[IVX]{1,4})\b(?:" + DASH + r"(?P<title>.*))?$", re.I)
# "4.2.3 Tracking the child", "5. Recommendations", "1 CORONER"
NUMBERED_RE = re.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2}){0,4})\.?(?:\)|\s)\s*(?P<title>\S.*)$")
# "A. Introduction", "B) Background", "II. THE FAMILY": a letter or a Roman numeral, then a capitalised title
LETTERED_RE = re.compile(r"^(?P<num>(?=[IVX]+[.)]\s)X{0,3}(?:IX|IV|V?I{0,3})|[A-HJ-UW-Z])[.)]\s+(?P<title>[A-Z][^\s.]*(?:\s\S+)*)$")
# "Recommendation 3:", "Finding 1: Title", "Learning point 2 – title", "Key practice episode 4"
LABEL_RE = re.compile(
    rf"^(?P<label>recommendation|finding|key finding|learning point|learning|lesson|key practice episode|practice episode|episode|theme)\s+(?P<num>{_NUM_WORD})\b(?:{DASH}(?P<title>.*))?$",
    re.I,
)
# bullets as printed, and as a Word bullet often reaches the text: a Symbol-font private-use code
# (U+F0B7, U+F0A7, U+F0D8, U+F076) or a glyph with no character at all (U+FFFD)
BULLET_RE = re.compile(r"^(?:[•▪●◦■□➢►–\-*·o\uf0b7\uf0a7\uf0d8\uf076\ufffd]\s|\(?[a-z]\)|\(?[ivx]{1,4}\)\s)")
SENTENCE_END_RE = re.compile(r"[.;,]$")
CONTAINER_TITLES = re.compile(r"^(?:appendices|annexes|annexe?s?)$", re.I)
NO_HYPHEN_JOIN = {"non", "self", "co", "ex", "anti", "pre", "post", "multi", "half", "step", "inter",
                  "semi", "sub", "well", "cross", "long", "short", "full", "part", "face", "low", "high"}

MAX_HEADING_WORDS = 16
MAX_HEADING_LINES = 3


@dataclass
class Block:
    """Consecutive body lines that belong together (a paragraph, a heading, a table row)."""

    lines: list[Line] = field(default_factory=list)

    @property
    def text(self) -> str:
        return join_lines([l.text for l in self.lines])

    @property
    def page(self) -> int:
        return self.lines[0].page_no


_ASCII_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def _hyphenated(out: str) -> str | None:
    """The ASCII letters right before a hyphen that ends ``out`` (what ``([A-Za-z]+)-$`` captures),
    else None. Read backwards from the end: a search over the whole block, once per line, cost
    time in the square of the block's length."""
    i = len(out) - 1 - out.endswith("\n")  # "$" also matches before a final newline
    if i < 0 or out[i] != "-":
        return None
    j = i
    while j > 0 and out[j - 1] in _ASCII_LETTERS:
        j -= 1
    return out[j:i] or None


_WORD_FORMS = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")
_LEAD_LETTERS = re.compile(r"[a-z]+")


def word_forms(texts: Iterable[str]) -> frozenset[str]:
    """The words a document writes whole on a line, lower-cased, hyphened compounds kept whole
    ("mid-summer"): what ``join_lines`` asks of a word a line end broke."""
    return frozenset(w.lower() for t in texts for w in _WORD_FORMS.findall(t))


def _keeps_hyphen(word: str, t: str, forms: frozenset[str] | None) -> bool:
    """Does "<word>-" at a line end, with ``t`` on the next line, keep its hyphen?  The prefixes that
    keep theirs do ("non-|molestation"); another word keeps it where the document writes the compound
    whole with its hyphen and never without ("mid-summer" elsewhere: a hyphen that ends a line), and
    is otherwise a word the line broke ("safe-|guarding", "mid-|wife")."""
    if word.lower() in NO_HYPHEN_JOIN:
        return True
    if forms:
        m = _LEAD_LETTERS.match(t)
        if m:
            tail = m.group(0)
            return f"{word}-{tail}".lower() in forms and f"{word}{tail}".lower() not in forms
    return False


def join_lines(texts: list[str], forms: frozenset[str] | None = None) -> str:
    """Join a block's lines into running text, undoing line-end hyphenation (``forms``: the
    document's ``word_forms``, which decide a broken word's hyphen where they can)."""
    out = ""
    for t in texts:
        t = t.strip()
        if not t:
            continue
        if not out:
            out = t
            continue
        word = _hyphenated(out)
        if word and t[:1].islower():
            # "safe-|guarding" was one word broken by the line; "non-|molestation" keeps its hyphen
            out = (out + t) if _keeps_hyphen(word, t, forms) else (out[:-1] + t)
        elif " | " in t or " | " in out:
            out += "\n" + t
        else:
            out += " " + t
    return out


def to_int(token: str) -> int | None:
    t = token.lower()
    if t.isdigit():
        return int(t)
    if t in WORD_NUMBERS:
        return WORD_NUMBERS[t]
    if re.fullmatch(r"[ivxlc]+", t):
        vals = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
        total = 0
        for a, b in zip(t, t[1:] + " "):
            v = vals[a]
            total += -v if b != " " and vals.get(b, 0) > v else v
        return total
    return None


@dataclass
class Heading:
    number: str | None
    title: str
    level: int | None  # None: decide from style
    kind: str  # numbered, section, appendix, label, plain
    block: Block


def parse_heading_text(text: str) -> tuple[str | None, str, str] | None:
    """Split a heading's text into (number, title, kind); None if it has no numbering shape."""
    text = " ".join(text.split())
    m = SECTION_WORD_RE.match(text)
    if m and (n := to_int(m["num"])) is not None:
        return str(n), (m["title"] or "").strip(" –—:-"), "section"
    m = APPENDIX_RE.match(text)
    if m:
        return m["num"].upper(), (m["title"] or "").strip(" –—:-"), "appendix"
    m = LABEL_RE.match(text)
    if m and (n := to_int(m["num"])) is not None:
        label = m["label"].strip().capitalize()
        title = (m["title"] or "").strip(" –—:-")
        # "5.1 Recommendation One" keeps its words; "Finding 1: Title" becomes number 1, title Title
        return str(n), title or f"{label} {m['num']}", "label"
    m = NUMBERED_RE.match(text)
    if m:
        return m["num"], m["title"].strip(), "numbered"
    m = LETTERED_RE.match(text)
    if m and m["num"]:
        return m["num"], m["title"].strip(), "lettered"
    return None


def _all_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters)


def _italic_subheadings(kinds: list) -> None:
    """In a document whose headings carry no numbers (three or more plain headings found), a short italic
    line standing alone between paragraphs is a subheading too ("Learning Events"); an italic quotation
    ends with its punctuation or opens with a quote mark, and stays text."""
    if sum(1 for k in kinds if isinstance(k, Heading) and k.kind == "plain") < 3:
        return
    for i, k in enumerate(kinds):
        if isinstance(k, Heading) or len(k.lines) != 1 or not k.lines[0].italic:
            continue
        text = " ".join(k.text.split())
        words = text.split()
        if 1 <= len(words) <= 12 and text[:1].isupper() and not re.search(r"[.,;:!?\"'”’)]$", text) and \
                not PARA_NUMBER_RE.match(text) and i + 1 < len(kinds) and not isinstance(kinds[i + 1], Heading):
            kinds[i] = Heading(None, text, None, "plain", k)


def _letters_in_sequence(kinds: list) -> None:
    """A lettered heading ("A. Introduction") stands only beside its neighbour in the sequence (B, or I
    and II): one "J. Smith" on its own is a signature, not a heading."""
    def rank(n: str) -> int:
        return to_int(n) if n[0] in "IVX" and to_int(n) else ord(n) - 64

    lettered = [k for k in kinds if isinstance(k, Heading) and k.kind == "lettered"]
    ranks = {rank(h.number) for h in lettered}
    for i, k in enumerate(kinds):
        if isinstance(k, Heading) and k.kind == "lettered" and not ({rank(k.number) - 1, rank(k.number) + 1} & ranks):
            kinds[i] = k.block


_MINOR_WORDS = frozenset({"and", "of", "the", "for", "to", "in", "on", "or", "a", "an", "by", "with"})


def _styled(block: Block, size: float) -> bool:
    line = block.lines[0]
    # capitals count as style; the small words may stay lower-case ("INVESTIGATION and INQUEST")
    letters = [c for w in block.text.split() if w not in _MINOR_WORDS for c in w if c.isalpha()]
    caps = len(letters) >= 4 and all(c.isupper() for c in letters) and len(block.text.split()) <= 10
    return all(l.bold for l in block.lines) or line.size >= size + 1.2 or caps or all(l.italic for l in block.lines) \
        or _underlined_block(block)


_LINK = re.compile(r"https?://|www\.|@[\w-]+\.|\.(?:gov|org|co|nhs)\.uk\b", re.I)


def _underlined_block(block: Block) -> bool:
    """Every line of the block is underlined, and it is no web or mail address (links are underlined too)."""
    return all(l.underline for l in block.lines) and not _LINK.search(block.text)


def _toc_entries(doc: Document) -> set[tuple[str | None, str]]:
    entries = set()
    for page in doc.pages:
        for line in page.lines:
            if line.role != Role.TOC:
                continue
            m = TOC_ENTRY_RE.match(line.text)
            text = m["title"] if m else line.text
            parsed = parse_heading_text(text)
            if parsed:
                entries.add((parsed[0], _norm_title(parsed[1])))
            entries.add((None, _norm_title(text)))
    return entries


def _norm_title(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", title.lower()).strip()


def _blocks(lines: list[Line], size: float) -> list[Block]:
    gaps = [b.top - a.bottom for a, b in zip(lines, lines[1:])
            if a.page_no == b.page_no and a.column == b.column and 0 <= b.top - a.bottom < 30]
    # the commonest gap is the one between lines of a paragraph
    base_gap = sorted(gaps)[len(gaps) // 3] if gaps else 3.0
    para_gap = max(base_gap * 1.8, base_gap + 0.3 * size)
    right = _right_edges(lines)
    blocks: list[Block] = []
    for line in lines:
        if not blocks:
            blocks.append(Block([line]))
            continue
        prev = blocks[-1].lines[-1]
        first = blocks[-1].lines[0]
        if BULLET_RE.match(first.text) and line.x0 <= first.x0 + 2 and not BULLET_RE.match(line.text):
            # text back at the bullet's own margin ends the list item (its wrapped lines hang indented)
            blocks.append(Block([line]))
        elif _continues(prev, line, para_gap, right.get(prev.column, 0.0), size):
            blocks[-1].lines.append(line)
        else:
            blocks.append(Block([line]))
    return blocks


def _right_edges(lines: list[Line]) -> dict[int, float]:
    """Right margin of the text block, per column (where full lines end)."""
    by_col: dict[int, list[float]] = {}
    for l in lines:
        by_col.setdefault(l.column, []).append(l.x1)
    return {c: sorted(xs)[int(len(xs) * 0.9)] for c, xs in by_col.items()}


def _continues(prev: Line, line: Line, para_gap: float, right: float = 0.0, body_size: float | None = None) -> bool:
    """Does ``line`` carry on the block that ``prev`` ends?"""
    if " | " in line.text or " | " in prev.text:
        return False
    if BULLET_RE.match(line.text) or NUMBERED_RE.match(line.text) and line.text[:1].isdigit() and _numbered_start(line.text):
        return False
    style_change = (prev.bold != line.bold) or abs(prev.size - line.size) > 1.0 or prev.underline != line.underline
    if prev.page_no != line.page_no or prev.column != line.column:
        # across a page or column break a paragraph goes on only mid-sentence
        return not style_change and not re.search(r"[.!?:\"']$", prev.text) and (
            line.text[:1].islower() or prev.text.endswith("-") or prev.text.endswith(","))
    if style_change:
        return False
    gap = line.top - prev.bottom
    if gap > para_gap or gap < -2:
        return False
    # a short line ends its paragraph (or is a heading) when the next starts afresh
    if right and prev.x1 < prev.x0 + 0.6 * (right - prev.x0) and line.text[:1].isupper() and (
            re.search(r"[.!?:]$", prev.text) or not re.search(r"[,;\-]$", prev.text) and len(prev.text.split()) <= 12):
        # except a display title wrapped onto a second line in the same large face ("Common Assessment" /
        # "Framework process"): the break is the column's width, not the end of the heading
        return _wrapped_display_title(prev, line, body_size)
    return True


def _wrapped_display_title(prev: Line, line: Line, body_size: float | None) -> bool:
    return (body_size is not None and prev.size >= body_size + 2 and prev.bold and line.bold
            and abs(prev.size - line.size) < 0.3 and prev.italic == line.italic
            and not re.search(r"[.!?:;]$", prev.text) and not _numbered_start(line.text)
            and parse_heading_text(line.text) is None and len(prev.text.split()) + len(line.text.split()) <= 12)


def _numbered_start(text: str) -> bool:
    """A line that starts with a paragraph or heading number ("4.2", "67 ", "3.")."""
    m = re.match(r"^(\d{1,3}(?:\.\d{1,2}){0,4})\.?\s+\S", text)
    return bool(m) and not re.match(r"^\d{1,3}(?:\.\d+)?\s*(?:%|per cent|years?|months?|weeks?|days?|am|pm)\b", text, re.I)


# a paragraph's own number ("3.12 Child S was seen ..."), in a report that numbers its paragraphs
PARA_NUMBER_RE = re.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,3}){1,3})\s+(?=\S)")


def _numbers_its_paragraphs(blocks: list[Block]) -> bool:
    """A house style that numbers its body paragraphs ("3.12 Child S was seen ..."): most prose blocks of
    three lines or more open with a paragraph number and run on as sentences."""
    prose = [b for b in blocks if len(b.lines) >= 3]
    numbered = [b for b in prose if PARA_NUMBER_RE.match(b.lines[0].text) and SENTENCE_END_RE.search(" ".join(b.text.split()))]
    return len(numbered) >= 10 and len(numbered) >= 0.5 * len(prose)


def _is_heading(block: Block, size: float, toc: set, bold_body_headings: bool = False,
                numbered_paragraphs: bool = False) -> Heading | None:
    text = " ".join(block.text.split())
    words = text.split()
    if not words or len(block.lines) > MAX_HEADING_LINES or len(words) > MAX_HEADING_WORDS:
        return None
    if " | " in text or BULLET_RE.match(text) or not (text[0].isupper() or text[0].isdigit()):
        return None
    styled = _styled(block, size)
    parsed = parse_heading_text(text)
    ends_sentence = bool(SENTENCE_END_RE.search(text)) and not text.endswith("etc.")
    if parsed:
        number, title, kind = parsed
        # "2.3 2018" (a year as the title of a chronology period) is a heading; "4.2 12" is not
        if kind not in ("appendix", "section") and not any(c.isalpha() for c in title) \
                and not re.fullmatch(r"(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)?\d\d)?", title):
            return None
        confirmed = (number, _norm_title(title)) in toc or (None, _norm_title(text)) in toc
        if kind == "numbered":
            if not title[0].isupper() and not title[0].isdigit() and title[0] not in "'\"(":
                return None
            if ends_sentence and not confirmed:
                return None
            if not (styled or confirmed):
                return None
            # a bare number with a long styled sentence is a numbered emphasis paragraph
            if len(title.split()) > 12 and not confirmed:
                return None
            # "9 Caroline Topping, 21st April 2023" or "9 2 April 2014": a signature box, not a heading
            if re.search(r",\s*\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]+\s+\d{4}$", title) or \
                    "." not in number and re.fullmatch(r"\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]+\s+\d{4}", title):
                return None
        elif not (styled or confirmed) or (ends_sentence and not confirmed):
            return None
        return Heading(number, title, None, kind, block)
    # an unnumbered heading must stand out by size (or capitals): a bold line at body size
    # ("Questions for the partnership", "Care Pathway 1") is a run-in label inside the text
    line = block.lines[0]
    # capitals: in bold, or a single short line of them in the regular face ("TERMS OF REFERENCE")
    caps = _all_caps(text) and (line.bold or len(block.lines) == 1 and len(words) <= 8)
    # where the paragraphs carry the numbers, a styled line standing alone between them is a subheading,
    # bold or italic at body size ("What this review is about" above "1.1 Child S was born ...")
    prominent = line.size >= size + 0.4 or caps or (bold_body_headings and line.bold) or _underlined_block(block) or \
        (numbered_paragraphs and len(block.lines) <= 2 and (all(l.bold for l in block.lines) or all(l.italic for l in block.lines)))
    if not (styled and prominent) or ends_sentence or len(words) > 12:
        if (None, _norm_title(text)) in toc and not ends_sentence:
            return Heading(None, text, None, "plain", block)
        return None
    if text.endswith(":") and not block.lines[0].bold:
        return None
    return Heading(None, text.rstrip(":").strip(), None, "plain", block)


def _style_key(line: Line) -> tuple:
    return (round(line.size), line.bold, line.italic)


def _assign_levels(heads: list[Heading]) -> None:
    style_level: dict[tuple, int] = {}
    for h in heads:
        if h.kind == "numbered":
            h.level = h.number.count(".") + 1
        elif h.kind == "section":
            h.level = 1
        if h.level is not None:
            key = _style_key(h.block.lines[0])
            style_level[key] = min(style_level.get(key, 99), h.level)
    sizes_of_level1 = [h.block.lines[0].size for h in heads if h.level == 1]
    top_size = max(sizes_of_level1) if sizes_of_level1 else None
    container = False
    last_nonlabel: Heading | None = None
    stack: list[Heading] = []
    for h in heads:
        line = h.block.lines[0]
        if h.kind == "appendix":
            h.level = 2 if container else 1
        elif h.kind == "label":
            h.level = (last_nonlabel.level + 1) if last_nonlabel is not None else 1
        elif h.level is None:  # plain heading: by style, else by size relative to its neighbours
            key = _style_key(line)
            if key in style_level:
                h.level = style_level[key]
            elif top_size is not None and line.size >= top_size:
                h.level = 1
            else:
                # a larger face outranks, and at the same size bold outranks regular and capitals outrank
                # mixed case ("TERMS OF REFERENCE" over an italic "Learning Events")
                bigger = [p for p in stack if p.block.lines[0].size > line.size + 0.5
                          or (abs(p.block.lines[0].size - line.size) <= 0.5 and p.block.lines[0].bold and not line.bold)
                          or (abs(p.block.lines[0].size - line.size) <= 0.5 and p.block.lines[0].bold == line.bold
                              and _all_caps(p.title) and not _all_caps(h.title))]
                h.level = (bigger[-1].level + 1) if bigger else 1
        if h.level == 1 and h.kind != "appendix":
            container = bool(CONTAINER_TITLES.match(h.title))
        if h.kind != "label":
            last_nonlabel = h
        stack = [p for p in stack if p.level < h.level] + [h]


def split(doc: Document) -> list[Section]:
    """Build the section list (document order) from a furniture-stripped Document."""
    lines = [l for p in doc.pages for l in p.lines if l.role == Role.BODY]
    if not lines:
        return []
    size = body_size(doc)
    toc = _toc_entries(doc)
    blocks = _blocks(lines, size)
    # where the paragraphs are numbered, a subheading is the styled line a numbered paragraph (or another
    # subheading) follows; a styled line in unnumbered text ("Care Pathway 1" in an appendix) stays a label
    numbered = _numbers_its_paragraphs(blocks)
    leads = [numbered and any(PARA_NUMBER_RE.match(n.lines[0].text) for n in blocks[i + 1:i + 3]) for i in range(len(blocks))]
    kinds: list[Heading | Block] = [_is_heading(b, size, toc, numbered_paragraphs=leads[i]) or b for i, b in enumerate(blocks)]
    if not any(isinstance(k, Heading) for k in kinds) and len(doc.pages) > 1:
        # a house style whose only headings are bold lines at body size: with no other
        # heading in the whole document, those lines are the headings, not run-in labels
        kinds = [_is_heading(b, size, toc, bold_body_headings=True) or b for b in blocks]
    _letters_in_sequence(kinds)
    _italic_subheadings(kinds)
    _merge_appendix_titles(kinds, size)
    _callout_titles(kinds, size)
    _lists_after_colons(kinds)
    _sentences_broken_by_a_line(kinds)
    _form_box_numbers(kinds)
    _title_block_is_front_matter(kinds, doc)
    heads = [k for k in kinds if isinstance(k, Heading)]
    _assign_levels(heads)
    return _build(kinds, doc, word_forms(l.text for l in lines))


def _lists_after_colons(kinds: list) -> None:
    """ "… SENT TO:" then "1. Chief Executive …", "2. …": a numbered list, not headings 1, 2."""
    expect = None
    for i, k in enumerate(kinds):
        text = (k.block.text if isinstance(k, Heading) else k.text).strip()
        if expect == 1 and BULLET_RE.match(text):
            expect = None  # a bulleted list: the "1." that follows it is the next heading, not its first item
        if expect is not None:
            if re.match(rf"{expect}[.)]?\s", text):
                if isinstance(k, Heading) and k.kind == "numbered":
                    kinds[i] = k.block
                expect += 1
                continue
            if not text[:1].isdigit() and not isinstance(k, Heading) and len(text.split()) < 15:
                continue  # an item's wrapped tail ("Group") keeps the list going
        expect = 1 if text.endswith(":") else None


def _sentences_broken_by_a_line(kinds: list) -> None:
    """An unnumbered "heading" whose text runs on into the next block mid-sentence ("You are under a
    duty to respond to this report within 56" / "days of the date of this report.") is the first
    line of that sentence: the two are one paragraph."""
    for i in range(len(kinds) - 2, -1, -1):
        k, nxt = kinds[i], kinds[i + 1]
        if not (isinstance(k, Heading) and k.kind == "plain" and isinstance(nxt, Block)):
            continue
        first = nxt.text.lstrip()[:1]
        if first.islower() and nxt.page == k.block.page and not re.search(r"[.!?:;,]$", k.block.text.rstrip()) \
                and len(k.block.text.split()) >= 4:
            kinds[i] = Block(list(k.block.lines) + list(nxt.lines))
            del kinds[i + 1]


# The boxes of the coroners' Regulation 28 form, numbered by the form itself.
FORM_BOXES = {"coroner": "1", "coroner's legal powers": "2", "investigation and inquest": "3",
              "circumstances of the death": "4", "coroner's concerns": "5", "action should be taken": "6",
              "your response": "7", "copies and publication": "8"}


def _form_box_key(title: str) -> str:
    return " ".join(title.lower().replace("’", "'").replace("&", "and").rstrip(":. ").split())


def _form_box_numbers(kinds: list) -> None:
    """A coroner's form whose box numbers were lost (a scan where OCR drops a digit alone in its
    ruled cell: "ACTION SHOULD BE TAKEN" with no "6") takes each box's number from the form, when
    the document is that form (at least three of its box titles as headings, one of them with its
    own number, or five in the form's order) and the number fits the order of the numbered boxes
    around it."""
    boxes = [(i, FORM_BOXES.get(_form_box_key(k.title))) for i, k in enumerate(kinds) if isinstance(k, Heading)]
    boxes = [(i, n) for i, n in boxes if n]
    numbered = {n for i, n in boxes if kinds[i].number == n}
    in_order = [int(n) for _, n in boxes] == sorted({int(n) for _, n in boxes})
    if len(boxes) < 3 or not (numbered or len(boxes) >= 5 and in_order):
        return
    used = {k.number for k in kinds if isinstance(k, Heading) and k.number}
    last = 0
    for pos, (i, n) in enumerate(boxes):
        k = kinds[i]
        if k.number == n:
            last = int(n)
            continue
        nxt = next((int(m) for j, m in boxes[pos + 1:] if kinds[j].number == m), 99)
        if k.number is None and n not in used and last < int(n) < nxt:
            kinds[i] = Heading(n, k.title, None, "numbered", k.block)
            used.add(n)
            last = int(n)


def _title_block_is_front_matter(kinds: list, doc: Document) -> None:
    """With no cover page, plain headings on page 1 before box/section "1" are the title block
    (the PFD form: "REGULATION 28 REPORT …", "THIS REPORT IS BEING SENT TO"), not sections."""
    if any(l.role == Role.COVER for p in doc.pages[:2] for l in p.lines):
        return
    first = next((i for i, k in enumerate(kinds) if isinstance(k, Heading) and k.number == "1"
                  and k.kind in ("numbered", "section")), None)
    if first is None or kinds[first].block.page > 2:
        return
    plain = [i for i in range(first) if isinstance(kinds[i], Heading) and kinds[i].kind == "plain"]
    if kinds[first].block.page == 2:
        # the form's title box alone on page 1, its boxes from page 2: only when the title says so
        if not any(re.search(r"(?i)regulation\s*28|prevent(?:ion of)? future deaths|being sent to",
                             kinds[i].block.text) for i in plain):
            return
    for i in plain:
        if kinds[i].block.page <= kinds[first].block.page:
            kinds[i] = kinds[i].block


def _callout_titles(kinds: list, size: float) -> None:
    """An unnumbered "heading" whose text is set smaller than the body ("In this section" over a
    sidebar's list, "At a glance" over a facts box) is the title of a boxed call-out, not a section:
    a section's heading is followed by body text (or by another heading)."""
    for i, k in enumerate(kinds[:-1]):
        nxt = kinds[i + 1]
        if (isinstance(k, Heading) and k.kind == "plain" and isinstance(nxt, Block)
                and all(l.size <= size - 0.75 for l in nxt.lines)
                and all(l.column == k.block.lines[0].column for l in nxt.lines)):
            kinds[i] = k.block


def _subtitle_line(block, size: float) -> str | None:
    """The styled one-line subtitle under a bare "Appendix A" label (italic, bold or larger than the
    body, short, not a sentence), else None."""
    if isinstance(block, Heading):
        return block.title if block.kind == "plain" else None
    lines = block.lines
    text = " ".join(block.text.split())
    if (len(lines) > 2 or not text[:1].isupper() or len(text.split()) > 12 or SENTENCE_END_RE.search(text)
            or text.endswith(":") or BULLET_RE.match(text) or parse_heading_text(text) is not None):
        return None
    styled = all(l.italic for l in lines) or all(l.bold for l in lines) or all(l.size >= size + 0.4 for l in lines)
    return text if styled else None


def _merge_appendix_titles(kinds: list, size: float = 11.0) -> None:
    """ "Appendix A" on its own line, its title styled on the next line: one heading."""
    i = 0
    while i < len(kinds) - 1:
        k, nxt = kinds[i], kinds[i + 1]
        if isinstance(k, Heading) and k.kind in ("appendix", "section") and not k.title:
            sub = _subtitle_line(nxt, size)
            if sub:
                k.title = sub
                del kinds[i + 1]
        elif (isinstance(k, Block) and len(k.lines) == 1 and isinstance(nxt, Heading) and nxt.kind == "plain"
              and (m := APPENDIX_RE.match(" ".join(k.text.split()))) and not m["title"]
              and k.lines[0].size >= size - 1.5):
            # a bare "Appendix A" label set plainly (a coloured caption) over its styled title
            kinds[i] = Heading(m["num"].upper(), nxt.title, None, "appendix", k)
            del kinds[i + 1]
        i += 1
    for k in kinds:
        if isinstance(k, Heading) and not k.title:
            k.title = " ".join(k.block.text.split())


def _build(kinds: list, doc: Document, forms: frozenset[str] | None = None) -> list[Section]:
    sections: list[dict] = []

    def new(number, title, level, page):
        sections.append(dict(number=number, title=title, level=level, page_start=page, page_end=page,
                             parts=[], spans=[]))

    by_number: dict[str, int] = {}
    for k in kinds:
        if isinstance(k, Heading):
            new(k.number, k.title, k.level, k.block.page)
            sections[-1]["kind"] = k.kind
            sections[-1]["head"] = k
            continue
        if not sections:
            new(None, "(front matter)", 0, k.page)
            sections[-1]["kind"] = "front"
        s = sections[-1]
        s["parts"].append(k)
        s["page_end"] = max(s["page_end"], max(l.page_no for l in k.lines))

    out: list[Section] = []
    stack: list[Section] = []
    for i, s in enumerate(sections, start=1):
        text, spans = _section_text(s["parts"], s["page_start"], forms)
        level = s["level"]
        parent = None
        if s["number"] and s.get("kind") == "numbered" and "." in s["number"]:
            prefix = s["number"].rsplit(".", 1)[0]
            parent = by_number.get(prefix)
        if parent is None and level and level > 1:
            parent = next((p.section_id for p in reversed(stack) if p.level < level and p.level > 0), None)
        sec = Section(
            section_id=i, parent_id=parent, ordinal=i, number=s["number"], title=s["title"],
            level=level, page_start=s["page_start"], page_end=s["page_end"], text=text,
            page_spans=spans,
        )
        out.append(sec)
        if s["number"] and s.get("kind") in ("numbered", "section"):
            by_number[s["number"]] = i
        if level:
            stack = [p for p in stack if p.level < level] + [sec]
    return out


def _section_text(blocks: list[Block], page_start: int, forms: frozenset[str] | None = None
                  ) -> tuple[str, tuple[tuple[int, int], ...]]:
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    offset = 0
    current = page_start
    for b in blocks:
        # a block may run over a page break: split its text where the page changes
        runs: list[tuple[int, list[str]]] = []
        for line in b.lines:
            if runs and runs[-1][0] == line.page_no:
                runs[-1][1].append(line.text)
            else:
                runs.append((line.page_no, [line.text]))
        texts = [l.text for l in b.lines]
        full = join_lines(texts, forms)
        if parts:
            offset += 2
        start = offset
        if len(runs) == 1:
            if runs[0][0] != current:
                spans.append((start, runs[0][0]))
                current = runs[0][0]
        else:
            # locate each run's first line in the joined text
            pos = 0
            for page_no, run_texts in runs:
                first = run_texts[0].strip()
                found = full.find(first[: min(len(first), 12)], pos) if first else -1
                if found < 0:
                    found = pos
                if page_no != current:
                    spans.append((start + found, page_no))
                    current = page_no
                pos = found
        parts.append(full)
        offset += len(full)
    return "\n\n".join(parts), tuple(spans)
