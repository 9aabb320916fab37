"""The plain data model passed between pipeline stages.

Every object carries provenance: the page it came from and, where it comes from
text, character offsets into the owning section's ``text``.  Stages exchange
these frozen dataclasses, never pdfplumber objects, spaCy Docs or DuckDB rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import Enum


class Role(str, Enum):
    """What a line of a page is: body text or one kind of page furniture."""

    BODY = "body"
    HEADER = "header"
    FOOTER = "footer"
    PAGE_NUMBER = "page_number"
    TOC = "toc"
    COVER = "cover"
    FOOTNOTE = "footnote"
    SIDEBAR = "sidebar"  # a narrow side column of another type size: "In this section" lists, pull quotes


class Label(str, Enum):
    """Labels of text mentions."""

    AGENCY = "AGENCY"
    PERSON = "PERSON"
    PROFESSIONAL = "PROFESSIONAL"


@dataclass(frozen=True)
class Line:
    """One visual line of text on a page, in reading order."""

    page_no: int
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float  # median font size of the line's characters, in points
    bold: bool  # most characters are in a bold face
    italic: bool  # most characters are in an italic face
    column: int = 0  # 0 for single-column pages; 1.. for columns left to right
    role: Role = Role.BODY
    underline: bool = False  # a drawn rule runs under the line's text (a heading marked by underlining)

    def __repr__(self) -> str:
        return f"<Line p{self.page_no} {self.role.value} {self.size:.1f}pt{' B' if self.bold else ''} {self.text[:40]!r}>"


@dataclass(frozen=True)
class Page:
    """One physical page (1-based ``page_no``) and its lines in reading order."""

    page_no: int
    width: float
    height: float
    lines: tuple[Line, ...]
    cid_glyphs: int = 0  # "(cid:NN)" glyphs seen (unmapped characters)
    chars: int = 0  # characters on the page, before any repair
    images: int = 0  # images on the page (a scan with no text layer has one)

    def __repr__(self) -> str:
        return f"<Page:{self.page_no}>"

    def text(self, role: Role | None = Role.BODY) -> str:
        return "\n".join(l.text for l in self.lines if role is None or l.role == role)


@dataclass(frozen=True)
class Document:
    """A parsed PDF: its pages and what the reader learnt about the file."""

    source_path: str
    sha256: str
    pages: tuple[Page, ...]
    pdf_title: str | None = None  # from the PDF info dictionary, if any
    pdf_author: str | None = None
    pdf_created: date | None = None
    warnings: tuple[str, ...] = ()

    @property
    def page_count(self) -> int:
        return len(self.pages)


@dataclass(frozen=True)
class Section:
    """A section of a review: heading plus its own body text (not its children's).

    ``page_spans`` records where the text moves to another page: a tuple of
    ``(start_char, page_no)`` pairs sorted by start_char; text before the first
    pair is on ``page_start``.
    """

    section_id: int  # 1-based, unique within the review, document order
    parent_id: int | None
    ordinal: int  # document order (equal to section_id)
    number: str | None  # "4.2.3", "A", "5", or None for unnumbered headings
    title: str
    level: int  # 1 = top level; 0 is the synthetic front-matter section
    page_start: int
    page_end: int
    text: str
    page_spans: tuple[tuple[int, int], ...] = ()

    def page_at(self, offset: int) -> int:
        """Page number of the character at ``offset`` in ``text``."""
        page = self.page_start
        for start, page_no in self.page_spans:
            if start > offset:
                break
            page = page_no
        return page


@dataclass(frozen=True)
class ReviewMeta:
    """Review-level metadata; a field is None rather than a guess."""

    title: str | None = None
    subject: str | None = None
    partnership: str | None = None
    author: str | None = None
    published: date | None = None
    published_year: int | None = None
    review_type: str | None = None  # SCR, LCSPR, DHR, SAR, PFD, national, other
    coroner: str | None = None  # PFD only: the coroner who made the report, as printed in box 1
    coroner_area: str | None = None  # PFD only: the coroner area
    deceased: str | None = None  # PFD only: the person who died, as printed (honorific kept); "; " between several


@dataclass(frozen=True)
class Mention:
    """An entity mention in a section's text."""

    section_id: int
    page_no: int
    start_char: int
    end_char: int
    label: str  # a Label value
    text: str
    norm: str  # canonical name: agency name, or person key ("Mother S")
    kind: str | None = None  # agency_type for AGENCY; role for PERSON / PROFESSIONAL
    sentence: str = ""


@dataclass(frozen=True)
class Agency:
    """A review-level agency: one canonical agency and its type."""

    agency: str
    agency_type: str
    mentions: int
    first_page: int
    sections: tuple[int, ...] = ()
    reported: bool = False  # listed in the review's appendix of agency reports


@dataclass(frozen=True)
class Person:
    """A review-level person in role (Child S, Mother S, Male B)."""

    person: str
    role: str
    mentions: int


@dataclass(frozen=True)
class Timex:
    """A TIMEX3 temporal expression with its normalised interval."""

    timex_id: int
    section_id: int
    page_no: int
    start_char: int
    end_char: int
    text: str
    type: str  # DATE, DURATION, SET, TIME
    value: str | None  # TIMEX3 value: "2010-SU", "2013-11-26", "P2W"
    mod: str | None = None  # START, MID, END, APPROX, BEFORE, AFTER ...
    earliest: date | None = None
    latest: date | None = None
    granularity: str | None = None  # day, month, season, quarter, half, year, decade, century
    anchor_id: int | None = None
    is_process_date: bool = False
    reason: str | None = None  # why the interval is NULL, where it is
    range_with: int | None = None  # timex_id of the other point of a range ("between 4 and 9 May 2019")


@dataclass(frozen=True)
class Event:
    """Something that happened, on the case chronology."""

    event_id: int
    section_id: int
    page_no: int
    timex_id: int | None
    earliest: date | None
    latest: date | None
    event_type: str
    sentence: str
    start_char: int = 0
    end_char: int = 0
    agencies: tuple[str, ...] = ()
    people: tuple[str, ...] = ()


@dataclass(frozen=True)
class Finding:
    """A finding, learning point, area for improvement, good practice or concern."""

    finding_id: int
    section_id: int
    page_no: int
    kind: str  # finding, good_practice, area_for_improvement, learning, concern
    number: str | None
    title: str | None
    text: str
    themes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Recommendation:
    """One recommendation with its addressees."""

    rec_id: int
    section_id: int
    page_no: int
    number: str | None
    text: str
    addressees: tuple[str, ...] = ()
    addressee_types: tuple[str, ...] = ()
    scope: str | None = None  # multi_agency, single_agency, national
    themes: tuple[str, ...] = ()


@dataclass(frozen=True)
class ThemeTag:
    """A theme code attached to a finding, a recommendation or the narrative."""

    code: str
    locus: str  # finding, recommendation, narrative
    source_table: str  # findings, recommendations, sections
    source_id: int
    page_no: int
    evidence: str
    section_id: int | None = None
    start_char: int | None = None
    end_char: int | None = None
    polarity: str = "concern"  # concern (a failing, gap or risk) | good_practice
    score: float | None = None  # the classifier's probability for the code on its unit (None: a rule)
    method: str = "rule"  # classifier | rule: which mechanism decided the tag


@dataclass(frozen=True)
class Review:
    """Everything extracted from one PDF: what ``store.load`` writes in one transaction."""

    review_id: str
    document: Document
    meta: ReviewMeta
    sections: tuple[Section, ...]
    status: str = "ok"  # ok, no_text_layer, cid_garbage
    mentions: tuple[Mention, ...] = ()
    agencies: tuple[Agency, ...] = ()
    people: tuple[Person, ...] = ()
    timexes: tuple[Timex, ...] = ()
    events: tuple[Event, ...] = ()
    findings: tuple[Finding, ...] = ()
    recommendations: tuple[Recommendation, ...] = ()
    theme_tags: tuple[ThemeTag, ...] = ()
    timings: dict[str, float] = field(default_factory=dict, compare=False)
