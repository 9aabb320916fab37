"""Temporal tagger: TIMEX3 expressions with normalised intervals, for review text.

A rule grammar (regular expressions built once from the vocabularies in
``models/timex/*.yaml``) finds DATE, DURATION, SET and TIME expressions; a
second, stateful pass resolves relative expressions and ages and tells process
dates from case-chronology dates.  No dateparser: its defaults invent a month
and a day ("early summer 2010" -> 2010-<today's month>-<today's day>).

Output
------
``annotate`` returns ``model.Timex`` objects with ``section_id=0`` and
``page_no=0``; ``annotate_sections`` fills them.  ``timex_id`` is 1..n in
document order, ``anchor_id`` is the ``timex_id`` of the anchoring timex (the
birth for ages, the last chronology date for relative expressions), None when
the anchor is the document creation time or there is none.

Conventions (also in models/timex/README.md)
--------------------------------------------
* Seasons are UK meteorological seasons: spring = Mar-May, summer = Jun-Aug,
  autumn = Sep-Nov, winter Y = 1 Dec Y .. end of Feb Y+1.  So "winter 2010" is
  2010-12-01..2011-02-28 and "early winter 2010" is 2010-12-01..2010-12-31.
  TIMEX3 codes SP, SU, FA, WI ("2010-WI").
* Modifiers narrow the base interval to a third of it, never widen it:
  START ("early", "the beginning of") = first third, MID ("mid", "the middle of")
  = middle third, END ("late", "the end of", "towards the end of") = last third.
  Thirds are whole months for years (Jan-Apr / May-Aug / Sep-Dec), halves (2
  months), quarters and seasons (1 month); days 1-10 / 11-20 / 21-end for a
  month; years 0-2 / 3-6 / 7-9 for a decade.  A day is not narrowed.  APPROX,
  BEFORE, AFTER, ON_OR_BEFORE ("by 2015") keep the base interval; the mod says
  where the event lies relative to it.
* granularity is that of the base expression (a modified season stays
  "season"); for ages and anchored relative expressions it is the anchor's
  granularity, because the anchor's width is kept.
* Ages ("at fourteen weeks", "two years seven months old", "aged two years and
  ten months", "his six week check") are TimeML DURATIONs (P14W, P2Y7M) whose
  earliest/latest hold the birth interval shifted by the age, width kept;
  ordinal ages ("his third year", "his first birthday") are DATEs on the birth.  The birth is
  that of the child named before the age in its sentence ("Child Q"; even if
  stated later), else the last birth stated before it.  An age range ("six to
  eight weeks of age") spans birth.earliest+6W .. birth.latest+8W; "less than
  two months old" spans birth.earliest .. birth.latest+2M (mod BEFORE).  Ages
  with no birth, adults' ages and gestational ages are not dates.
* Relative expressions ("the following day", "later that month", "two weeks
  later", "within four months of that assessment") resolve against the last
  case-chronology DATE with a resolved interval (process dates never anchor),
  preferring a recent day-level date for day/week offsets when the newer date
  is a coarser background period, else the document creation time.  "later
  that month" after a season keeps the season (the month is unknown); "the
  day after <event>" with an event other than a birth stays unresolved (NULL
  interval, reason).
* value: the TIMEX3 value of the resolved interval when it is exactly one
  calendar unit (day, month, season, quarter, half, year), else the smallest of
  month / season / quarter / half / year that contains it, else X digits at the
  expression's unit ("XXXX-XX-XX" for a day).  earliest/latest always hold the
  real interval.
* Process dates: ``is_process_date`` is True for dates near a cue about the
  review itself (commissioned, review panel, published, terms of reference ...
  see models/timex/process.yaml), in footnotes, and in sections whose titles
  are about the process (Methodology, Terms of Reference, Timescales ...; plain
  ``annotate`` finds heading lines itself).  Years in the name of legislation
  or guidance ("Working Together 2013", "the Housing Act 1996", "DASH 2009")
  are kept as DATE timexes for TimeML but are names, not times: process date,
  NULL interval, reason given.  They never reach the timeline.
* Bad input never raises: an impossible date ("31st February 2013") keeps
  value None, NULL interval and a reason; a year outside 1900..(reference year
  + 10) keeps its value with a NULL interval and a reason.  Two-digit years in
  numeric dates ("16/07/06") take the latest century that puts them at most 10
  years after the reference year (the DCT's year, else today's year).
* Not tagged: anaphoric "then", "at that time", "at this time", bare "that
  day"; bare plurals without a quantity ("the months following ..."); the
  adjectives "recent", "current", "annual".
"""

from __future__ import annotations

import bisect
import calendar
import dataclasses
import functools
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence
from xml.sax.saxutils import escape, quoteattr

import yaml

from extract import MODELS_DIR
from extract.errors import ExtractError
from extract.literals import fold, required_words
from extract.model import Section, Timex

__all__ = [
    "annotate",
    "annotate_sections",
    "to_timeml",
    "sentence_spans",
    "season_interval",
    "narrow",
    "vocab",
]

STAGE = "timex"

# --------------------------------------------------------------------------
# Vocabulary loading and validation
# --------------------------------------------------------------------------

_MODS = {"START", "MID", "END", "APPROX", "LESS_THAN", "MORE_THAN", "EQUAL_OR_LESS",
         "EQUAL_OR_MORE", "BEFORE", "AFTER", "ON_OR_BEFORE", "ON_OR_AFTER"}


def _err(path: Path, node: yaml.Node | None, msg: str) -> ExtractError:
    line = f"line {node.start_mark.line + 1}: " if node is not None else ""
    return ExtractError(str(path), STAGE, f"{line}{msg}")


def _check_mapping(path: Path, node: yaml.Node, schema: dict[str, Callable], where: str) -> None:
    if not isinstance(node, yaml.MappingNode):
        raise _err(path, node, f"{where}: expected a mapping")
    for k, v in node.value:
        if k.value not in schema:
            raise _err(path, k, f"unknown key {k.value!r} in {where} (allowed: {', '.join(sorted(schema))})")
        schema[k.value](path, v, f"{where}.{k.value}")


def _scalar(kind: type | tuple, choices: set | None = None):
    def check(path, node, where):
        if not isinstance(node, yaml.ScalarNode):
            raise _err(path, node, f"{where}: expected a scalar")
        val: Any = node.value
        if node.tag.endswith(":int"):
            val = int(node.value)
        elif node.tag.endswith(":bool"):
            val = node.value.lower() in ("true", "yes", "on")
        if not isinstance(val, kind):
            raise _err(path, node, f"{where}: expected {kind}, got {node.value!r}")
        if choices is not None and val not in choices:
            raise _err(path, node, f"{where}: unknown value {val!r} (allowed: {', '.join(sorted(map(str, choices)))})")
    return check


def _seq(item):
    def check(path, node, where):
        if not isinstance(node, yaml.SequenceNode):
            raise _err(path, node, f"{where}: expected a list")
        for n in node.value:
            item(path, n, where)
    return check


def _map_of(item):
    def check(path, node, where):
        if not isinstance(node, yaml.MappingNode):
            raise _err(path, node, f"{where}: expected a mapping")
        for k, v in node.value:
            item(path, v, f"{where}.{k.value}")
    return check


def _record(**fields):
    def check(path, node, where):
        _check_mapping(path, node, fields, where)
    return check


_STR = _scalar(str)
_INT = _scalar(int)
_BOOL = _scalar(bool)
_MOD = _scalar(str, _MODS)

_SCHEMAS: dict[str, dict[str, Callable]] = {
    "calendar.yaml": {
        "months": _map_of(_INT),
        "ambiguous_months": _seq(_STR),
        "weekdays": _map_of(_INT),
        "seasons": _map_of(_record(code=_scalar(str, {"SP", "SU", "FA", "WI"}), first_month=_INT, mod=_MOD)),
        "day_parts": _map_of(_STR),
        "holidays": _map_of(_STR),
    },
    "numbers.yaml": {
        "cardinals": _map_of(_INT),
        "vague": _seq(_STR),
        "ordinals": _map_of(_INT),
        "units": _map_of(_scalar(str, {"D", "W", "2W", "M", "Q", "Y", "10Y", "100Y", "TH", "TM", "TS"})),
    },
    "modifiers.yaml": {
        "point": _map_of(_scalar(str, {"START", "MID", "END"})),
        "quantity": _map_of(_MOD),
        "date_prepositions": _map_of(_MOD),
    },
    "relative.yaml": {
        "anchored": _map_of(_record(op=_scalar(str, {"shift", "same", "month_of", "year_of"}),
                                    days=_INT, months=_INT, later=_BOOL, offset=_INT,
                                    unit=_scalar(str, {"D", "W", "M", "Y"}),
                                    part=_scalar(str, {"MO", "MI", "AF", "EV", "NI"}))),
        "after_words": _map_of(_INT),
        "dct": _map_of(_record(value=_scalar(str, {"PRESENT_REF", "PAST_REF", "FUTURE_REF", "WEEKEND"}),
                               unit=_scalar(str, {"D", "W", "M", "Y", "Q"}), offset=_INT,
                               part=_scalar(str, {"MO", "AF", "EV", "NI"}), mod=_MOD, same_period=_BOOL,
                               news=_BOOL, period=_BOOL)),
        "sets": _map_of(_STR),
    },
    "process.yaml": {
        "sentence_cues": _seq(_STR),
        "section_cues": _seq(_STR),
        "title_words": _seq(_STR),
        "birth_cues": _seq(_STR),
        "gestation_cues": _seq(_STR),
        "child_roles": _seq(_STR),
    },
}


def load_vocab_file(path: Path) -> dict[str, Any]:
    """Load one models/timex YAML file, validating it against its schema.

    Raises ``ExtractError`` naming the file and line of an unknown key or value.
    """
    path = Path(path)
    schema = _SCHEMAS.get(path.name)
    if schema is None:
        raise ExtractError(str(path), STAGE, f"no schema for vocabulary file {path.name}")
    try:
        text = path.read_text(encoding="utf-8")
        node = yaml.compose(text)
    except (OSError, yaml.YAMLError) as exc:
        raise ExtractError(str(path), STAGE, f"cannot read vocabulary: {exc}") from exc
    if node is None:
        raise ExtractError(str(path), STAGE, "empty vocabulary file")
    _check_mapping(path, node, schema, path.stem)
    data = yaml.safe_load(text)
    missing = set(schema) - set(data)
    if missing:
        raise ExtractError(str(path), STAGE, f"missing keys: {', '.join(sorted(missing))}")
    return data


@dataclass(frozen=True)
class Vocab:
    months: dict[str, int]
    ambiguous_months: frozenset[str]
    weekdays: dict[str, int]
    seasons: dict[str, dict]
    day_parts: dict[str, str]
    holidays: dict[str, str]
    cardinals: dict[str, int]
    vague: tuple[str, ...]
    ordinals: dict[str, int]
    units: dict[str, str]
    point: dict[str, str]
    quantity: dict[str, str]
    date_prepositions: dict[str, str]
    anchored: dict[str, dict]
    after_words: dict[str, int]
    dct: dict[str, dict]
    sets: dict[str, str]
    sentence_cues: tuple[str, ...]
    section_cues: tuple[str, ...]
    title_words: tuple[str, ...]
    birth_cues: tuple[str, ...]
    gestation_cues: tuple[str, ...]
    child_roles: tuple[str, ...]


@functools.lru_cache(maxsize=4)
def vocab(models_dir: str | None = None) -> Vocab:
    """All timex vocabularies, loaded and validated once per process."""
    base = Path(models_dir) if models_dir else MODELS_DIR / "timex"
    data: dict[str, Any] = {}
    for name in _SCHEMAS:
        data.update(load_vocab_file(base / name))
    low = lambda d: {str(k).lower(): v for k, v in d.items()}  # noqa: E731
    return Vocab(
        months=low(data["months"]), ambiguous_months=frozenset(m.lower() for m in data["ambiguous_months"]),
        weekdays=low(data["weekdays"]), seasons=low(data["seasons"]), day_parts=low(data["day_parts"]),
        holidays=low(data["holidays"]),
        cardinals=low(data["cardinals"]), vague=tuple(v.lower() for v in data["vague"]),
        ordinals=low(data["ordinals"]), units=low(data["units"]), point=low(data["point"]),
        quantity=low(data["quantity"]), date_prepositions=low(data["date_prepositions"]),
        anchored=low(data["anchored"]), after_words=low(data["after_words"]), dct=low(data["dct"]),
        sets=low(data["sets"]), sentence_cues=tuple(c.lower() for c in data["sentence_cues"]),
        section_cues=tuple(c.lower() for c in data["section_cues"]),
        title_words=tuple(data["title_words"]), birth_cues=tuple(c.lower() for c in data["birth_cues"]),
        gestation_cues=tuple(c.lower() for c in data["gestation_cues"]), child_roles=tuple(data["child_roles"]),
    )


def _compile(r: "RuleSpec", pattern: str, macros: dict[str, str]) -> re.Pattern:
    def expand(m: re.Match) -> str:
        if m.group(1) not in macros:
            raise ExtractError(r.path, STAGE, f"line {r.line}: rule {r.name!r}: unknown macro {{{m.group(1)}}}")
        return macros[m.group(1)]
    try:
        return re.compile(_MACRO.sub(expand, pattern), 0 if r.case_sensitive else re.I)
    except re.error as exc:
        raise ExtractError(r.path, STAGE, f"line {r.line}: rule {r.name!r}: bad pattern: {exc}") from exc


def compile_needs(specs: Sequence["RuleSpec"], macros: dict[str, str]) -> list[re.Pattern | None]:
    """Each rule's ``needs`` pattern (None: the rule is tried over the whole text)."""
    return [_compile(r, rf"\b(?:{r.needs})\b", macros) if r.needs else None for r in specs]  # whole words


_REACH = 100  # characters a match may start before the word it needs
_SPAN = 240   # characters it may run after it


def _windowed(rx: re.Pattern, spans: list[tuple[int, int]], text: str) -> Iterator[re.Match]:
    """The matches of ``rx`` that ``rx.finditer(text)`` gives, tried only near the needed words at ``spans``:
    the same leftmost, non-overlapping scan, each search bounded to a window around a needed word.
    The contract: a match holds a needed word within _REACH characters of its start; one that runs
    near the window's end (_SPAN after the word) is matched again on the whole text. A date phrase
    needing more room than that would be missed; none does (the tests compare with a full scan)."""
    pos = 0
    n = len(text)
    for ks, ke in spans:
        start = max(pos, ks - _REACH)
        if start > ke:
            continue
        end = min(n, ke + _SPAN)
        while start <= ke:
            m = rx.search(text, start, end)
            if m is None or m.start() > ke:
                break
            if m.end() >= end - 40 and end < n:
                m = rx.match(text, m.start()) or m  # near the window's edge: the match on the whole text
            yield m
            pos = start = m.end() if m.end() > m.start() else m.end() + 1


@dataclass(frozen=True)
class RuleSpec:
    """One rule of models/timex/rules.yaml: its name (= its normaliser), pattern and examples."""

    name: str
    what: str
    pattern: str
    case_sensitive: bool
    examples: tuple[str, ...]
    line: int
    path: str
    needs: str | None = None  # a word the match must contain: the rule is only tried near one (speed)


_RULE_KEYS = {"name", "what", "pattern", "case", "examples", "needs"}
_MACRO = re.compile(r"\{([A-Z][A-Z_]*)\}")


def load_rules(path: Path) -> list[RuleSpec]:
    """The rule table, validated: unknown keys, missing fields and repeated names are errors
    naming the file and the line."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
        root = yaml.compose(text)
    except (OSError, yaml.YAMLError) as exc:
        raise ExtractError(str(path), STAGE, f"cannot read the rule table: {exc}") from exc
    if not isinstance(root, yaml.MappingNode) or [k.value for k, _ in root.value] != ["rules"] \
            or not isinstance(root.value[0][1], yaml.SequenceNode):
        raise ExtractError(str(path), STAGE, "expected one key, 'rules', holding a list")
    out: list[RuleSpec] = []
    seen: set[str] = set()
    for node in root.value[0][1].value:
        line = node.start_mark.line + 1
        if not isinstance(node, yaml.MappingNode):
            raise _err(path, node, "a rule must be a mapping")
        for k, val in node.value:
            if k.value not in _RULE_KEYS:
                raise _err(path, k, f"unknown key {k.value!r} (allowed: {', '.join(sorted(_RULE_KEYS))})")
        d = yaml.safe_load(yaml.serialize(node))
        for key in ("name", "pattern"):
            if not isinstance(d.get(key), str) or not d[key]:
                raise _err(path, node, f"a rule needs a {key!r}")
        if d["name"] in seen:
            raise _err(path, node, f"rule {d['name']!r} is defined twice")
        seen.add(d["name"])
        case = d.get("case", "insensitive")
        if case not in ("sensitive", "insensitive"):
            raise _err(path, node, f"case must be 'sensitive' or 'insensitive', not {case!r}")
        exs = d.get("examples") or []
        if not isinstance(exs, list) or not all(isinstance(e, str) and e for e in exs):
            raise _err(path, node, "examples must be a list of texts")
        needs = d.get("needs")
        if needs is not None and (not isinstance(needs, str) or not needs):
            raise _err(path, node, "needs must be a pattern")
        out.append(RuleSpec(d["name"], str(d.get("what", "")), d["pattern"], case == "sensitive", tuple(exs),
                            line, str(path), needs))
    return out


def compile_rules(specs: Sequence[RuleSpec], macros: dict[str, str],
                  handlers: dict[str, Callable]) -> list[tuple[re.Pattern, Callable]]:
    """Expand the macros of each rule's pattern and pair it with its normaliser, in table order."""
    out = []
    for r in specs:
        if r.name not in handlers:
            raise ExtractError(r.path, STAGE, f"line {r.line}: rule {r.name!r} has no normaliser in extract/timex.py")
        out.append((_compile(r, r.pattern, macros), handlers[r.name]))
    missing = sorted(set(handlers) - {r.name for r in specs})
    if missing:
        raise ExtractError(specs[0].path if specs else "rules.yaml", STAGE,
                           f"normalisers with no rule in the table: {', '.join(missing)}")
    return out


# --------------------------------------------------------------------------
# Calendar arithmetic
# --------------------------------------------------------------------------

_SEASON_FIRST = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def add_months(d: date, n: int) -> date:
    """``d`` plus ``n`` calendar months, the day clipped to the month's end."""
    y, m0 = divmod(d.month - 1 + n, 12)
    y += d.year
    return date(y, m0 + 1, min(d.day, calendar.monthrange(y, m0 + 1)[1]))


def shift_interval(e: date, l: date, months: int = 0, days: int = 0) -> tuple[date, date]:
    """Shift an interval by months+days keeping its calendar width (end is exclusive-shifted)."""
    return add_months(e, months) + timedelta(days), add_months(l + timedelta(1), months) + timedelta(days - 1)


def season_interval(code: str, year: int) -> tuple[date, date]:
    """UK meteorological season: winter Y = 1 Dec Y .. end Feb Y+1."""
    first = _SEASON_FIRST[code]
    e = date(year, first, 1)
    return e, add_months(e, 3) - timedelta(1)


def narrow(e: date, l: date, granularity: str | None, mod: str | None) -> tuple[date, date]:
    """Narrow [e, l] to its first / middle / last third for START / MID / END."""
    if mod not in ("START", "MID", "END") or granularity == "day" or e > l:
        return e, l
    months = (l.year - e.year) * 12 + l.month - e.month + 1
    whole = e.day == 1 and l == _month_end(l.year, l.month)
    if granularity == "decade" and whole and months == 120:
        lo, hi = {"START": (0, 2), "MID": (3, 6), "END": (7, 9)}[mod]
        return date(e.year + lo, 1, 1), date(e.year + hi, 12, 31)
    if whole and months >= 3 and months % 3 == 0:
        k = months // 3
        i = {"START": 0, "MID": 1, "END": 2}[mod]
        s = add_months(e, i * k)
        return s, add_months(s, k) - timedelta(1)
    if whole and months == 1:
        if mod == "START":
            return e, date(e.year, e.month, 10)
        if mod == "MID":
            return date(e.year, e.month, 11), date(e.year, e.month, 20)
        return date(e.year, e.month, 21), l
    # any other interval: thirds by days
    n = (l - e).days + 1
    t = n // 3
    if t == 0:
        return e, l
    if mod == "START":
        return e, e + timedelta(t - 1)
    if mod == "MID":
        return e + timedelta(t), l - timedelta(t)
    return l - timedelta(t - 1), l


def _season_of(d: date) -> tuple[str, int]:
    m = d.month
    if m in (12, 1, 2):
        return "WI", d.year if m == 12 else d.year - 1
    return {3: "SP", 4: "SP", 5: "SP", 6: "SU", 7: "SU", 8: "SU"}.get(m, "FA"), d.year


_XPAT = {"D": "XXXX-XX-XX", "W": "XXXX-WXX", "M": "XXXX-XX", "Y": "XXXX", "Q": "XXXX-QX", "S": "XXXX-XX"}


def interval_value(e: date, l: date, unit: str = "D") -> str:
    """TIMEX3 value of an interval: exact unit, else smallest covering unit, else X digits."""
    if e == l:
        return e.isoformat()
    if e.year == l.year and e.month == l.month:
        return f"{e.year:04d}-{e.month:02d}"
    s1, s2 = _season_of(e), _season_of(l)
    if s1 == s2:
        return f"{s1[1]:04d}-{s1[0]}"
    if e.year == l.year:
        if (e.month - 1) // 3 == (l.month - 1) // 3:
            return f"{e.year:04d}-Q{(e.month - 1) // 3 + 1}"
        if (e.month - 1) // 6 == (l.month - 1) // 6:
            return f"{e.year:04d}-H{(e.month - 1) // 6 + 1}"
        return f"{e.year:04d}"
    return _XPAT.get(unit, "XXXX")


def interval_granularity(e: date, l: date) -> str:
    if e == l:
        return "day"
    v = interval_value(e, l)
    if re.fullmatch(r"\d{4}-\d\d", v):
        return "month"
    if v.endswith(("SP", "SU", "FA", "WI")):
        return "season"
    if "-Q" in v:
        return "quarter"
    if "-H" in v:
        return "half"
    return "year"


# --------------------------------------------------------------------------
# Sentence splitting
# --------------------------------------------------------------------------

_ABBREV = frozenset("""dr mr mrs ms mx prof rev st sgt insp supt ch det pc dc ds di para paras s ss no nos
e.g eg i.e ie etc vs v cf approx fig figs p pp vol ch sec sect art reg ref nb inc ltd co corp jr sr dept
govt est jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun
a.m p.m am pm op tel ext""".split())
_BOUND = re.compile(r"""[.!?]["'”’)\]]*\s+(?=["'“‘(\[]?[A-Z0-9•])|\n[ \t]*\n|\n(?=[ \t]*(?:[-•*–]\s|\(?[a-z0-9]{1,3}\)\s|[¹²³⁴⁵⁶⁷⁸⁹⁰]|\d+(?:\.\d+)+\s|(?:Section|Appendix|Chapter|Part)\s))""")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)\.?$")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Split text into sentence (start, end) spans.

    Breaks after . ! ? followed by space and a capital/digit, at blank lines and
    before bullet / footnote lines; not after abbreviations ("Dr.", "para. 4.2",
    "No. 3", initials) nor inside "s.47".
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUND.finditer(text):
        if text[m.start()] == ".":
            wm = _WORD_BEFORE.search(text, max(0, m.start() - 12), m.start())
            if wm:
                w = wm.group(1).lower().rstrip(".")
                if w in _ABBREV and not (len(w) == 1 and wm.group(1).isupper()):
                    continue
                if len(w) == 1 and wm.group(1).isupper() and (
                        _is_initial(text, wm.start()) or re.match(r"[A-Z]\.", text[m.end():m.end() + 2])):
                    continue
        _push_lines(text, spans, start, m.start() + 1 if text[m.start()] in ".!?" else m.start())
        start = m.end()
    _push_lines(text, spans, start, len(text))
    return spans


_SHORT_LINE = re.compile(r"\n(?=[ \t]*[A-Z0-9\"'“‘])")


def _push_lines(text: str, spans: list, s: int, e: int) -> None:
    """Push [s, e), split after short lines that end without continuation punctuation
    (title pages, headings, table cells: "who died in February 2017\nOverview Report")."""
    cut = s
    for m in _SHORT_LINE.finditer(text, s, e):
        line_start = text.rfind("\n", s, m.start()) + 1 if text.rfind("\n", s, m.start()) >= 0 else s
        line = text[max(line_start, cut):m.start()].rstrip()
        if 0 < len(text[line_start:m.start()].strip()) <= 60 and line and line[-1] not in ",;:-–(" and \
                not re.search(r"\b(?:the|a|an|of|to|and|or|in|on|at|by|for|with|from|that|his|her|their)$", line, re.I):
            _push(text, spans, cut, m.start())
            cut = m.start() + 1
    _push(text, spans, cut, e)


def _is_initial(text: str, pos: int) -> bool:
    """A capital letter before "." is an initial ("Dr J. Smith", "J. K. Rowling"), not the end
    of a pseudonym ("... with Child S. The health visitor ..."), when a title or another
    initial precedes it."""
    before = text[max(0, pos - 8):pos]
    return bool(re.search(r"(?:\b[A-Z]\.\s*|\b(?:Dr|Mr|Mrs|Ms|Mx|Prof|Sir|Dame)\.?\s+)$", before))


def _push(text: str, spans: list, s: int, e: int) -> None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if e > s:
        spans.append((s, e))


# --------------------------------------------------------------------------
# Grammar
# --------------------------------------------------------------------------


@dataclass
class _Cand:
    start: int
    end: int
    kind: str  # abs, dur, set, ref, dct, anch, age, title
    type: str = "DATE"
    value: str | None = None
    mod: str | None = None
    e: date | None = None
    l: date | None = None
    gran: str | None = None
    reason: str | None = None
    spec: dict = field(default_factory=dict)
    prio: int = 0
    ext: tuple[int, int] | None = None  # extent of the whole match, for overlap resolution
    part: str | None = None  # part of the day wrapped around a day ("the evening of ..."): MO, AF, EV, NI


def _alt(words) -> str:
    # longest first (so "sept" is tried before "sep"), ties alphabetical: the same pattern in every process
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(words), key=lambda w: (-len(w), w)))


@dataclass
class _Grammar:
    v: Vocab
    rules: list[tuple[re.Pattern, Callable]]
    num_re: re.Pattern
    dur_re: re.Pattern
    title_re: re.Pattern
    cue_re: re.Pattern
    section_re: re.Pattern
    birth_re: re.Pattern
    unit_split: re.Pattern = None  # type: ignore[assignment]
    gestation_re: re.Pattern = None  # type: ignore[assignment]
    subject_re: re.Pattern = None  # type: ignore[assignment]
    run_re: re.Pattern = None  # type: ignore[assignment]
    title_words: frozenset = frozenset()
    needs: list = None  # type: ignore[assignment]  # per rule: the word a match needs, or None
    words: list = None  # type: ignore[assignment]  # per rule: words one of which a match holds (literals.py)
    need_words: dict = None  # type: ignore[assignment]  # the same for each needs pattern


_SUP = "¹²³⁴⁵⁶⁷⁸⁹⁰"


@functools.lru_cache(maxsize=4)
def _grammar(models_dir: str | None = None) -> _Grammar:
    v = vocab(models_dir)
    MON = _alt(v.months)
    WD = _alt(v.weekdays)
    SEA = _alt(v.seasons)
    PM = _alt(v.point)
    tens = [w for w, n in v.cardinals.items() if n >= 20 and n % 10 == 0 and n < 100]
    units_lt10 = [w for w, n in v.cardinals.items() if 1 <= n <= 9 and w not in ("a", "an")]
    NUMW = rf"(?:(?:{_alt(tens)})(?:[- ](?:{_alt(units_lt10)}))?|{_alt(w for w in v.cardinals if w not in ('a', 'an'))})"
    NUM = rf"(?:\d+(?:\.\d+|\s+1/2|½)?|{NUMW}|half\s+an?|an?|{_alt(v.vague)})"
    UNIT = _alt(v.units)
    ORD = _alt(v.ordinals)
    Q = _alt(v.quantity)
    # one duration phrase: "two years seven months", "two and a half years", "six to eight weeks",
    # "three and four months", "a few days", "28 weeks", "sixteen-week"
    ADJ = r"(?:(?:working|calendar|school|full|whole|consecutive|clear|more|additional|extra)\s+)?"
    SP = r"(?:-\s*|\s+)"
    RNG = r"(?:\s*[-–]\s*|[\s-]+(?:to|or|and)[\s-]+)"
    PART = rf"{NUM}(?:\s+and\s+a\s+half)?{SP}{ADJ}(?:{UNIT})(?:[- ]and[- ]a[- ]half)?"
    DUR = (rf"(?:{NUM}{RNG}{NUM}{SP}(?:{UNIT})"
           rf"|{PART}(?:\s+(?:and\s+{NUM}|(?!an?\s){NUM}){SP}(?:{UNIT}))?)")  # not "24 hours a day" (a rate)
    YEAR = r"(?:1[6-9]\d\d|20\d\d)"
    # not a year: "2000 referrals", "at 1830 hours", "1990s" (decade rule), "2013/14" (financial year)
    Y_OK = r"(?![\d%]|/\d|\.\d|-\d|,\d{3}|'s|s\b|\s*(?:hours|hrs)\b)"
    COUNT = re.compile(r"\s+(?:people|children|young\s+people|cases|referrals|contacts|staff|families|patients|calls|"
                       r"incidents|households|pupils|adults|victims|professionals|practitioners|assessments|reports|"
                       r"per|times)\b", re.I)
    Y_PRE = r"(?<![\d,./£$#-])"
    I = re.I
    R: list[tuple[re.Pattern, Callable]] = []
    handlers: dict[str, Callable] = {}

    def rule(name: str):
        """Register the normaliser of the rule ``name`` of models/timex/rules.yaml."""
        def deco(fn):
            handlers[name] = fn
            return fn
        return deco

    g = _Grammar(v, R, re.compile(rf"^{NUM}$", I), re.compile(DUR, I), None, None, None, None)  # type: ignore[arg-type]

    # --- full dates ---------------------------------------------------------
    @rule("dmy")
    def _dmy(m, t, ctx):
        return _day_cand(m, int(m["y"]), v.months[m["m"].lower()], int(m["d"]))

    @rule("day_range")
    def _day_range(m, t, ctx):
        # "3rd-4th May 2015", "between 4 and 9 May 2019": two TIMEX3s (TimeML), the first
        # taking its month and year from the second, linked as one range
        y, mo = int(m["y"]), v.months[m["m"].lower()]
        first = _fill_day(_Cand(m.start("d1"), _first_end(m, t), "abs", gran="day"), y, mo, int(m["d1"]))
        last = _Cand(m.start("d"), m.end(), "abs", gran="day")
        last = _fill_day(last, y, mo, int(m["d"]))
        if first.e is None or last.e is None or first.e > last.e:
            return last if first.e is not None else first
        out = [first, last]
        if re.match(r"\s*(?:and|&)\s*$", t[_first_end(m, t):m.start("d")]):
            # "on 7th, 8th and 9th June 2016": the days listed before, each of that month and year
            pos = m.start("d1")
            while (dm := _LISTED_DAY.search(t, max(0, pos - 12), pos)) is not None:
                c = _fill_day(_Cand(dm.start("d"), dm.end("day"), "abs", gran="day"), y, mo, int(dm["d"]))
                if c.e is None or c.e >= out[0].e:
                    break
                out.insert(0, c)
                pos = dm.start("d")
        return out

    @rule("school_term")
    def _school_term(m, t, ctx):
        # English school terms: autumn Sep-Dec, spring Jan-Mar, summer Apr-Jul
        y = int(m["y"])
        first, last = {"autumn": (9, 12), "spring": (1, 3), "summer": (4, 7)}[m["s"].lower()]
        c = _Cand(m.start(), m.end(), "abs", gran="season")
        c.e, c.l = date(y, first, 1), _month_end(y, last)
        c.value = interval_value(c.e, c.l, "M")
        return c

    @rule("age_range")
    def _age_range(m, t, ctx):
        # "between the ages of 12 and 16": two ages (P12Y, P16Y), linked as a range later
        pair = [_years_age(m, k) for k in ("a", "b")]
        return None if None in pair else pair

    @rule("aged_pair")
    def _aged_pair(m, t, ctx):
        # "aged eleven and seven": two ages; not a range (only "between"/"from" make one)
        pair = [_years_age(m, k) for k in ("a", "b")]
        return None if None in pair else pair

    @rule("age_after_name")
    def _age_after_name(m, t, ctx):
        return _years_age(m, "n") if ctx.narrative else None  # a report's "the death of A B, 36."

    @rule("aged_years")
    def _aged_years(m, t, ctx):
        c = _years_age(m, "n")
        if c is not None:
            c.ext = (m.start(), m.end())
        return c

    def _years_age(m, group):
        """An age in whole years from a bare number ("aged 14", "the ages of 12 and 16")."""
        n = _number(g, m[group])
        if n is None or isinstance(n, str) or not 0 < n < 120:
            return None
        return _Cand(m.start(group), m.end(group), "age",
                     spec={"lo": (int(n) * 12, 0), "hi": (int(n) * 12, 0), "unit": "Y", "dur": f"P{int(n)}Y"})

    @rule("mdy")
    def _mdy(m, t, ctx):
        return _day_cand(m, int(m["y"]), v.months[m["m"].lower()], int(m["d"]))

    @rule("dm")
    def _dm(m, t, ctx):
        if not _month_ok(m, t, m.start("m"), m["m"], allow_any=True):
            return None
        ry = _range_year(t, m.end())
        if ry:
            return _day_cand(m, ry, v.months[m["m"].lower()], int(m["d"]))
        spec = {"op": "dm", "month": v.months[m["m"].lower()], "day": int(m["d"]), "unit": "D",
                "future": _planned(t, m.start()), "past": not ctx.narrative and _ENDED.search(t, max(0, m.start() - 8), m.start()) is not None}
        if m["wd"]:
            spec["weekday"] = v.weekdays[m["wd"].lower()]
        return _Cand(m.start(), _month_end_char(m), "anch", spec=spec)

    _ABBR = {"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}

    def _month_end_char(m) -> int:
        # "Dec." keeps its dot, "on 5 December." does not (the sentence's full stop)
        return m.end() if not m.group(0).endswith(".") or m["m"].lower() in _ABBR else m.end() - 1

    @rule("day_range_noyear")
    def _day_range_noyear(m, t, ctx):
        # "between 18 and 31 December", "on 21 and 22 June": two days of one month, the year from
        # the story as for "5 June"; the first takes its month from the second
        if not _month_ok(m, t, m.start("m"), m["m"], allow_any=True) or int(m["d1"]) >= int(m["d"]):
            return None
        mo = v.months[m["m"].lower()]
        if not (1 <= int(m["d1"]) <= 31 and int(m["d"]) <= 31):
            return None
        ry = _range_year(t, _month_end_char(m))
        if ry:  # "4-5 March and 10 March 2025": the year the list ends with
            first = _fill_day(_Cand(m.start("d1"), _first_end(m, t), "abs", gran="day"), ry, mo, int(m["d1"]))
            last = _fill_day(_Cand(m.start("d"), _month_end_char(m), "abs", gran="day"), ry, mo, int(m["d"]))
            if first.e is not None and last.e is not None:
                return [first, last]
        fut = _planned(t, m.start())
        first = _Cand(m.start("d1"), _first_end(m, t), "anch",
                      spec={"op": "dm", "month": mo, "day": int(m["d1"]), "unit": "D", "future": fut})
        last = _Cand(m.start("d"), _month_end_char(m), "anch",
                     spec={"op": "dm", "month": mo, "day": int(m["d"]), "unit": "D", "future": fut})
        return [first, last]

    @rule("md")
    def _md(m, t, ctx):
        if not m["m"][0].isupper():
            return None
        return _Cand(m.start(), m.end(), "anch", spec={"op": "dm", "month": v.months[m["m"].lower()], "day": int(m["d"]),
                                                       "unit": "D", "future": _planned(t, m.start()),
                                                       "past": not ctx.narrative and _ENDED.search(t, max(0, m.start() - 8), m.start()) is not None})

    @rule("numeric")
    def _numeric(m, t, ctx):
        if m["sep"] == "." and len(m["y"]) == 2:
            # "3.2.12" is a paragraph number unless the words before make it a date:
            # "on 7.3.22", "DOB 11.08.69", "(DOD 03.04.18)", "between 1.2.13 and ..."
            before = t[max(0, m.start() - 14):m.start()]
            line = t[t.rfind("\n", 0, m.start()) + 1:m.start()]
            if not line.strip() or not re.search(
                    r"(?:\b(?:on|dated|dob|dod|d\.o\.b\.?|born|died|of|from|to|until|till|since|before|after|by|between|and|date|as\s+at)|[(:,–-])\s*$",
                    before, re.I) and not (re.search(r"\b(?:the|a|an|his|her|their)\s*$", before, re.I)
                                           and re.match(r"\s+(?!(?:below|above|paragraph|section|para|sub|and|or|to)\b)[a-z]{3,}",
                                                        t[m.end():m.end() + 14])):
                return None  # ("the 13.2.13 discharge": a date before the event it dates)
        pre = t[max(0, m.start() - 12):m.start()].lower()
        if re.search(r"\b(?:para(?:graph)?|section|chapter|s|no)\.?\s*$", pre):
            return None
        y = int(m["y"])
        c = _Cand(m.start(), m.end(), "abs", gran="day")
        if len(m["y"]) == 2:
            ref = (ctx.dct or date.today()).year
            y = _pivot(y, ref)
        c = _fill_day(c, y, int(m["b"]), int(m["a"]))
        if c.value is None:
            try:  # "12/13/2012": not a UK day/month; say so rather than guess
                us = date(y, int(m["a"]), int(m["b"]))
                c.reason = f"not a valid day/month date (read UK-style); as US month/day it would be {us.isoformat()}"
            except ValueError:
                pass
        return c

    @rule("financial_year")
    def _financial_year(m, t, ctx):
        y = int(m["y"])
        if int(m["y2"]) != (y + 1) % 100:
            return None  # "2006/90" is a statutory instrument number, not a year
        c = _Cand(m.start(), m.end(), "abs", value=f"FY{y}", gran="year")
        c.e, c.l = date(y, 4, 1), date(y + 1, 3, 31)  # UK financial year
        return c

    @rule("iso")
    def _iso(m, t, ctx):
        return _fill_day(_Cand(m.start(), m.end(), "abs", gran="day"), int(m["y"]), int(m["mo"]), int(m["d"]))

    # --- month, season, parts of a year ------------------------------------
    @rule("month_year")
    def _month_year(m, t, ctx):
        y, mo = int(m["y"]), v.months[m["m"].lower()]
        c = _Cand(m.start(), m.end(), "abs", value=f"{y:04d}-{mo:02d}", gran="month", mod=_pmod(m["pm"]))
        c.e, c.l = date(y, mo, 1), _month_end(y, mo)
        return c

    @rule("season_year")
    def _season_year(m, t, ctx):
        s = v.seasons[m["s"].lower()]
        y = int(m["y"])
        c = _Cand(m.start(), m.end(), "abs", value=f"{y:04d}-{s['code']}", gran="season",
                  mod=_pmod(m["pm"]) or s.get("mod"))
        c.e, c.l = season_interval(s["code"], y)
        return c

    @rule("season")
    def _season(m, t, ctx):
        past = bool(re.search(r"past$", m["rel"] or "", re.I))  # "this past spring": the last one
        rel = "this" if past else (m["rel"] or "").lower()
        s = v.seasons[m["s"].lower()]
        if m["s"].lower() == "fall" and ctx.narrative:
            return None  # British review prose: "the fall", "a fall from" = he fell (a season only with a year)
        if m["s"].lower() == "spring" and re.match(r"\s+(?:mattress|clean|loaded|water|bank)", t[m.end():m.end() + 10], re.I):
            return None
        pre = t[max(0, m.start() - 12):m.start()].lower()
        if not rel and not m["pm"] and not re.search(r"\b(?:in|during|over|by|until|since|through)\s+$", pre):
            return None
        mod = _pmod(m["pm"]) or s.get("mod")
        if rel in ("this", "last", "next"):
            return _Cand(m.start(), m.end(), "dct", mod=mod, spec={"season": s["code"], "offset": {"this": 0, "last": -1, "next": 1}[rel],
                                                                   "past": past})
        if not rel or rel == "the":
            if not rel and not mod:  # "in winter": generic, no year
                return _Cand(m.start(), m.end(), "abs", value=f"XXXX-{s['code']}", gran="season", mod=mod,
                             reason="season without a year")
            # "since the spring": the season of a date mentioned just before, if any
            return _Cand(m.start(), m.end(), "anch", mod=mod,
                         spec={"op": "season_of", "season": s["code"], "unit": "S", "near": 400})
        # "that summer": the season of the last narrative date's year
        return _Cand(m.start(), m.end(), "anch", mod=mod, spec={"op": "season_of", "season": s["code"], "unit": "S"})

    @rule("season_that_year")
    def _season_that_year(m, t, ctx):
        s = v.seasons[m["s"].lower()]
        w = re.sub(r"\s+", " ", m["w"].lower())
        off = {"the following": 1, "the next": 1, "the previous": -1, "the preceding": -1}.get(w, 0)
        return _Cand(m.start(), m.end(), "anch", mod=_pmod(m["pm"]) or s.get("mod"),
                     spec={"op": "season_of", "season": s["code"], "offset": off, "unit": "S"})

    @rule("half")
    def _half(m, t, ctx):
        h = 2 if m["o"].lower() in ("second", "2nd", "latter", "last") else 1
        y = int(m["y"])
        c = _Cand(m.start(), m.end(), "abs", value=f"{y:04d}-H{h}", gran="half")
        c.e = date(y, 1 if h == 1 else 7, 1)
        c.l = _month_end(y, 6 if h == 1 else 12)
        return c

    @rule("quarter")
    def _quarter(m, t, ctx):
        # "the third quarter of 1989", "the 1988 second quarter", "this year's third quarter",
        # "the year-ago third quarter"
        o = m["o"].lower()
        q = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3}.get(o, 4)
        ys = m["y"] or (m["y2"] or "").strip() or m["yp"]
        if (m["rel"] or m["ago"]) and not ys and ctx.dct:
            ys = str(ctx.dct.year + ({"last": -1, "next": 1}.get((m["rel"] or "").lower(), 0) if m["rel"] else -1))
        if ys:
            y = int(ys)
        elif ctx.dct:
            y = ctx.dct.year
            if not ctx.narrative and q > (ctx.dct.month - 1) // 3 + 1 and not _planned(t, m.start()):
                y -= 1  # news of January: "profits fell in the fourth quarter" is last year's
        else:
            return _Cand(m.start(), m.end(), "abs", value=f"XXXX-Q{q}", gran="quarter", reason="quarter without a year")
        start = m.start()
        if not (m["yp"] or m["rel"] or m["ago"] or m["pm"]) and re.match(r"the\s+\w+-quarter", m.group(0), re.I):
            start = m.start("o")  # "the third-quarter loss": the adjective alone (TimeBank)
        c = _Cand(start, m.end(), "abs", value=f"{y:04d}-Q{q}", gran="quarter", mod=_pmod(m["pm"]))
        c.e = date(y, 3 * q - 2, 1)
        c.l = _month_end(y, 3 * q)
        return c

    teens = {w: n for w, n in v.cardinals.items() if 10 <= n <= 19}
    TENS = _alt(tens)
    ONES = _alt(units_lt10)

    @rule("spelled_year")
    def _spelled_year(m, t, ctx):
        # "in nineteen ninety-six" (broadcast transcripts): 1996
        n = _number(g, m["n"])
        if not isinstance(n, (int, float)) or not 10 <= n <= 99:
            return None
        y = 1900 + int(n)
        c = _Cand(m.start(), m.end(), "abs", value=str(y), gran="year")
        c.e, c.l = date(y, 1, 1), date(y, 12, 31)
        return c

    @rule("spelled_2000")
    def _spelled_2000(m, t, ctx):
        y = 2000 + (v.cardinals.get((m["n"] or "").lower(), 0))
        c = _Cand(m.start(), m.end(), "abs", value=str(y), gran="year")
        c.e, c.l = date(y, 1, 1), date(y, 12, 31)
        return c

    DEC_W = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
             "eighties": 8, "nineties": 9}

    @rule("decade_word")
    def _decade_word(m, t, ctx):
        # "the nineties", "the early eighties": the decade of the 1900s (never "her thirties": an age)
        d = 1900 + 10 * DEC_W[m["w"].lower()]
        c = _Cand(m.start(), m.end(), "abs", value=str(d // 10), gran="decade", mod=_pmod(m["pm"]))
        c.e, c.l = date(d, 1, 1), date(d + 9, 12, 31)
        return c

    @rule("century")
    def _century(m, t, ctx):
        # "the 20th century": TIMEX3 value 19 (the hundreds digits), 1900-1999
        k = int(m["n"]) - 1
        c = _Cand(m.start(), m.end(), "abs", value=f"{k:02d}", gran="century")
        c.e, c.l = date(max(k * 100, 1), 1, 1), date(k * 100 + 99, 12, 31)
        return c

    @rule("month_rel_year")
    def _month_rel_year(m, t, ctx):
        # "in June last year", "April next year": one month of the DCT's year before or after
        if not _month_ok(m, t, m.start("m"), m["m"], allow_any=True):
            return None
        mo = v.months[m["m"].lower()]
        return _Cand(m.start(), m.end(), "dct", spec={"month": mo, "year_offset": {"last": -1, "this": 0, "next": 1}[m["rel"].lower()]})

    @rule("decade")
    def _decade(m, t, ctx):
        d = int(m["d"])
        c = _Cand(m.start(), m.end(), "abs", value=str(d // 10), gran="decade", mod=_pmod(m["pm"]))
        c.e, c.l = date(d, 1, 1), date(d + 9, 12, 31)
        return c

    @rule("year_mod")
    def _year_mod(m, t, ctx):
        y = int(m["y"])
        c = _Cand(m.start(), m.end(), "abs", value=str(y), gran="year", mod=_pmod(m["pm"]))
        c.e, c.l = date(y, 1, 1), date(y, 12, 31)
        return c

    @rule("year_period")
    def _year_period(m, t, ctx):
        # "in the 1988 period" (the year-earlier figures): the year, with its noun phrase (TimeBank)
        y = int(m["y"])
        c = _Cand(m.start(), m.end(), "abs", value=str(y), gran="year")
        c.e, c.l = date(y, 1, 1), date(y, 12, 31)
        return c

    @rule("year")
    def _year(m, t, ctx):
        if COUNT.match(t, m.end()) and not re.search(r"\b(?:in|since|during|by|until|till|from|of|before|after|early|late|mid)\s+$",
                                                    t[max(0, m.start() - 10):m.start()], re.I):
            return None  # "2000 referrals" is a count ("In 2013 children were seen" is a year)
        y = int(m["y"])
        ys = m.start("y")
        if ctx.narrative and y > (ctx.dct or date.today()).year + 1 and int(m["y"][2:]) < 60 \
                and (re.search(r"\bat\s+(?:about\s+|around\s+|approximately\s+)?$", t[max(0, ys - 20):ys], re.I)
                     or re.match(r"\s*(?:hours|hrs)\b|\s+on\s+(?:the\s+)?(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\d)",
                                 t[m.end():m.end() + 20], re.I)) \
                and not re.match(r"\s+(?:prices|levels|rates|figures|values)\b", t[m.end():m.end() + 10], re.I):
            # "the call was logged at 2041": a clock time of the narrative, not a year after the report
            return _approx(t, _Cand(ys, m.end(), "anch", type="TIME",
                                    spec={"op": "clock", "clock": f"{m['y'][:2]}:{m['y'][2:]}", "unit": "D"}))
        c = _Cand(m.start() if m.group(0)[:1].lower() == "f" else ys, m.end(), "abs", value=str(y), gran="year")
        c.e, c.l = date(y, 1, 1), date(y, 12, 31)
        if _is_title_year(g, t, m.start("y"), m.end()):
            c.kind = "title"
        return c

    @rule("month")
    def _month(m, t, ctx):
        if not _month_ok(m, t, m.start("m"), m["m"], allow_any=bool(m["rel"] or m["pm"])):
            return None
        if m["m"] == "Jan" and not m["rel"] and not m["pm"] and re.match(r" [A-Z][a-z]", t[m.end("m"):m.end("m") + 3]):
            return None  # "Jan Kavan": a first name
        mo = v.months[m["m"].lower()]
        rel = (m["rel"] or "").lower()
        ry = None if rel else _range_year(t, m.end())
        if ry:  # "between June and November 2017": the year of the range's end
            c = _Cand(m.start(), m.end("m"), "abs", value=f"{ry:04d}-{mo:02d}", gran="month", mod=_pmod(m["pm"]))
            c.e, c.l = date(ry, mo, 1), _month_end(ry, mo)
            return c
        end = m.end() if m.group(0).endswith(".") and m["m"].lower() in ("jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec") else m.end("m")
        if rel in ("last", "next", "this"):
            return _Cand(m.start(), end, "dct", mod=_pmod(m["pm"]), spec={"month": mo, "rel": rel})
        clause = re.split(r"[.;!?]\s", t[max(0, m.start() - 90):m.start()])[-1]
        return _Cand(m.start(), end, "anch", mod=_pmod(m["pm"]),
                     spec={"op": "month_name", "month": mo, "unit": "M", "future": _planned(t, m.start()),
                           "past": not ctx.narrative and bool(re.search(r"\b(?:in|since|during)\s+$", t[max(0, m.start() - 8):m.start()], re.I))
                           and not re.search(r"\bto\s+[a-z]+\b", clause) and _tense(t, m.start(), end, commas=True) == "past",
                           "pluperfect": bool(re.search(r"\bhad\b", clause, re.I))})

    @rule("weekday")
    def _weekday(m, t, ctx):
        if not m["w"][0].isupper():
            return None
        rel = (m["rel"] or "").lower()
        start = m.start("w") if rel in ("on", "that", "") else m.start()
        if rel in ("", "on"):
            if not m["part"] and t[m.end():m.end() + 2] in ("'s", "’s"):
                rel = "past"  # "Wednesday's ruling": a day already reported
            else:
                rel = {"future": "coming", "past": "past"}.get(_tense(t, m.start(), m.end()) or "", rel)
                if rel == "coming" and re.search(r"\b(?:had\s+been|previously)\b", t[max(0, m.start() - 60):m.start()].split(".")[-1], re.I):
                    rel = "past"  # "had been due to expire Friday evening": a plan already past
        if not m["part"] and re.match(r"\s+(?:school|lunch|dinner|roast|service|club|paper|times|league|trading)\b", t[m.end():m.end() + 12], re.I):
            return None  # "Sunday school", "a Sunday lunch": a kind of thing, not a day
        if rel == "" and re.match(r"\s+(?:the\s+)?\d", t[m.end():m.end() + 6]):
            return None  # "Tuesday 3 March": the full date rule takes it
        if rel == "" and re.search(r"\b(?:every|each|on|most|some|all)\s+$", t[max(0, m.start() - 6):m.start()]) \
                and m["w"].endswith("s"):
            return None
        spec = {"weekday": v.weekdays[m["w"].lower()], "rel": rel,
                "pluperfect": bool(re.search(r"\bhad\b|\bprevious\b|\bbefore\b", t[max(0, m.start() - 60):m.start()].split(".")[-1], re.I))}
        if m["part"]:
            spec["part"] = _PARTS[m["part"].lower()]
        return _Cand(start, m.end(), "dct", type="TIME" if m["part"] else "DATE", spec=spec)

    # --- document-creation-time references, sets, anchored phrases --------
    dct_alt = _alt(v.dct)

    @rule("dct")
    def _dct(m, t, ctx):
        key = re.sub(r"\s+", " ", m["k"].lower())
        spec = dict(v.dct[key])
        if spec.get("news") and ctx.narrative:
            return None  # a news convention ("current", "the fiscal year"): reviews do not use it so
        if spec.get("period") and re.match(r"\s+(?:ended|ending|to)\b", t[m.end():m.end() + 8], re.I):
            # "the fiscal year ended Sept. 30": the length of the period, not the DCT's year
            return _Cand(m.start(), m.end(), "dur", type="DURATION", value=f"P1{spec.get('unit', 'Y')}")
        if m["pm"]:
            if "value" in spec:
                return None
            spec["mod"] = _pmod(m["pm"])
        if key in ("now", "the year", "the quarter") and t[m.end():m.end() + 1] in ("-", "'", "’"):
            return None  # "now-defunct", "the year-ago quarter" (the quarter rule), "the year's"
        if "value" in spec and spec["value"] != "WEEKEND":
            return _Cand(m.start(), m.end(), "ref", value=spec["value"], reason="reference to the present, past or future")
        return _Cand(m.start(), m.end(), "dct", type="TIME" if spec.get("part") else "DATE", mod=spec.get("mod"), spec=dict(spec))

    @rule("set")
    def _set(m, t, ctx):
        if re.match(r"\s+(?:life|lives|lived|living|routines?|care|activities|experience)\b", t[m.end():m.end() + 12], re.I):
            return None  # "daily life" is not a frequency
        return _Cand(m.start(), m.end(), "set", type="SET", value=v.sets[re.sub(r"\s+", " ", m.group(0).lower())])

    @rule("set_every")
    def _set_every(m, t, ctx):
        n = 2 if m["other"] else _number(g, m["n"]) if m["n"] else 1
        if n is None:
            return None
        low = m["u"].lower()
        u = {"fortnight": "W"}.get(low, m["u"][0].upper())
        if low == "fortnight" and not isinstance(n, str):
            n = n * 2
        k = n if isinstance(n, str) else f"{n:g}"
        if low in ("hour", "minute"):  # "every 15 minutes" PT15M, "every two hours" PT2H
            return _Cand(m.start(), m.end(), "set", type="SET", value=f"PT{k}{u}")
        return _Cand(m.start(), m.end(), "set", type="SET", value=f"P{k}{u}")

    @rule("part_of_day_mod")
    def _part_of_day_mod(m, t, ctx):
        # "mid-morning", "late evening": that part of the story's day (TimeML TMO / TEV, mod MID / END / START)
        mod = {"early": "START", "mid": "MID", "late": "END"}[m["mod"].lower()]
        return _Cand(m.start(), m.end(), "anch", type="TIME", mod=mod,
                     spec={"op": "shift", "days": 0, "unit": "D", "part": _PARTS[m["w"].lower()]})

    @rule("day_of_month")
    def _day_of_month(m, t, ctx):
        # "on the 5th" after "3 May 2019": a day of the story's month (narrative only; news has its own dates)
        if not ctx.narrative:
            return None
        return _Cand(m.start("d"), m.end(), "anch", spec={"op": "month_day", "day": int(m["d"]), "unit": "D"})

    @rule("set_each_day")
    def _set_each_day(m, t, ctx):
        # "every Monday", "each July", "on Tuesday nights": a recurring day or month (TimeML SET)
        w = m["w"] or m["w2"]
        if w:
            part = {"morning": "TMO", "afternoon": "TAF", "evening": "TEV", "night": "TNI"}.get((m["part"] or "").lower(), "")
            start = m.start("w2") if m["w2"] else m.start()  # "on Tuesdays": the preposition stays outside
            return _Cand(start, m.end(), "set", type="SET", value=f"XXXX-WXX-{v.weekdays[w.lower().rstrip('s')] + 1}{part}")
        if not m["m"][0].isupper():
            return None
        return _Cand(m.start(), m.end(), "set", type="SET", value=f"XXXX-{v.months[m['m'].lower()]:02d}")

    @rule("set2")
    def _set2(m, t, ctx):
        u = m["u"].lower()
        return _Cand(m.start(), m.end(), "set", type="SET", value="PT1H" if u == "hour" else f"P1{u[0].upper()}")

    @rule("anchored")
    def _anchored(m, t, ctx):
        key = re.sub(r"\s+", " ", m.group(0).lower())
        spec = dict(v.anchored[key])
        if key in ("overnight", "lunchtime", "lunch time") and re.match(
                r"\s+(?!and\b|or\b|on\b|in\b|at\b|to\b|for\b|when\b|while\b|that\b|but\b|with\b|before\b|after\b|the\b|he\b|she\b|they\b)[a-z]+",
                t[m.end():m.end() + 15]):
            return None  # "overnight care", "lunchtime club": a kind of thing, not a time
        return _Cand(m.start(), m.end(), "anch", type="TIME" if spec.get("part") else "DATE", spec=spec)

    @rule("point_of_unit")
    def _point_of_unit(m, t, ctx):
        # "by the end of the month": in a review the month of the story's last date, in news the DCT's
        u = m["u"].lower()
        mod = g.v.point[m["p"].lower()]
        if not ctx.narrative:
            if u == "year":
                return None  # news: "the year" is the DCT's (the dct rule), the point modifier added after
            return _Cand(m.start(), m.end(), "dct", type="DATE", mod=mod,
                         spec={"unit": u[0].upper(), "offset": 0, "mod": mod})
        spec = {"week": {"op": "shift", "days": 0, "unit": "W"}, "month": {"op": "month_of", "unit": "M"},
                "year": {"op": "year_of", "unit": "Y"}}[u]
        return _Cand(m.start(), m.end(), "anch", type="DATE", mod=mod, spec=dict(spec))

    @rule("part_of_story_day")
    def _part_of_story_day(m, t, ctx):
        # "throughout the night and the following morning": the night of the story's day (TimeML TNI)
        return _Cand(m.start("p"), m.end("p"), "anch", type="TIME",
                     spec={"op": "shift", "days": 0, "unit": "D", "part": _PARTS[m["w"].lower()]})

    @rule("last_of_life")
    def _last_of_life(m, t, ctx):
        u = m["u"].lower()[0].upper()
        if not m["n"] and m["u"].lower().endswith("s"):
            return _Cand(m.start(), m.end(), "dur", type="DURATION", value=f"PX{u}")  # "the final days of his life"
        n = _number(g, m["n"]) if m["n"] else 1
        if n is None or isinstance(n, str):
            return None
        return _Cand(m.start(), m.end(), "dur", type="DURATION", value=f"P{n:g}{u}")

    @rule("period_before_event")
    def _period_before_event(m, t, ctx):
        # "in the days prior to his death", "in the months before her death": PXD, PXM (the signal stays
        # out); news (TimeBank, AQUAINT) dates "the weeks before the vote" as a DATE, left untagged here
        if not ctx.narrative:
            return None
        return _Cand(m.start("p"), m.end("p"), "dur", type="DURATION", value=f"PX{VAGUE_U[m['u'].lower()]}")

    @rule("day_after_event")
    def _day_after_event(m, t, ctx):
        d = 1 if m["dir"].lower() == "after" else -1
        if m["n"].lower() in ("birth", "delivery"):
            return _Cand(m.start(), m.end(), "age", spec={"lo": (0, d), "hi": (0, d), "unit": "D"})
        return _Cand(m.start(), m.end(), "anch", spec={"op": "event", "unit": "D"})

    # --- holidays ------------------------------------------------------------
    _DET_BEFORE = re.compile(r"\b(?:a|an|the|his|her|their|our|its)\s+$", re.I)
    # words after "the Christmas ..." that keep it a time: "the Christmas period", "the Easter holidays"
    _HOLIDAY_NEXT = frozenset("day eve period holiday holidays break breaks week weekend weekends time season "
                              "morning afternoon evening night fortnight and or of in at to on when before after "
                              "that was were is had has".split())
    HOL = "|".join(re.escape(h).replace(r"\ ", r"\s+").replace("'", "['’]?") for h in sorted(v.holidays, key=len, reverse=True))

    @rule("holiday")
    def _holiday(m, t, ctx):
        if not m["h"][0].isupper():
            return None
        if not m["y"] and re.match(r"\s+(?:cards?|trees?|presents?|party|parties|dinner|decorations?|gifts?|jumper|shopping|lights)\b", t[m.end():m.end() + 14], re.I):
            return None  # "a Christmas card": a thing, not a day
        if not m["y"] and _DET_BEFORE.search(t, max(0, m.start() - 8), m.start()) and \
                (nxt := re.match(r"\s+([a-z]+)\b", t[m.end():m.end() + 20])) and nxt.group(1) not in _HOLIDAY_NEXT:
            return None  # "a Christmas market", "the Easter egg hunt": the holiday names a thing
        key = re.sub(r"\s+", " ", m["h"].lower().replace("’", "'"))
        spec = v.holidays.get(key) or v.holidays.get(key.replace("'", ""))
        if spec is None:
            return None
        if m["y"]:
            c = _Cand(m.start(), m.end(), "abs", gran="day")
            d = _holiday_date(spec, int(m["y"]))
            c.e = c.l = d
            c.value = d.isoformat()
            return c
        rel = (m["rel"] or "").lower() if not ctx.narrative else ""
        return _Cand(m.start() if rel else m.start("h"), m.end(), "anch",
                     spec={"op": "holiday", "holiday": spec, "unit": "D", "rel": rel, "future": _planned(t, m.start())})

    # --- times ---------------------------------------------------------------
    @rule("clock24")
    def _clock24(m, t, ctx):
        # "at 16.06", "between 19.35 and 19.47": a time on the day of the last narrative date
        if t[m.start():m.start() + 2].lower() == "to" and not re.search(
                r"\d[:.]\d\d\s*(?:hours|hrs)?\s*$", t[max(0, m.start() - 14):m.start()]):
            return None  # "22:16 to 22:26" is a range; "rose to 10.50" is not a time
        h = m["h"] or m["h1"]
        c = _Cand(m.start("h") if m["h"] else m.start("h1"), m.end(), "anch", type="TIME",
                  spec={"op": "clock", "clock": _clock_text(h, m["mi"], m["sec"]), "unit": "D"})
        c = _approx(t, c)
        c.ext = (min(m.start(), c.start), m.end())
        return c

    @rule("military")
    def _military(m, t, ctx):
        # "1515 hours", "14.47 hours", "02:20hrs": a time on the day of the last narrative date
        if len(m["h"]) == 1 and not re.search(r"[:.]", m.group(0)):
            return None  # "130 hours" is a duration
        return _approx(t, _Cand(m.start(), m.end(), "anch", type="TIME",
                                spec={"op": "clock", "clock": _clock_text(m["h"], m["mi"], m["sec"]), "unit": "D"}))

    @rule("clock_range")
    def _clock_range(m, t, ctx):
        # "between 9 and 10pm": the first point takes its am / pm from the second (unless that would put
        # it after the second: "from 11 to 1pm" is 11:00 to 13:00)
        pm = m["ap"].lower().startswith("p")
        h2 = int(m["h"]) % 12 + (12 if pm else 0)
        h1 = int(m["h1"]) % 12 + (12 if pm else 0)
        mi1, mi2 = int(m["mi1"] or 0), int(m["mi"] or 0)
        if h1 > 23 or h2 > 23 or mi1 > 59 or mi2 > 59 or int(m["h1"]) > 12 or int(m["h"]) > 12:
            return None
        if (h1, mi1) > (h2, mi2):
            h1 -= 12
        if h1 < 0:
            return None
        first = _Cand(m.start("h1"), m.end("mi1") if m["mi1"] else m.end("h1"), "anch", type="TIME",
                      spec={"op": "clock", "clock": f"{h1:02d}:{mi1:02d}", "unit": "D"})
        last = _Cand(m.start("h"), m.end(), "anch", type="TIME", spec={"op": "clock", "clock": f"{h2:02d}:{mi2:02d}", "unit": "D"})
        return [first, last]

    @rule("year_range")
    def _year_range(m, t, ctx):
        # "between 2014-2016": two years (TimeML), linked as one range
        y1, y2 = int(m["y1"]), int(m["y2"])
        if y2 <= y1:
            return None
        out = []
        for y, (a, b) in ((y1, m.span("y1")), (y2, m.span("y2"))):
            c = _Cand(a, b, "abs", value=str(y), gran="year")
            c.e, c.l = date(y, 1, 1), date(y, 12, 31)
            out.append(c)
        return out

    @rule("clock")
    def _clock(m, t, ctx):
        h = int(m["h"]) % 12 + (12 if m["ap"].lower().startswith("p") else 0)
        mi = int(m["mi"] or 0)
        if h > 23 or mi > 59:
            return None
        return _approx(t, _Cand(m.start(), m.end(), "anch", type="TIME",
                                spec={"op": "clock", "clock": f"{h:02d}:{mi:02d}", "unit": "D"}))

    @rule("noon")
    def _noon(m, t, ctx):
        if re.match(r"\s+(?:meal|news|deadline|train|flight|shift)", t[m.end():m.end() + 10], re.I) or \
                re.search(r"\bhigh\s+$", t[max(0, m.start() - 5):m.start()], re.I):
            return None  # "the noon news"; "High Noon" (the film, the showdown)
        return _approx(t, _Cand(m.start(), m.end(), "anch", type="TIME",
                                spec={"op": "clock", "clock": "12:00" if m["n"] else "24:00", "unit": "D"}))

    # --- ages ------------------------------------------------------------------
    @rule("age_at")
    def _age_at(m, t, ctx):
        pre = m["pre"].lower()
        if pre == "by" and not m["suf"]:
            return None
        c = _age_cand(g, m, m.start("q") if m["q"] else m.start("dur"), m.end("dur"))
        if c is not None:
            c.ext = (m.start(), m.end())
        return c

    @rule("age_old")
    def _age_old(m, t, ctx):
        c = _age_cand(g, m, m.start(), m.end("dur"))  # TimeML: "old" and "of age" stay outside
        if c is not None:
            c.ext = (m.start(), m.end())
        return c

    @rule("age_compound")
    def _age_compound(m, t, ctx):
        # "a 34-year-old", "the 8-month-old": one adjective, one timex
        return _age_cand(g, m, m.start(), m.end())

    @rule("age_check")
    def _age_check(m, t, ctx):
        c = _age_cand(g, m, m.start("dur"), m.end("dur"))
        if c is not None:
            c.ext = (m.start(), m.end())
        return c

    @rule("age_ord")
    def _age_ord(m, t, ctx):
        n = v.ordinals.get(m["o"].lower(), 0)
        if n < 1:
            return None
        months, days = _unit_md(m["u"][0].upper(), 1)
        return _Cand(m.start(), m.end(), "age", spec={"lo": (months * (n - 1), days * (n - 1)), "hi": (months * n, days * n), "unit": m["u"][0].upper()})

    @rule("birthday")
    def _birthday(m, t, ctx):
        n = v.ordinals.get(m["o"].lower(), 0)
        if n < 1:
            return None
        return _Cand(m.start(), m.end(), "age", spec={"lo": (12 * n, 0), "hi": (12 * n, 0), "unit": "M"})

    # --- durations and quantities relative to an anchor -----------------------
    @rule("within")
    def _within(m, t, ctx):
        d = _parse_dur(g, m["dur"])
        if d is None or d["vague"] or m["n"].lower() in ("date", "receipt", "publication", "report"):
            return None  # "within 56 days of the date of this report": a duration
        if m["n"].lower() in ("birth", "delivery"):
            return _Cand(m.start(), m.end(), "age", spec={"lo": (0, 0), "hi": d["hi"], "unit": d["unit"]})
        return _Cand(m.start(), m.end(), "anch", spec={"op": "span", "lo": (0, 0), "hi": d["hi"], "unit": d["unit"]})

    aw = _alt(v.after_words)

    @rule("dur_rel")
    def _dur_rel(m, t, ctx):
        d = _parse_dur(g, m["dur"])
        yd = _YEAR_DASH.match(m["dur"]) if d is None and not m["q"] else None
        if yd:  # "18 June 2020 - 8 days before he died": the year ends the date, the offset starts after the dash
            d = _parse_dur(g, m["dur"][yd.end():])
            if d is None:
                return None
            c = _dur_rel_cand(d, m, t, ctx)
            if c is not None:
                c.start = m.start("dur") + yd.end()
            return c
        if d is None:
            return None
        return _dur_rel_cand(d, m, t, ctx)

    def _dur_rel_cand(d, m, t, ctx):
        w = m["w"].lower()
        if w != "ago" and re.search(r"\bfor\s+$", t[max(0, m.start() - 5):m.start()], re.I):
            return None  # "held by the team manager for six weeks before being re-allocated": a DURATION
        if w in ("after", "before", "on", "prior") and re.match(
                r"\s+(?:(?:to|than|the|his|her|their|a|an|this|that|he|she|they|it)\b|[A-Z])", t[m.end():m.end() + 8]):
            if not ctx.narrative or w == "on" or d["vague"] or _FOR_A_SPAN.search(t, max(0, m.start() - 24), m.start()) \
                    or re.match(r"(?:less\s+than|under|no\s+more\s+than|up\s+to|at\s+most)\b", m["q"] or "", re.I):
                # news (TimeBank): "two weeks" is a DURATION and "after" a signal; "less than six hours before
                # the collision" bounds the gap, a DURATION in a review too
                return None
            # a review's story (issue 11, corpora/timex_pfd guideline): "eight months after the collision",
            # "one week before he died" is the day or month it denotes, its span with "before" / "after";
            # X unless the sentence restates it with a date (resolved with its neighbours)
            q = v.quantity.get((m["q"] or "").lower())
            return _Cand(m.start(), m.end(), "anch", type="TIME" if d["unit"] == "T" else "DATE", mod=q,
                         spec={"op": "event", "unit": {"W": "D", "T": "T"}.get(d["unit"], d["unit"])})
        if d["unit"] == "T" and w != "ago" and not d["vague"]:
            # "two minutes earlier", "nearly 7 hours later": a time of day, the last clock time moved on
            mins = _minutes(d["value"])
            if mins is not None:
                q = v.quantity.get((m["q"] or "").lower())
                # "until 1.15 pm (nearly 7 hours later)": the bracket restates that time from the one before
                restates = bool(re.search(r"\d\s*(?:[ap]\.?m\.?|hours|hrs)?\s*\(\s*$", t[max(0, m.start() - 16):m.start()], re.I))
                return _Cand(m.start(), m.end(), "anch", type="TIME", mod=q if q in ("LESS_THAN", "MORE_THAN", "APPROX") else None,
                             spec={"op": "clock_shift", "minutes": mins * v.after_words[w], "unit": "D", "restates": restates})
        if d["vague"]:
            return _Cand(m.start(), m.end(), "anch", spec={"op": "vague", "unit": d["unit"]})
        if w == "ago":
            return _Cand(m.start(), m.end(), "dct", spec={"ago": d["lo"], "unit": d["unit"]})
        sign = v.after_words[w]
        lo, hi = d["lo"], d["hi"]
        q = v.quantity.get((m["q"] or "").lower())
        if sign < 0:
            lo, hi = (-hi[0], -hi[1]), (-lo[0], -lo[1])
        if q in ("LESS_THAN", "EQUAL_OR_LESS"):
            lo, hi = (lo, (0, 0)) if sign < 0 else ((0, 0), hi)
        return _Cand(m.start(), m.end(), "anch", spec={"op": "span", "lo": lo, "hi": hi, "unit": d["unit"]})

    @rule("duration")
    def _duration(m, t, ctx):
        d = _parse_dur(g, m["dur"])
        yd = _YEAR_DASH.match(m["dur"]) if d is None else None
        if yd and not (m["q"] or m["det"]):
            # "18 June 2020 - 8 days before he died": the year ends the date, the duration starts after the dash
            d = _parse_dur(g, m["dur"][yd.end():])
            return None if d is None else _Cand(m.start("dur") + yd.end(), m.end(), "dur", type="DURATION", value=d["value"])
        if d is None or re.fullmatch(r"an?\s+second", m["dur"], re.I):
            return None  # "a second opportunity" is an ordinal
        if re.search(r"quarters$", m["dur"], re.I) and re.match(r"\s+of\b", t[m.end():m.end() + 4]) and not d["vague"]:
            return None  # "three quarters of the staff" is a fraction ("several quarters of losses" is not)
        if re.fullmatch(r"an?\s+(?:day|week|month|year|hour)", m["dur"], re.I) and not m["q"] and not m["det"] and _RATE.search(t, max(0, m.start() - 40), m.start()):
            # "$500 million a year", "four flights a week": a rate, a SET (TimeML), not a duration
            return _Cand(m.start("dur"), m.end(), "set", type="SET", value=d["value"])
        if re.match(r"(?:[01]?\d|2[0-3])(?:[.:][0-5]\d|[0-5]\d)\s*(?:hours|hrs)\b", m["dur"]) and re.search(r"[.:]|\d{4}", m["dur"]):
            return None  # "14.47 hours", "1500 hours": clock times
        if re.match(r"(?:1[6-9]|20)\d\d\s+second", m["dur"], re.I):
            return None  # "the 1988 second quarter"
        det = (m["det"] or "").lower()
        qw = re.sub(r"\s+", " ", (m["q"] or "").lower())
        if qw in ("over", "some") and det:
            qw = ""  # "over a two year period", "over the next two years": not MORE_THAN
        if qw == "over" and re.search(r"\b\w+ed\s+$", t[max(0, m.start() - 20):m.start()]):
            qw = ""  # "heard over eight days": during, not MORE_THAN
        if det == "the" and not m["dir"] and re.fullmatch(r"[\w-]+-(?:day|week|month|year|hour|minute|decade)", m["dur"].lower()):
            start = m.start("dur")  # "the 14-day waiting period": the adjective alone (TimeBank)
        elif m["det"] and (det == "the" or m["dir"] or m["per"] or (det in ("a", "an") and re.match(r"(?:few|couple)\b", m["dur"], re.I))):
            start = m.start("det")  # ("the extra seven-day period" has none: the span starts at the number)
        else:
            start = m.start("dur")
        if qw:
            start = m.start("q")
        q = v.quantity.get(qw) if qw else None
        return _Cand(start, m.end(), "dur", type="DURATION", value=d["value"], mod=q)

    @rule("the_first_unit")
    def _the_first_unit(m, t, ctx):
        u = v.units[m["u"].lower()]
        few = m["few"].lower()
        plural = m["u"].lower().endswith("s")
        if plural and "few" not in few:
            return None
        if few == "next" and not plural:
            return None  # "next year" is a DCT reference
        if few in ("past", "last") and not plural:
            if re.match(r"\s+(?:of|in|on|before|when)\b", t[m.end():m.end() + 8], re.I):
                return None  # "the last week of June", "the last day before": a point, not a span
            # "over the past year", "the last decade": a span of one unit back from now (TimeML DURATION)
        return _Cand(m.start(), m.end(), "dur", type="DURATION", value=_dur_value("X" if plural else 1, u))

    VAGUE_U = {"years": "Y", "months": "M", "weeks": "W", "days": "D", "decades": "DE", "quarters": "Q"}

    @rule("vague_span")
    def _vague_span(m, t, ctx):
        # "for years", "in recent months", "over the years", "in the coming weeks": a DURATION of
        # unspecified length (TimeML PXY, PXM ...); the preposition stays outside the span
        if m["pre"].lower() in ("after", "follows", "follow", "followed") and not m["adj"]:
            if not re.match(r"\s+of\b", t[m.end():m.end() + 4]):
                return None  # "after days" alone is rare; "follows months of talks" is a span
        if m["the2"] and (m["pre"].lower() != "over" or
                          re.match(r"\s+(?:following|that|since|after|before|when|which|of|leading)\b", t[m.end():m.end() + 12], re.I)):
            return None  # "over the years" (vague), not "over the months following her eviction" (a period)
        start = m.start("the") if m["the"] else m.start("adj") if m["adj"] else m.start("the2") if m["the2"] else m.start("u")
        return _Cand(start, m.end(), "dur", type="DURATION", value=f"PX{VAGUE_U[m['u'].lower()]}")

    # --- helpers bound into the grammar -------------------------------------
    range_re = re.compile(rf"\s*(?:and|to|until|till|through|-|–)\s+(?:(?:the\s+)?\d{{1,2}}(?:st|nd|rd|th)?(?:\s+of)?\s+)?(?:{MON})\.?,?\s+(\d{{4}})\b", I)

    def _range_year(t, pos):
        rm = range_re.match(t, pos)
        return int(rm.group(1)) if rm else None

    def _month_ok(m, t, pos, word, allow_any=False):
        w = word.lower()
        if not word[0].isupper():
            return allow_any and w not in v.ambiguous_months
        if w in v.ambiguous_months and not allow_any:
            pre = t[max(0, pos - 12):pos].lower()
            return bool(re.search(r"\b(?:in|by|since|until|till|of|during|from|early|late|mid|last|next|this|that|before|after|between|and|to)[\s-]+$", pre))
        return True

    macros = {
        "MONTH": MON, "WEEKDAY": WD, "SEASON": SEA, "POINT_MOD": PM, "QUANTITY_MOD": Q, "NUMBER_WORD": NUMW,
        "NUMBER": NUM, "DURATION": DUR, "UNIT": UNIT, "ORDINAL": ORD, "YEAR": YEAR, "NOT_AFTER_NUMBER": Y_PRE,
        "NOT_A_COUNT": Y_OK, "TENS": TENS, "ONES": ONES, "TEENS": _alt(teens), "DECADE_WORDS": "|".join(DEC_W),
        "DCT_REFS": dct_alt, "SETS": _alt(v.sets), "ANCHORED": _alt(v.anchored), "AFTER_WORDS": aw, "HOLIDAYS": HOL,
    }
    specs = load_rules(Path(models_dir) / "rules.yaml" if models_dir else MODELS_DIR / "timex" / "rules.yaml")
    R.extend(compile_rules(specs, macros, handlers))
    g.needs = compile_needs(specs, macros)
    g.words = [required_words(rx) for rx, _ in g.rules]
    g.need_words = {n: required_words(n) for n in g.needs if n is not None}
    g.title_re = re.compile(rf"(?:\b(?:{'|'.join(map(re.escape, v.title_words))})|\b[A-Z]{{2,}})(?:\s*\([A-Z][A-Za-z]*\))?\s*$")
    g.cue_re = re.compile(rf"\b(?:{_alt(v.sentence_cues)})s?\b", I)
    g.section_re = re.compile(rf"(?:{_alt(v.section_cues)})", I)
    g.unit_split = re.compile(rf"[- ]?\b({UNIT})\b", I)
    g.birth_re = re.compile(rf"\b(?:{_alt(v.birth_cues)})\b", I)
    g.gestation_re = re.compile(rf"\b(?:{_alt(v.gestation_cues)})", I)
    g.subject_re = re.compile(rf"\b(?:{_alt(v.child_roles)})[\s-]+(?:[A-Z]{{1,2}}|\d{{1,2}})\b")
    # a run of Title Case words (with "to", "of", "and", "for", "the", "on" inside) ending right
    # before a year, optionally with "(ACRONYM)", "(" or "," between: "Working Together to Safeguard Children"
    g.run_re = re.compile(r"((?:[A-Z][\w'’-]*)(?:\s+(?:(?:to|of|and|for|the|on|in)\s+)*[A-Z][\w'’-]*)*)"
                          r"\s*(?:\([A-Z][A-Za-z]*\)\s*|\(\s*|,\s*)?$")
    g.title_words = frozenset(v.title_words)
    return g


_APPROX_BEFORE = re.compile(r"\b(?:at\s+)?(?P<w>about|approximately|approx\.?|around|roughly|circa|c\.)\s+$", re.I)


def _approx(t: str, c: _Cand) -> _Cand:
    """Take "about", "approximately", "around" before a clock time into its span (TimeML keeps a
    modifier inside the extent) with mod APPROX."""
    m = _APPROX_BEFORE.search(t, max(0, c.start - 20), c.start)
    if m:
        c.start = m.start("w")
        c.mod = "APPROX"
    return c


def _is_title_year(g: _Grammar, t: str, ys: int, ye: int) -> bool:
    """A year in the name of legislation/guidance or a citation: "Working Together 2013",
    "the Housing Act 1996", "Offender Rehabilitation Act (ORA) 2014", "DASH 2009",
    "(Home Office, 2016)", "Advice for Practitioners (2018)"."""
    if g.title_re.search(t, max(0, ys - 60), ys):
        return True
    m = g.run_re.search(t, max(0, ys - 120), ys)
    if m and m.group(1):
        if set(re.findall(r"[A-Za-z]+", m.group(1))) & g.title_words:
            return True
        # a citation: "(Home Office, 2016)", "Practitioners (2018)"
        if t[ye:ye + 1] == ")" and re.search(r"\([^()]*$", t[max(0, ys - 60):ys]):
            return True
    # "... guidance for local authorities (2019)": a year in brackets after a document noun
    if t[ye:ye + 1] == ")" and re.search(r"\b(?:guidance|guidelines|report|review|act|policy|procedures?|standards|"
                                         r"framework|strategy|toolkit|advice|protocol|regulations|handbook)\b[^().]{0,40}\(\s*$",
                                         t[max(0, ys - 80):ys], re.I):
        return True
    return False


def _pmod(word: str | None) -> str | None:
    if not word:
        return None
    return vocab().point.get(word.lower())


_FUTURE = re.compile(r"\b(?:will|'ll|shall|would|planned|plans?|planning|scheduled|set\s+to|as\s+(?:soon|early)\s+as|"
                     r"(?:is|are)\s+to|likely\s+to|expected\s+to|due\s+to|to\s+resume|to\s+leave)\b", re.I)


def _easter(y: int) -> date:
    """Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = y % 19, y // 100, y % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return date(y, month, day + 1)


def _holiday_date(spec: str, y: int) -> date:
    if spec == "THANKSGIVING":  # the fourth Thursday of November (US)
        first = date(y, 11, 1)
        return first + timedelta((3 - first.weekday()) % 7 + 21)
    if spec.startswith("EASTER"):
        return _easter(y) + timedelta(int(spec[6:] or 0))
    mo, d = spec.split("-")
    return date(y, int(mo), int(d))


def _planned(t: str, pos: int) -> bool:
    """The clause before ``pos`` looks ahead ("will", "is scheduled", "as soon as")."""
    before = re.split(r"[.;!?]\s", t[max(0, pos - 70):pos])[-1]  # this sentence only
    return bool(_FUTURE.search(before))


_PAST_VERB = re.compile(r"(?<!be )(?<!being )\b(?:[a-z]{3,}ed(?<!need)(?<!speed)(?<!feed)(?<!seed)(?<!bed)|said|says?|(?:was|were)(?!\s+(?:planning|going\s+to|about\s+to|due|scheduled|set\s+to|expected)\b)|had|did|met|"
                        r"told|took|made|came|went|gave|began|left|held|saw|got|became|found|sent|won|lost|fell|"
                        r"rose|struck|shot|hit|spoke|wrote|brought|bought|thought|fought|caught|taught|led|fled|"
                        r"ran|knew|grew|threw|flew|drew|broke|chose|rode|stole|sold|paid|laid|ago)\b")


_RATE = re.compile(r"(?:\d|\b(?:million|billion|trillion|percent|cents?|dollars|pounds|pence|one|two|three|four|five|six|seven|eight|"
                   r"nine|ten|twelve|twenty|thirty|forty|fifty|hundred|thousand|dozen))%?(?:\s+[a-z]+){0,2}\s+$", re.I)
_ENDED = re.compile(r"\bended\s+$", re.I)  # "the fiscal year ended Jan. 31": a period already over


def _tense(t: str, start: int, end: int, commas: bool = False) -> str | None:
    """``future`` or ``past`` by the verb nearest the expression in its sentence ("would appeal the
    decision, announced Wednesday" is past: "announced" is nearer than "would"), else None.
    ``commas``: the clause after the expression runs on past a comma ("In January, the firm hired")."""
    before = re.split(r"[.;!?]\s", t[max(0, start - 70):start])[-1]
    after = re.split(r"[.;!?)'\"`]|\n" if commas else r"[.;!?,)'\"`]|\n", t[end:end + 40])[0]
    best: tuple[int, str] | None = None
    for rx, kind in ((_FUTURE, "future"), (_PAST_VERB, "past")):
        for m in rx.finditer(before):
            d = len(before) - m.end()
            if best is None or d < best[0]:
                best = (d, kind)
        m = rx.search(after)
        if m and (best is None or m.start() + 1 < best[0]):
            best = (m.start() + 1, kind)
    return best[1] if best else None


def _pivot(yy: int, ref: int) -> int:
    """Two-digit year: the latest century that keeps it at most 10 years after ``ref``."""
    y = (ref // 100) * 100 + yy
    while y > ref + 10:
        y -= 100
    return y


def _day_cand(m: re.Match, y: int, mo: int, d: int) -> _Cand:
    return _fill_day(_Cand(m.start(), m.end(), "abs", gran="day"), y, mo, d)


def _fill_day(c: _Cand, y: int, mo: int, d: int) -> _Cand:
    try:
        c.e = c.l = date(y, mo, d)
        c.value = c.e.isoformat()
    except ValueError:
        c.value = None
        c.reason = f"impossible date: day {d} of month {mo} in {y}"
    return c


def _first_end(m, t: str) -> int:
    """Where the first day of "3rd-4th May" ends: after its number and any ordinal suffix."""
    return m.end("d1") + len(re.match(r"(?:st|nd|rd|th)?", t[m.end("d1"):]).group(0))


def _clock_text(h: str, mi: str, sec: str | None) -> str:
    """"20:22" or, with its seconds, "20:22:17" (a TIMEX3 clock keeps what the text gives)."""
    return f"{int(h):02d}:{mi}" + (f":{sec}" if sec else "")


def _minutes(value: str) -> int | None:
    """Minutes in a time-unit duration value: PT7H 420, PT1H30M 90, PT2M 2 (None for seconds or X)."""
    m = re.fullmatch(r"PT(?:(\d+(?:\.\d+)?)H)?(?:(\d+)M)?", value or "")
    if not m or not (m.group(1) or m.group(2)):
        return None
    return int(round(float(m.group(1) or 0) * 60)) + int(m.group(2) or 0)


def _unit_md(u: str, n: float) -> tuple[int, int]:
    """(months, days) for n units."""
    if u == "Y":
        return int(round(n * 12)), 0
    if u == "10Y":
        return int(round(n * 120)), 0
    if u == "100Y":
        return int(round(n * 1200)), 0
    if u == "M":
        whole = int(n)
        return whole, int(round((n - whole) * 30))
    if u == "W":
        return 0, int(round(n * 7))
    if u == "2W":
        return 0, int(round(n * 14))
    if u == "D":
        return 0, int(round(n))
    if u == "Q":
        return int(round(n * 3)), 0
    return 0, 0


def _dur_value(n: float | str, u: str) -> str:
    if u == "2W":
        u, n = "W", (n * 2 if not isinstance(n, str) else n)
    if u == "10Y":  # "two decades" = P20Y (TimeBank; an ISO 8601 duration), "decades" = PXDE
        return "PXDE" if isinstance(n, str) else f"P{n * 10:g}Y"
    if u == "100Y":
        return "PXCE" if isinstance(n, str) else f"P{n:g}CE"
    if isinstance(n, str):
        return f"PT{n}{u[1]}" if u.startswith("T") else f"P{n}{u}"
    if u == "Y" and n != int(n) and (n * 2) == int(n * 2):
        return f"P{int(n)}Y6M" if int(n) else "P6M"
    if u == "TH" and n != int(n) and (n * 2) == int(n * 2):
        return f"PT{int(n)}H30M" if int(n) else "PT30M"  # "5 1/2 hours" = PT5H30M
    num = str(int(n)) if n == int(n) else str(n)
    return f"PT{num}{u[1]}" if u.startswith("T") else f"P{num}{u}"


_SPLIT_PARTS = re.compile(r"\s+(?:to|or|and|-|–)\s+")


def _number(g: _Grammar, s: str) -> float | str | None:
    s = re.sub(r"\s+", " ", s.strip().lower())
    v = g.v
    if re.fullmatch(r"\d+(?:\.\d+)?", s):
        return float(s)
    hm = re.fullmatch(r"(\d+)\s*(?:1/2|½)", s)
    if hm:  # "5 1/2 hours"
        return int(hm.group(1)) + 0.5
    if re.fullmatch(r"half an?", s):
        return 0.5  # "half an hour" = PT30M
    if s in ("a couple of", "couple", "couple of"):
        return 2  # "a couple of years" = P2Y (TimeBank, TempEval)
    if s in v.vague:
        return "X"
    if s in v.cardinals:
        return v.cardinals[s]
    parts = re.split(r"[- ]", s)
    if len(parts) == 2 and parts[0] in v.cardinals and parts[1] in v.cardinals:
        return v.cardinals[parts[0]] + v.cardinals[parts[1]]
    return None


def _parse_dur(g: _Grammar, s: str) -> dict | None:
    """Parse a duration phrase: value, (months, days) low/high bounds, unit letter."""
    v = g.v
    s = re.sub(r"\s+", " ", s.strip())
    low = re.sub(r"\b(?:working|calendar|school|full|whole|consecutive|clear|more|additional|extra) ", "", s.lower())
    low = re.sub(r"(?<=[a-z0-9])\s*[-–]\s*(?=(?:to|or|and)\b)", " ", low)
    low = re.sub(r"\b(to|or)\s*[-–]\s*", r"\1 ", low)
    low = re.sub(r"(?<=\d)\s*[–-]\s*(?=\d)", " to ", low)
    low = re.sub(r"[-–]\s+", " ", low)
    # range "six to eight weeks", "three and four months", "four or five months"
    rm = re.fullmatch(r"(.+?) (?:to|or|and|-|–) (.+?)[- ](\w+)", low)
    if rm and rm.group(3) in v.units and "half" not in low and rm.group(1) not in ("a", "an"):
        a, b, u = _number(g, rm.group(1)), _number(g, rm.group(2)), v.units[rm.group(3)]
        if a is not None and b is not None and not isinstance(a, str) and not isinstance(b, str):
            if a >= b:
                return None  # "18 June 2020 - 8 days before": a year and a number, no range of lengths
            return {"value": _dur_value("X", u), "lo": _unit_md(u, a), "hi": _unit_md(u, b), "unit": u[-1], "vague": False}
    total_m, total_d, first_u, vague, value_parts = 0, 0, None, False, []
    pieces = g.unit_split.split(low)
    if pieces[-1].strip(" ,"):
        return None
    for i in range(0, len(pieces) - 1, 2):
        num, u = pieces[i].strip(" ,-"), pieces[i + 1]
        if num.startswith("and "):
            num = num[4:]
        half = False
        hm = re.fullmatch(r"(.+?)[- ]and[- ]a[- ]half", num)
        if hm:
            num, half = hm.group(1), True
        n = _number(g, num)
        if n is None:
            return None
        if half and not isinstance(n, str):
            n = n + 0.5
        uu = v.units[u]
        first_u = first_u or uu
        if isinstance(n, str):
            vague = True
            value_parts.append(_dur_value("X", uu))
            continue
        md = _unit_md(uu, n)
        total_m += md[0]
        total_d += md[1]
        value_parts.append(_dur_value(n, uu))
    if first_u is None:
        return None
    if len(value_parts) == 1:
        value = value_parts[0]
    else:  # "P2Y" + "P7M" -> "P2Y7M"
        value = "P" + "".join(p[1:] for p in value_parts)
    letter = first_u[-1] if not first_u.startswith("T") else "T"
    return {"value": value, "lo": (total_m, total_d), "hi": (total_m, total_d), "unit": letter, "vague": vague}


def _age_cand(g: _Grammar, m: re.Match, start: int, end: int) -> _Cand | None:
    dur = m["dur"]
    if re.search(r"weekly$", dur, re.I):
        dur = re.sub(r"weekly$", "week", dur, flags=re.I)
    d = _parse_dur(g, dur)
    if d is None or d["vague"] or d["unit"] not in ("D", "W", "M", "Y"):
        return None
    q = g.v.quantity.get((m.groupdict().get("q") or "").lower())
    lo, hi = d["lo"], d["hi"]
    mod = None
    if q in ("LESS_THAN", "EQUAL_OR_LESS"):
        lo, mod = (0, 0), "BEFORE"
    elif q in ("MORE_THAN", "EQUAL_OR_MORE"):
        mod = "AFTER"
    elif q == "APPROX":
        mod = "APPROX"
    return _Cand(start, end, "age", mod=mod, spec={"lo": lo, "hi": hi, "unit": d["unit"], "dur": d["value"]})


# --------------------------------------------------------------------------
# Resolution
# --------------------------------------------------------------------------


@dataclass
class _State:
    """Anchor state carried across sections of one review."""

    dct: date | None = None
    anchor: Timex | None = None  # last chronology DATE with an interval
    history: list = field(default_factory=list)  # the last few anchors, most recent last
    next_id: int = 1
    ref_year: int = 0
    narrative: bool = True  # False (news): yearless months/days take the year from the DCT
    cur_section: int = 0
    days_seen: dict = field(default_factory=dict)  # (month, day) -> (year, timex id) of each full date stated


@dataclass
class _Birth:
    order: tuple[int, int]  # (unit index, char offset): document order
    subject: str | None  # "child q", "sibling 1"; None when no child is named
    e: date
    l: date
    gran: str | None
    timex_id: int


@dataclass
class _Unit:
    """One text (a section) prepared for resolution."""

    text: str
    section_id: int
    page_at: Callable[[int], int] | None
    section_process: bool
    cands: list[_Cand]
    sents: list[tuple[int, int]]
    starts: list[int]
    cues: dict[int, tuple] = field(default_factory=dict)
    heads: list[tuple[int, bool]] = field(default_factory=list)  # (offset, is a process heading)

    def sentence_of(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.starts, pos) - 1)

    def cue(self, g: _Grammar, si: int) -> tuple[list[int], bool, bool]:
        """(offsets of process cues, birth cue, gestation cue) of sentence ``si``."""
        if si not in self.cues:
            ss, se = self.sents[si] if self.sents else (0, len(self.text))
            sent = self.text[ss:se]
            self.cues[si] = ([ss + m.start() for m in g.cue_re.finditer(sent)], bool(g.birth_re.search(sent)),
                             bool(g.gestation_re.search(sent)))
        return self.cues[si]

    def process_cue(self, g: _Grammar, c: _Cand) -> bool:
        """A process cue within _CUE_REACH characters of the expression, in its sentence and clause."""
        return any(abs(p - c.start) <= _CUE_REACH and ";" not in self.text[min(p, c.start):max(p, c.start)]
                   for p in self.cue(g, self.sentence_of(c.start))[0])

    def in_process_section(self, pos: int) -> bool:
        i = bisect.bisect_right(self.heads, (pos, True)) - 1
        return i >= 0 and self.heads[i][1]


_SLOW_SCAN = False  # True: every rule over the whole text (tests check both give the same timexes)
_DEATH_DATE = re.compile(r"(?:\b(?:died|passed\s+away|was\s+killed|found\s+(?:dead|deceased)|pronounced\s+(?:dead|deceased|life\s+extinct)|"
                         r"DOD|D\.O\.D\.?|date\s+of\s+death)\b(?:(?!\b(?:opened|resumed|concluded|held|heard|inquest|investigation|notified|informed|reported)\b)[^.;:()\n]){0,30}"
                         r")$", re.I)  # not "notified of her death on 20 February" (the notification)
# a date the clause right after it says someone died on ("On 1 February 2022 A B died after ...")
_DIED_AFTER = re.compile(r",?\s+(?:(?!\b(?:inquest|investigation|opened|resumed|concluded|held|heard|notified|informed|reported|"
                         r"death|report|coroner)\b)[^.;:()\n]){0,60}?\b(?:died|passed\s+away|was\s+killed|was\s+found\s+(?:dead|deceased)|"
                         r"was\s+pronounced\s+(?:dead|deceased|life\s+extinct))\b", re.I)


def _weekend(d: date) -> tuple[str, date, date]:
    """The weekend of day ``d`` (the coming one on a weekday): its TIMEX3 value, Saturday, Sunday."""
    sat = d - timedelta(d.weekday() - 5) if d.weekday() >= 5 else d + timedelta(5 - d.weekday())
    y, w, _ = sat.isocalendar()
    return f"{y:04d}-W{w:02d}-WE", sat, sat + timedelta(1)


_WEEKEND_OF = re.compile(r"\b(?:the|that)\s+weekend\s+of\s+(?:the\s+)?$", re.I)
_WEEK_OF = re.compile(r"\b(?:the|that)\s+week\s+of\s+(?:the\s+)?$", re.I)
_POINT_OF = re.compile(r"\bthe\s+(?:very\s+)?(?P<p>beginning|start|middle|end)\s+of\s+(?:the\s+)?$", re.I)
_LATER = re.compile(r"\b(?:earlier|later|early|late)\s+$", re.I)
_EARLY_LATE = re.compile(r"\b(early|late)\s+$", re.I)


def _find(g: _Grammar, text: str, ctx: _State) -> list[_Cand]:
    cands: list[_Cand] = []
    groups: dict[int, list[_Cand]] = {}
    hits: dict[re.Pattern, list[tuple[int, int]]] = {}  # each needed word found once per text
    low = fold(text)  # a rule none of whose words (literals.py) is in the text cannot match: not run
    for prio, (rx, fn) in enumerate(g.rules):
        words = g.words[prio] if g.words and not _SLOW_SCAN else None
        if words is not None and not any(w in low for w in words):
            continue
        need = g.needs[prio] if g.needs else None
        if need is not None and need not in hits:
            nw = g.need_words.get(need)
            hits[need] = [k.span() for k in need.finditer(text)] if nw is None or any(w in low for w in nw) else []
        for m in (rx.finditer(text) if need is None or _SLOW_SCAN else _windowed(rx, hits[need], text)):
            c = fn(m, text, ctx)
            if isinstance(c, list):  # a range: two points, kept or dropped together
                pts = [x for x in c if 0 <= x.start < x.end <= len(text)]
                if len(pts) < 2:
                    continue
                head, tail = pts[0], pts[-1]  # a range's two points, or a list of days ("7th, 8th and 9th June")
                head.ext = (head.start, tail.end)
                head.prio = -prio
                groups[id(head)] = pts
                cands.append(head)
                continue
            if c is not None and 0 <= c.start < c.end <= len(text):  # a bad span never hides other dates
                c.prio = -prio
                cands.append(c)

    # longest match wins; earlier rule wins ties
    def extent(c: _Cand) -> tuple[int, int]:
        return c.ext or (c.start, c.end)

    cands.sort(key=lambda c: (-(extent(c)[1] - extent(c)[0]), -c.prio, c.start))
    taken: list[tuple[int, int]] = []
    chosen: list[_Cand] = []
    for c in cands:
        s, e = extent(c)
        i = bisect.bisect_left(taken, (s, e))
        if i > 0 and taken[i - 1][1] > s:
            continue
        if i < len(taken) and taken[i][0] < e:
            continue
        taken.insert(i, (s, e))
        chosen.extend(groups.get(id(c), [c]))
    chosen.sort(key=lambda c: c.start)
    drop: set[int] = set()
    for i, c in enumerate(chosen):
        wm = _WEEKEND_OF.search(text, max(0, c.start - 30), c.start)
        if wm and c.kind == "abs" and c.gran == "day" and c.e is not None and i and \
                chosen[i - 1].spec.get("value") == "WEEKEND" and chosen[i - 1].start == wm.start():
            nx = chosen[i + 1] if i + 1 < len(chosen) else None
            if nx is not None and RANGE_JOIN.fullmatch(text[c.end:nx.start]):
                # "the weekend of 10-12 November 2023": "the weekend" (that weekend) and the range's two days
                w = chosen[i - 1]
                w.kind, w.gran, w.spec = "abs", "week", {}
                w.value, w.e, w.l = _weekend(c.e)
            else:
                # "the weekend of 15 September 2018": that date's weekend, one TIMEX3
                c.start, c.gran = wm.start(), "week"
                c.value, c.e, c.l = _weekend(c.e)
                drop.add(i - 1)
        wm = _WEEK_OF.search(text, max(0, c.start - 20), c.start) if c.kind in ("abs", "anch") and c.type == "DATE" else None
        if wm and (c.gran == "day" or c.spec.get("op") == "dm"):
            # "the week of March 6": that day's week, one TIMEX3 (an undated day resolves later)
            c.start = wm.start()
            c.spec["week_of"] = True
    if drop:
        chosen = [c for i, c in enumerate(chosen) if i not in drop]
    for c in chosen:
        if c.kind not in ("abs", "dct", "anch"):
            continue
        pm = _POINT_OF.search(text, max(0, c.start - 40), c.start)
        if pm and c.type == "DATE" and c.mod is None and c.gran != "day" and "weekday" not in c.spec and \
                (c.kind != "anch" or c.spec.get("op") in ("month_name", "month_of", "year_of")
                 or (c.spec.get("op") == "shift" and c.spec.get("unit") in ("W", "M", "Y"))):
            # "the end of November", "by the middle of the year", "the end of that month", "the start of
            # the following week": the point modifier over the date
            c.start, c.mod = pm.start(), g.v.point[pm.group("p").lower()]
            continue
        pm = _EARLY_LATE.search(text, max(0, c.start - 10), c.start)
        if pm and c.kind == "anch" and c.type == "TIME" and c.mod is None and c.spec.get("part") \
                and c.spec.get("op") == "shift" and text[c.start:c.start + 4].lower() in ("that", "the "):
            # "early that morning", "late the following evening": the part of the day, its start or end
            c.start, c.mod = pm.start(), "START" if pm.group(1).lower() == "early" else "END"
            continue
        pm = _LATER.search(text, max(0, c.start - 10), c.start)
        if pm and c.kind == "dct" and (c.spec.get("unit", "D") == "D" or "weekday" in c.spec) and \
                not ("weekday" in c.spec and pm.group(0).strip().lower() in ("earlier", "later")):
            # "earlier yesterday", "later this afternoon", "early Tuesday" ("Later Thursday, ...": the
            # weekday alone, TimeBank; "later" orders the events and is no modifier)
            c.start = pm.start()
    if any(c.kind == "abs" and c.gran == "year" and text[c.start:c.start + 4].lower() in ("nine", "the ") for c in chosen):
        # broadcast news: "January nineteen ninety-seven", "the winter of nineteen ninety-four": one DATE
        keep = []
        for c in chosen:
            p = keep[-1] if keep else None
            if p is not None and c.kind == "abs" and c.gran == "year" and c.e is not None and p.kind == "anch" \
                    and p.spec.get("op") in ("month_name", "season_of") and not p.spec.get("offset") \
                    and re.fullmatch(r"\s+(?:of\s+)?", text[p.end:c.start]) and re.match(r"(?i)nineteen|the\s+year", text[c.start:c.end]):
                y = c.e.year
                if p.spec["op"] == "month_name":
                    mo = p.spec["month"]
                    p.value, p.gran, p.e, p.l = f"{y:04d}-{mo:02d}", "month", date(y, mo, 1), _month_end(y, mo)
                else:
                    p.e, p.l = season_interval(p.spec["season"], y)
                    p.value, p.gran = f"{y:04d}-{p.spec['season']}", "season"
                p.kind, p.end, p.spec = "abs", c.end, {}
                continue
            keep.append(c)
        chosen = keep
    # "midnight Friday", "5 p.m. EST, Nov. 6", "07:15 hours 11/12/2016": a clock written against its
    # day is one TIME on that day (TimeML); "at 9.20am on 14 May 2016" stays two
    keep: list[_Cand] = []
    for i, c in enumerate(chosen):
        n = chosen[i + 1] if i + 1 < len(chosen) else None
        if c.spec.get("op") == "clock" and n is not None and _CLOCK_NEXT.fullmatch(text, c.end, n.start):
            a_day = n.type == "DATE" and n.part is None and "part" not in n.spec and (
                n.gran == "day" or "weekday" in n.spec or n.spec.get("op") == "dm")
            # "12.49 hours that same afternoon", "approximately 11:45 the same day": the clock names the time
            a_relative_day = n.kind == "anch" and n.spec.get("unit") == "D" and n.spec.get("op") in ("same", "shift")
            if a_day or a_relative_day:
                if a_relative_day:
                    n.spec = {k: x for k, x in n.spec.items() if k != "part"}
                n.start, n.type, n.part, n.mod = c.start, "TIME", c.spec["clock"], n.mod or c.mod
                continue
        keep.append(c)
    chosen = keep
    for c in chosen:  # "the evening of 12 April 2019": a part of that day, a TIME
        pm = _PART_OF.search(text, max(0, c.start - 30), c.start)
        if pm and c.type == "DATE" and (c.gran == "day" or c.kind in ("anch", "dct")):
            c.start = pm.start()
            c.type = "TIME"
            c.part = _PARTS[pm.group("p").lower()]
        elif pm and re.sub(r"\s+", " ", pm.group("p").lower()) == "early hours" and c.kind == "anch" \
                and c.spec.get("part") in ("MO", "NI"):
            # "the early hours of the following morning": that night's small hours (TNI)
            c.start, c.spec = pm.start(), {**c.spec, "part": "NI"}
    return chosen


_CLOCK_NEXT = re.compile(r"\s+(?:(?:[ECMP][SD]T|GMT)\b\s*)?,?\s*")
def _days_before_their_clocks(cands: list) -> list:
    """The candidates in text order, except that a day written after its clock time without a year
    ("at 12:00 on Friday 4 March") is resolved first, so that the time can take its day."""
    seq = list(cands)
    for k in range(len(seq) - 1):
        if seq[k].spec.get("day_of") is seq[k + 1]:
            seq[k], seq[k + 1] = seq[k + 1], seq[k]
    return seq


# "for two weeks after the operation", "in the two weeks before his death": the span itself (a DURATION)
_FOR_A_SPAN = re.compile(r"\b(?:for|over|during|throughout|lasting|spent|within|up\s+to|the|these|those|his|her|their)\s+$", re.I)
# "18 June 2020 - 8 days": a date's year, a dash, then a duration (no range of lengths)
_YEAR_DASH = re.compile(r"(?:19|20)\d\d\s*[-–]\s*")
# one of a list of days before a range: "7th, " in "7th, 8th and 9th June"
_LISTED_DAY = re.compile(r"(?<![\d.,/])\b(?P<day>(?P<d>\d{1,2})(?:st|nd|rd|th)?)\s*,\s*$")
_CLOCK_DAY = re.compile(r"\s*(?:hours|hrs)?\s*,?\s*(?:on\s+)?(?:the\s+)?", re.I)
# what joins the two points of a range ("4 and 9 May", "March to June", "19.35-19.47")
RANGE_JOIN = re.compile(r"\s*(?:and|to|until|till|through|-|–|—)\s*", re.I)
_BETWEEN = re.compile(r"\b(?:between|from)\s+(?:the\s+)?(?:ages?\s+of\s+)?$", re.I)
_PARTS = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "early hours": "NI"}
_PART_OF = re.compile(r"\b(?:the|that)\s+(?:(?:early|late)\s+)?(?P<p>morning|afternoon|evening|night|early\s+hours)\s+of\s+(?:the\s+)?$", re.I)


def _dct_resolve(c: _Cand, ctx: _State) -> None:
    s = c.spec
    dct = ctx.dct
    unit = s.get("unit", "D")
    a = ctx.anchor
    if "weekday" in s and ctx.narrative and s.get("rel") in ("", "on", "that", "coming", "past") and a is not None \
            and a.granularity == "day" and a.section_id == ctx.cur_section and a.earliest is not None:
        # "On 3 March 2019 ... On the Wednesday": the weekday of the story's week, after the
        # last day-level date (before it when the clause looks back: "had", "the previous")
        delta = (s["weekday"] - a.earliest.weekday()) % 7
        if s.get("pluperfect") and delta:
            delta -= 7
        d = a.earliest + timedelta(delta)
        c.e = c.l = d
        c.value, c.gran = d.isoformat(), "day"
        if s.get("part"):
            c.value += "T" + s["part"]
        return
    if s.get("value") == "WEEKEND" and ctx.narrative:
        # in a review, "the weekend" is the one of the story's last day (a review's date never anchors it)
        if a is not None and a.granularity == "day" and a.earliest is not None and a.section_id == ctx.cur_section:
            c.value, c.e, c.l = _weekend(a.earliest)
            c.gran = "week"
        else:
            c.value, c.reason = "XXXX-WXX-WE", "weekend with no day before it in the narrative"
        return
    if dct is None:
        c.value = "XXXX-WXX-WE" if s.get("value") == "WEEKEND" else _XPAT.get(unit, "XXXX")
        c.reason = "relative to the document creation time, which is unknown"
        return
    if s.get("value") == "WEEKEND":
        # the weekend just past on a weekday, the current one on a Saturday or Sunday
        sat = dct + timedelta(5 - dct.weekday()) - (timedelta(7) if dct.weekday() < 5 else timedelta(0))
        y, w, _ = sat.isocalendar()
        c.value, c.gran = f"{y:04d}-W{w:02d}-WE", "week"
        c.e, c.l = sat, sat + timedelta(1)
        return
    if "weekday" in s and ctx.narrative and s.get("rel") in ("", "on", "that", "coming", "past"):
        # a review's date never anchors its story: "on the Monday" with no day before it stays X
        c.value = f"XXXX-WXX-{s['weekday'] + 1}" + (f"T{s['part']}" if s.get("part") else "")
        c.reason = "weekday with no day before it in the narrative"
        return
    if "weekday" in s:
        rel = s.get("rel")
        delta = s["weekday"] - dct.weekday()
        if rel == "next":
            delta = delta + 7 if delta <= 0 else delta
        elif rel == "coming":
            delta = delta + 7 if delta < 0 else delta
        elif rel == "last":
            delta = delta - 7 if delta >= 0 else delta
        elif rel == "past":  # "announced Wednesday": the last one, today included
            delta = delta - 7 if delta > 0 else delta
        elif rel == "this":
            pass
        elif delta > 1:  # "Thursday" on a Wednesday is tomorrow; further ahead, last week's
            delta -= 7
        d = dct + timedelta(delta)
        c.e = c.l = d
        c.value, c.gran = d.isoformat(), "day"
        if s.get("part"):
            c.value += "T" + s["part"]
        return
    if "season" in s:
        y = dct.year + s["offset"]
        if s.get("past") and season_interval(s["season"], y)[0] > dct:
            y -= 1
        c.e, c.l = season_interval(s["season"], y)
        c.value, c.gran = f"{y:04d}-{s['season']}", "season"
        return
    if "month" in s:
        mo, rel = s["month"], s.get("rel")
        y = dct.year + (-1 if rel == "last" and mo >= dct.month else 1 if rel == "next" and mo <= dct.month else 0)
        if "year_offset" in s:
            y = dct.year + s["year_offset"]
        c.e, c.l = date(y, mo, 1), _month_end(y, mo)
        c.value, c.gran = f"{y:04d}-{mo:02d}", "month"
        return
    if "ago" in s or s.get("same_period"):
        months, days = s.get("ago") or (-12 * s.get("offset", -1), 0)
        a = ctx.anchor
        if (s["unit"] == "Y" and not days and a is not None and a.granularity == "quarter"
                and a.earliest.year == dct.year):
            # "profit rose in the third quarter ... from a year ago": the same quarter a year before
            c.e, c.l = shift_interval(a.earliest, a.latest, -months, 0)
            c.value, c.gran = interval_value(c.e, c.l, "Y"), "quarter"
            return
    if "ago" in s:
        d = add_months(dct, -months) - timedelta(days)
        u = s["unit"]
        if u == "Y":
            c.e, c.l, c.value, c.gran = date(d.year, 1, 1), date(d.year, 12, 31), str(d.year), "year"
        elif u == "M":
            c.e, c.l, c.value, c.gran = date(d.year, d.month, 1), _month_end(d.year, d.month), f"{d.year:04d}-{d.month:02d}", "month"
        else:
            c.e = c.l = d
            c.value, c.gran = d.isoformat(), "day"
        return
    off = s.get("offset", 0)
    if unit == "D":
        d = dct + timedelta(off)
        c.e = c.l = d
        c.value, c.gran = d.isoformat(), "day"
        if s.get("part"):
            c.value += "T" + s["part"]
        if s.get("clock"):
            c.value += "T" + s["clock"]
    elif unit == "W":
        d = dct + timedelta(7 * off)
        y, w, _ = d.isocalendar()
        c.e = d - timedelta(d.weekday())
        c.l = c.e + timedelta(6)
        c.value, c.gran = f"{y:04d}-W{w:02d}", "week"
    elif unit == "M":
        d = add_months(date(dct.year, dct.month, 1), off)
        c.e, c.l = d, _month_end(d.year, d.month)
        c.value, c.gran = f"{d.year:04d}-{d.month:02d}", "month"
    elif unit == "Q":
        q0 = (dct.month - 1) // 3 + off
        y = dct.year + q0 // 4
        q = q0 % 4 + 1
        c.e, c.l = date(y, 3 * q - 2, 1), _month_end(y, 3 * q)
        c.value, c.gran = f"{y:04d}-Q{q}", "quarter"
    else:
        y = dct.year + off
        c.e, c.l = date(y, 1, 1), date(y, 12, 31)
        c.value, c.gran = str(y), "year"
    if c.mod in ("START", "MID", "END"):
        c.e, c.l = narrow(c.e, c.l, c.gran, c.mod)


def _anchor_interval(ctx: _State, unit: str = "M") -> tuple[date, date, str | None, int | None] | None:
    a = ctx.anchor
    if unit in ("D", "W") and a is not None and a.granularity != "day":
        # "the following day" after "27th August 2020 ... since the spring": a day-level
        # expression prefers a recent day-granularity date of sufficient granularity
        # when the coarser, more recent date does not move the story on (it starts no later
        # than the day-level date: a flashback or a background period)
        for h in reversed(ctx.history[-4:-1]):
            if h.granularity == "day":
                if a.earliest <= h.earliest:
                    a = h
                break
    if a is not None and a.earliest is not None:
        return a.earliest, a.latest, a.granularity, a.timex_id
    if ctx.dct is not None and not ctx.narrative:
        return ctx.dct, ctx.dct, "day", None
    return None  # a review's publication date never anchors its story


_CLOCK_VALUE = re.compile(r"(\d{4}-\d\d-\d\d)T(\d\d):(\d\d)(?::\d\d)?")


def _anch_resolve(c: _Cand, ctx: _State) -> int | None:
    s = c.spec
    unit = s.get("unit", "D")
    op = s.get("op")
    if op == "clock" and s.get("day"):  # "at 8.15pm on 9 March 2016": the day that follows
        c.e = c.l = s["day"]
        c.value, c.gran = f"{s['day'].isoformat()}T{s['clock']}", "day"
        return None
    if op == "clock_shift":
        # the last clock time on the story's current day ("at 6.30 am on 6 April 2018": the day is
        # the anchor, its clock just before it); a restating bracket skips the newest clock
        clocks = [h for h in ctx.history if h.type == "TIME" and _CLOCK_VALUE.fullmatch(h.value or "")]
        if s.get("restates") and clocks:
            clocks.pop()
        a = clocks[-1] if clocks and ctx.anchor is not None and clocks[-1].earliest == ctx.anchor.earliest else None
        mm = _CLOCK_VALUE.fullmatch(a.value) if a is not None else None
        if mm:
            t = datetime.fromisoformat(f"{mm[1]}T{mm[2]}:{mm[3]}") + timedelta(minutes=s["minutes"])
            c.e = c.l = t.date()
            c.value, c.gran = t.strftime("%Y-%m-%dT%H:%M"), "day"
            return a.timex_id
        anc = _anchor_interval(ctx, "D")
        if anc is not None and anc[2] == "day" and anc[0] == anc[1]:
            c.e = c.l = anc[0]
            c.value, c.gran = f"{anc[0].isoformat()}TXX:XX", "day"
            c.reason = "no clock time before it: the day only"
            return anc[3]
        c.value, c.reason = "XXXX-XX-XXTXX:XX", "no earlier time or day to anchor this"
        return None
    if op in ("event", "vague"):
        c.value = "XXXX-XX-XXTXX:XX" if unit == "T" else _XPAT.get(unit, "XXXX")
        c.reason = "relative to an undated event" if op == "event" else "vague offset from an earlier date"
        return None
    anc = _anchor_interval(ctx, unit)
    if op == "month_day":  # "on the 5th": that day of the month the last date lies in
        if anc is None or (anc[0].year, anc[0].month) != (anc[1].year, anc[1].month):
            c.value, c.reason = "XXXX-XX-" + f"{s['day']:02d}", "day of a month no earlier date gives"
            return None
        try:
            c.e = c.l = date(anc[0].year, anc[0].month, s["day"])
        except ValueError:
            c.value, c.reason = None, f"impossible date: day {s['day']} of month {anc[0].month}"
            return None
        c.value, c.gran = c.e.isoformat(), "day"
        return anc[3]
    if op in ("dm", "month_name"):
        # a day and month, or a month, without a year: the anchor's year (narrative), or
        # the year from the DCT (news: the coming occurrence up to 4 months ahead)
        if not ctx.narrative and ctx.dct is not None:
            # news: the coming occurrence when it is at most 4 months ahead of the DCT (6 when
            # the sentence plans ahead), else the last one
            mo = s["month"]
            ahead = (mo - ctx.dct.month) % 12
            if s.get("past") and not s.get("future"):
                # "In January, the company brought in a new chief": a reported past, the last one
                y = ctx.dct.year - (1 if (mo, s.get("day", 1)) > (ctx.dct.month, ctx.dct.day) else 0)
            elif ahead <= (6 if s.get("future") else 4):
                y = ctx.dct.year + (1 if mo < ctx.dct.month else 0)
            else:
                y = ctx.dct.year - (1 if mo > ctx.dct.month else 0)
            anc = (ctx.dct, ctx.dct, "day", None)
        elif op == "dm" and ctx.narrative and (s["month"], s["day"]) in ctx.days_seen and anc is not None \
                and ctx.days_seen[(s["month"], s["day"])][0] != anc[0].year:
            # "the assessment on 21 December" after "21 December 2015" was told: the day stated before,
            # not 21 December of the last date's year
            y, aid = ctx.days_seen[(s["month"], s["day"])]
            c.e = c.l = date(y, s["month"], s["day"])
            c.value, c.gran = c.e.isoformat(), "day"
            return aid
        elif anc is not None:
            y = anc[0].year if op == "month_name" or anc[0].year == anc[1].year else anc[1].year
            if s.get("pluperfect") and anc[0].year == anc[1].year and s["month"] > anc[1].month:
                y -= 1  # "the GP had received the notification in December" (story in February)
        elif ctx.dct is not None:
            # no date before it: the report's year, or the year before when that would put it
            # after the report; with a weekday ("Tuesday 14 July"), the latest such year that fits
            y = ctx.dct.year
            if (s["month"], s.get("day", 1)) > (ctx.dct.month, ctx.dct.day):
                y -= 1
            wd = s.get("weekday")
            if op == "dm" and wd is not None:
                for yy in range(y, y - 7, -1):
                    try:
                        if date(yy, s["month"], s["day"]).weekday() == wd:
                            y = yy
                            break
                    except ValueError:
                        break
            c.reason = "year taken from the report's date"
        else:
            c.value = f"XXXX-{s['month']:02d}" + (f"-{s['day']:02d}" if op == "dm" else "")
            c.reason = "no year in the expression and no earlier date to take it from"
            return None
        if op == "dm":
            try:
                c.e = c.l = date(y, s["month"], s["day"])
            except ValueError:
                c.value, c.reason = None, f"impossible date: day {s['day']} of month {s['month']}"
                return None
            c.value, c.gran = c.e.isoformat(), "day"
        else:
            c.e, c.l = date(y, s["month"], 1), _month_end(y, s["month"])
            c.value, c.gran = f"{y:04d}-{s['month']:02d}", "month"
            if c.mod in ("START", "MID", "END"):
                c.e, c.l = narrow(c.e, c.l, "month", c.mod)
        return anc[3] if anc is not None else None
    if anc is None:
        c.value = _XPAT.get(unit, "XXXX") + (f"T{s.get('part') or s.get('clock')}" if s.get("part") or s.get("clock") else "")
        c.reason = "no earlier date to anchor this relative expression"
        return None
    if op == "clock":  # a time of day on the day of the last narrative date, if it is a day
        if anc[2] != "day" and not ctx.narrative and ctx.dct is not None:
            anc = (ctx.dct, ctx.dct, "day", None)  # news: "at midday" after "in 1998" is the DCT's day
        if anc[2] != "day":
            c.value, c.reason = f"XXXX-XX-XXT{s['clock']}", "time of day without a date"
            return None
        c.e = c.l = anc[0]
        c.value, c.gran = f"{anc[0].isoformat()}T{s['clock']}", "day"
        return anc[3]
    if op == "holiday":  # "at Christmas": the holiday in the year of the last narrative date
        if anc[0].year != anc[1].year and ctx.narrative:
            c.value, c.reason = _XPAT["D"], "holiday without a year and the last date spans years"
            return None
        y = anc[0].year if ctx.narrative else (ctx.dct or anc[0]).year
        if not ctx.narrative and ctx.dct is not None:
            # news: "last Thanksgiving" the one before the DCT, "next Christmas" the one after; else
            # the coming one when it is at most 4 months ahead (6 when the sentence plans ahead)
            d = _holiday_date(s["holiday"], y)
            rel = s.get("rel")
            if rel == "last":
                y -= d >= ctx.dct
            elif rel == "next":
                y += d <= ctx.dct
            elif d > ctx.dct and (d - ctx.dct).days > (183 if s.get("future") else 122):
                y -= 1
            elif d < ctx.dct and (_holiday_date(s["holiday"], y + 1) - ctx.dct).days <= (183 if s.get("future") else 122) \
                    and s.get("future"):
                y += 1
        c.e = c.l = _holiday_date(s["holiday"], y)
        c.value, c.gran = c.e.isoformat(), "day"
        return anc[3]
    e, l, gran, aid = anc
    if op == "shift":
        e, l = shift_interval(e, l, s.get("months", 0), s.get("days", 0))
    elif op == "span":
        e = shift_interval(e, e, *s["lo"])[0]
        l = shift_interval(l, l, *s["hi"])[1]
    elif op == "month_of" and s.get("offset"):
        if e.year == l.year and e.month == l.month:
            e = add_months(date(e.year, e.month, 1), s["offset"])
            l, gran = _month_end(e.year, e.month), "month"
        else:
            e, l = shift_interval(e, l, s["offset"], 0)
    elif op == "year_of" and s.get("offset"):
        y = (e.year if e.year == l.year else l.year) + s["offset"]
        e, l, gran = date(y, 1, 1), date(y, 12, 31), "year"
    elif op == "month_of":
        if e.year == l.year and e.month == l.month:
            ms, me = date(e.year, e.month, 1), _month_end(e.year, e.month)
            e, l = ((l + timedelta(1), me) if s.get("later") and l < me else (ms, me))
            gran = "month" if gran == "day" else gran
    elif op == "year_of":
        if e.year == l.year:
            ys, ye = date(e.year, 1, 1), date(e.year, 12, 31)
            e, l = ((l + timedelta(1), ye) if s.get("later") and l < ye else (ys, ye))
            gran = "year"
    elif op == "season_of":
        near = s.get("near")
        if near and (ctx.anchor is None or aid != ctx.anchor.timex_id or ctx.anchor.section_id != ctx.cur_section
                     or c.start - ctx.anchor.end_char > near or c.start < ctx.anchor.start_char):
            c.value, c.gran = f"XXXX-{s['season']}", "season"
            c.reason = "season without a year and no date just before it"
            return None
        if aid is None and not ctx.narrative:
            y = e.year
        else:
            y = e.year if s["season"] != "WI" or e.month == 12 else e.year - 1
        y += s.get("offset", 0)
        e, l = season_interval(s["season"], y)
        if c.mod in ("START", "MID", "END"):
            e, l = narrow(e, l, "season", c.mod)
        c.e, c.l, c.gran, c.value = e, l, "season", f"{y:04d}-{s['season']}"
        return aid
    c.e, c.l, c.gran = e, l, gran
    c.value = interval_value(e, l, unit)
    if op == "shift" and e == l and unit == "W":
        c.value = "{:04d}-W{:02d}".format(*e.isocalendar()[:2])  # "the following week": that ISO week
        c.e = e - timedelta(e.weekday())
        c.l, c.gran = c.e + timedelta(6), "week"
    if c.mod in ("START", "MID", "END") and not s.get("part") and c.gran in ("month", "year", "season", "quarter"):
        # "the end of that month": its last third; it does not move the story's anchor (a week's
        # thirds are not kept: the interval stays the week)
        c.e, c.l = narrow(c.e, c.l, c.gran, c.mod)
    if op == "span" and e == l and unit in ("M", "Y", "W"):
        # "two months later" is a month, "ten years earlier" a year (TimeML: the expression's
        # granularity); earliest/latest keep the day
        c.value = {"M": f"{e.year:04d}-{e.month:02d}", "Y": f"{e.year:04d}",
                   "W": "{:04d}-W{:02d}".format(*e.isocalendar()[:2])}[unit]
    if s.get("part"):  # "that evening", "the next morning": a part of the day the anchor gives
        if e == l:
            c.value = f"{e.isoformat()}T{s['part']}"
        else:
            c.value, c.e, c.l = f"XXXX-XX-XXT{s['part']}", None, None
            c.reason = "part of a day, and the last date is not a day"
            return None
    return aid


def _age_resolve(c: _Cand, b: _Birth | None) -> int | None:
    """An age with a duration is a TimeML DURATION ("two years seven months old" = P2Y7M); the
    birth plus the age goes in earliest/latest (anchor: the birth).  Ordinal ages ("his third
    year") stay DATEs on the birth."""
    s = c.spec
    if "dur" in s:
        c.type, c.value = "DURATION", s["dur"]
    if b is None:
        if "dur" in s:
            c.kind = "dur"
            c.mod = {"BEFORE": "LESS_THAN", "AFTER": "MORE_THAN"}.get(c.mod, c.mod)
            c.reason = "age with no known birth date"
            return None
        c.value = _XPAT.get(s["unit"], "XXXX")
        c.reason = "age with no known birth date"
        return None
    c.e = shift_interval(b.e, b.e, *s["lo"])[0]
    c.l = shift_interval(b.l, b.l, *s["hi"])[1]
    if c.mod == "BEFORE":
        c.e = b.e
    c.gran = b.gran
    if "dur" in s:
        c.mod = {"BEFORE": "LESS_THAN", "AFTER": "MORE_THAN"}.get(c.mod, c.mod)
    else:
        c.value = interval_value(c.e, c.l, s["unit"])
    return b.timex_id


_DATE_PREP = re.compile(r"\b(by|before|after|on or about|about|around|approximately|circa|c\.)\s+(?:on\s+|in\s+)?$", re.I)
_CUE_REACH = 160  # characters between a process cue and the date it makes a process date
_HEADING = re.compile(r"(?:^|\n)[ \t]*(?:\d+(?:\.\d+)*\.?[ \t]+)?(?P<t>[A-Z][^\n.;:!?]{2,50}?)[ \t]*(?=\n)")


def _process_headings(g: _Grammar, text: str) -> list[tuple[int, bool]]:
    """Headings in plain text (short capitalised lines after a blank line or a finished
    sentence) and whether each opens a process section (Methodology, Timescales ...)."""
    return [(m.start("t"), bool(g.section_re.search(m.group("t")))) for m in _HEADING.finditer(text)]


def _prepare(g: _Grammar, text: str, ctx: _State, section_id: int = 0, page_at=None,
             section_process: bool = False, find_headings: bool = False) -> _Unit:
    cands = _find(g, text, ctx)
    sents = sentence_spans(text) if cands else []
    u = _Unit(text, section_id, page_at, section_process, cands, sents, [s for s, _ in sents])
    if find_headings and cands:
        u.heads = _process_headings(g, text)
    lo_year, hi_year = 1900, ctx.ref_year + 10
    for c in cands:
        if c.kind == "abs" and c.e is not None:
            if c.mod in ("START", "MID", "END"):
                c.e, c.l = narrow(c.e, c.l, c.gran, c.mod)
            if not lo_year <= c.e.year <= hi_year:
                c.reason = f"year {c.e.year} is far outside the plausible span {lo_year}..{hi_year}"
                c.e = c.l = None
        elif c.kind == "age" and "dur" in c.spec and u.cue(g, u.sentence_of(c.start))[2]:
            # "booked at twenty-two weeks": a gestational age is a duration, not a date
            c.kind, c.type, c.value, c.mod = "dur", "DURATION", c.spec["dur"], None
    return u


def _subject_key(s: str) -> str:
    return re.sub(r"[\s-]+", " ", s.strip()).lower()


def _births(g: _Grammar, units: list[_Unit]) -> list[tuple[_Birth, _Cand]]:
    """Birth statements: for each birth cue, the first absolute DATE after it in its sentence
    (else the last before it), and the child named nearest the cue."""
    out: list[tuple[_Birth, _Cand]] = []
    for ui, u in enumerate(units):
        seen: set[int] = set()
        for c in u.cands:
            si = u.sentence_of(c.start)
            if si in seen:
                continue
            seen.add(si)
            _, birth, _ = u.cue(g, si)
            if not birth:
                continue
            ss, se = u.sents[si]
            sent = u.text[ss:se]
            dated = [d for d in u.cands if ss <= d.start < se and d.kind == "abs" and d.e is not None]
            subs = [(ss + m.start(), _subject_key(m.group(0))) for m in g.subject_re.finditer(sent)]
            used: set[int] = set()
            for bm in g.birth_re.finditer(sent):
                cue_pos = ss + bm.start()
                after = [d for d in dated if d.start >= cue_pos]
                before = [d for d in dated if d.start < cue_pos]
                d = after[0] if after else (before[-1] if before else None)
                if d is None or id(d) in used or u.process_cue(g, d):
                    continue
                used.add(id(d))
                if bm.group(0).lower().startswith("born"):
                    near = [k for p, k in subs if p < cue_pos]
                    subj = near[-1] if near else None
                else:
                    near = [k for p, k in subs if p > cue_pos]
                    subj = near[0] if near else None
                out.append((_Birth((ui, d.start), subj, d.e, d.l, d.gran, 0), d))
    return out


def _pick_birth(g: _Grammar, births: list[_Birth], u: _Unit, ui: int, c: _Cand) -> _Birth | None:
    """The birth an age refers to: that of the child named before it in its sentence, else the
    last birth stated before it, else the first stated after it."""
    if not births:
        return None
    here = (ui, c.start)
    ss = u.sents[u.sentence_of(c.start)][0] if u.sents else 0
    named = [_subject_key(m.group(0)) for m in g.subject_re.finditer(u.text, ss, c.start)]
    for subj in reversed(named):
        mine = [b for b in births if b.subject == subj]
        if mine:
            prior = [b for b in mine if b.order < here]
            return prior[-1] if prior else mine[0]
    if named and c.spec.get("dur") and not re.search(
            r"\b(?:he|she|they|his|her|the\s+child|the\s+baby|when)\b",
            u.text[max(ss, c.start - 40):c.start], re.I):
        return None  # "Half Sibling 1, then aged six": that sibling's birth is not known
    if c.spec.get("lo", (0, 0))[0] >= 18 * 12:
        return None  # an adult's age ("Sarah was thirty-four years old"): not a child's birth
    prior = [b for b in births if b.order < here]
    return prior[-1] if prior else None


# "no later than 23 June 2020, which was the day after he died", "On 18 June 2020 - 8 days before he
# died", "in 2014, so six years later": the offset restates the date just before it; "three weeks later
# 29 July 2022", "A week later, on 17 April 2014": the date just after it
_RESTATES_BACK = re.compile(r"\s*(?:[-–—(]\s*|,?\s*(?:which|that)\s+(?:was|is)\s+|[,;]?\s*(?:so|i\.?e\.?,?)\s+)", re.I)
_RESTATES_BACK_EVENT = re.compile(r"\s*,\s*(?:being\s+)?")
_RESTATED_AFTER = re.compile(r"\s*(?:,\s*|\(\s*)?(?:on\s+|in\s+)?(?:the\s+)?", re.I)


def _restated(c: _Cand, u: _Unit, out: list[Timex], ids: dict[int, int], anchor_id: int | None) -> int | None:
    """An offset from an event or the last date that the sentence restates with a date beside it takes
    that date's value and interval (anchor: that date); otherwise it keeps its own resolution."""
    text = u.text
    ss, se = u.sents[u.sentence_of(c.start)] if u.sents else (0, len(text))
    src = None
    prev = out[-1] if out else None
    if prev is not None and prev.section_id == u.section_id and prev.end_char <= c.start and prev.start_char >= ss \
            and not prev.is_process_date and prev.earliest is not None and prev.type == c.type and prev.value:
        gap = text[prev.end_char:c.start]
        ends_clause = re.match(r"\s*(?:[.;,)]|$)", text[c.end:c.end + 2]) is not None
        if _RESTATES_BACK.fullmatch(gap) or ((c.spec.get("op") == "event" or _of_an_event(text, c.end) or ends_clause)
                                             and _RESTATES_BACK_EVENT.fullmatch(gap)):
            # "reached CSC on 12th May 2015, two weeks later.": the offset that ends the clause restates it
            src = (prev.value, prev.earliest, prev.latest, prev.granularity, prev.timex_id)
    if src is None and c.spec.get("op") == "span":
        nxt = min((n for n in u.cands if n.start >= c.end and n.kind == "abs"), key=lambda n: n.start, default=None)
        if nxt is not None and nxt.e is not None and nxt.value and nxt.type == c.type and nxt.end <= se \
                and _RESTATED_AFTER.fullmatch(text[c.end:nxt.start]):
            src = (nxt.value, nxt.e, nxt.l, nxt.gran, ids[id(nxt)])
    if src is None:
        return anchor_id
    c.value, c.e, c.l, c.gran, aid = src
    c.reason = None
    unit = c.spec.get("unit", "D")
    if c.type == "DATE" and c.e is not None and unit in ("M", "Y") and re.fullmatch(r"\d{4}-\d\d(?:-\d\d)?", c.value):
        c.value = c.value[:7] if unit == "M" else c.value[:4]  # "three months later on 5 June 2015": 2015-06
    return aid


# "crews are provided between 10:00 and 22:00", "the team is available from 9am to 5pm", "a night shift
# between 18:30 and 06:30": a schedule's hours in the present tense are no time on the story's day
_SCHEDULE = re.compile(r"\b(?:is|are|operates?|operating|opens?|closes?|runs?|available|staffed|shifts?|rotas?|"
                       r"opening\s+hours|office\s+hours|working\s+hours|core\s+hours)\b", re.I)
_STORY_VERB = re.compile(r"\b(?:was|were|had|did|died|death|arrived|called|left|found|went|came|made|took|saw|said|told|"
                         r"recorded|confirmed|pronounced|declared|verified)\b", re.I)


def _on_a_schedule(u: _Unit, c: _Cand) -> bool:
    ss, se = u.sents[u.sentence_of(c.start)] if u.sents else (0, len(u.text))
    before = u.text[max(ss, c.start - 70):c.start]
    return bool(_SCHEDULE.search(before)) and not _STORY_VERB.search(before) and not any(
        o is not c and o.kind == "abs" and ss <= o.start < se for o in u.cands)


# "the day after she had taken the overdose", "two weeks after discharge": the offset is from an event
# (the word after "after" / "before" / "prior" is no conjunction or preposition)
_EVENT_AFTER_SIGNAL = re.compile(r"\s+(?!(?:and|or|but|when|which|where|while|in|on|at|of|for|with|by|as|so|then|until)\b)[A-Za-z]", re.I)


def _of_an_event(text: str, end: int) -> bool:
    return re.search(r"(?:after|before|prior)$", text[max(0, end - 6):end], re.I) is not None \
        and _EVENT_AFTER_SIGNAL.match(text, end) is not None


def _resolve_units(g: _Grammar, units: list[_Unit], ctx: _State) -> list[Timex]:
    births_c = _births(g, units)
    births = sorted((b for b, _ in births_c), key=lambda b: b.order)
    # an age is a DURATION ("aged 52" P52Y) with the birth-anchored interval when a birth is known;
    # an ordinal age ("his third year", "the day after his birth") is a DATE only with a birth
    for ui, u in enumerate(units):
        u.cands = [c for c in u.cands if c.kind != "age" or ("dur" in c.spec and ctx.narrative)
                   or _pick_birth(g, births, u, ui, c) is not None]  # news (TimeBank) leaves ages untagged
    # ids are fixed before resolution so that an age can point at a birth stated later
    ids: dict[int, int] = {}
    for u in units:
        for c in u.cands:
            ids[id(c)] = ctx.next_id
            ctx.next_id += 1
    for b, c in births_c:
        b.timex_id = ids[id(c)]
    ends = [c.l for u in units for c in u.cands if c.kind == "abs" and c.l is not None and c.l.year <= ctx.ref_year + 1]
    story_end = max(ends) + timedelta(days=366) if ends else None
    out: list[Timex] = []
    for ui, u in enumerate(units):
        text = u.text
        ctx.cur_section = u.section_id
        for k in range(len(u.cands) - 1, -1, -1):  # a clock time before its day: "at 8.15pm on 9 March 2016"
            c = u.cands[k]
            if c.spec.get("op") == "clock" and k + 1 < len(u.cands):
                n = u.cands[k + 1]
                if n.kind == "abs" and n.gran == "day" and n.e is not None and n.e == n.l and \
                        _CLOCK_DAY.fullmatch(text[c.end:n.start]):
                    c.spec["day"] = n.e
                elif n.kind == "anch" and n.spec.get("op") == "dm" and _CLOCK_DAY.fullmatch(text[c.end:n.start]):
                    c.spec["day_of"] = n  # "at 12:00 on Friday 4 March": that day, once it is resolved
                elif n.spec.get("op") == "clock" and n.spec.get("day") and RANGE_JOIN.fullmatch(text[c.end:n.start]):
                    c.spec["day"] = n.spec["day"]  # "between 3am and 4am on 2 September 2012": the partner's day
        first_out = len(out)
        for c in _days_before_their_clocks(u.cands):
            partner = c.spec.pop("day_of", None)
            if partner is not None and partner.e is not None and partner.e == partner.l:
                c.spec["day"] = partner.e
            si = u.sentence_of(c.start)
            process_cue = u.process_cue(g, c) or u.in_process_section(c.start)
            if process_cue and c.type in ("DATE", "TIME") and (_DEATH_DATE.search(text, max(0, c.start - 45), c.start)
                                                             or _DIED_AFTER.match(text, c.end)):
                # "I opened an inquest into the death of A, who died on 30 November 2018", "The conclusion of
                # the inquest was: On 1 February 2022 A died after ...": the inquest is process, the day
                # of the death is the case's own
                process_cue = False
            line_start = text.rfind("\n", 0, c.start) + 1
            head = text[line_start:line_start + 4].lstrip()
            footnote = bool(head) and head[0] in _SUP
            anchor_id = None
            if c.kind == "title":
                c.e = c.l = None
                c.reason = "year in the name of legislation or guidance, not a time"
            elif c.kind == "dct":
                _dct_resolve(c, ctx)
            elif c.kind == "anch" and c.spec.get("op") == "clock" and not c.spec.get("day") and ctx.narrative \
                    and _on_a_schedule(u, c):
                c.value, c.reason = f"XXXX-XX-XXT{c.spec['clock']}", "a time of a schedule (a shift, opening hours), not of the story's day"
            elif c.kind == "anch":
                anchor_id = _anch_resolve(c, ctx)
                if c.spec.get("op") in ("event", "span", "clock_shift", "shift") and not c.spec.get("restates"):
                    anchor_id = _restated(c, u, out, ids, anchor_id)
            elif c.kind == "age":
                b = _pick_birth(g, births, u, ui, c)
                anchor_id = _age_resolve(c, b)
                ss0 = u.sents[u.sentence_of(c.start)][0] if u.sents else 0
                named = b is not None and b.subject is not None and any(
                    _subject_key(x.group(0)) == b.subject for x in g.subject_re.finditer(u.text, ss0, c.start))
                if c.e is not None and story_end is not None and c.e > story_end and not named \
                        and c.spec.get("lo", (0, 0))[0] >= 60:
                    # "between the ages of eleven and fifteen" of an adult: not this child's age
                    c.e = c.l = None
                    anchor_id, c.reason = None, "age anchored after every date in the text: another person's age"
            # "by 2015" -> ON_OR_BEFORE (interval kept)
            if c.type == "DATE" and c.mod is None and c.kind != "ref":
                pm = _DATE_PREP.search(text, max(0, c.start - 20), c.start)
                if pm:
                    c.mod = g.v.date_prepositions.get(re.sub(r"\s+", " ", pm.group(1).lower()))
            is_process = c.type in ("DATE", "TIME") and c.kind not in ("ref", "age") and (
                c.kind == "title" or process_cue or footnote or u.section_process)
            if not is_process and out and out[-1].is_process_date and out[-1].section_id == u.section_id \
                    and out[-1].end_char <= c.start and out[-1].start_char < c.start and c.type == "DATE" \
                    and RANGE_JOIN.fullmatch(text[out[-1].end_char:c.start]):
                is_process = out[-1].reason is None or c.kind == "title"  # "between October 2020 and April 2021"
            if c.spec.get("week_of") and c.e is not None and c.e == c.l:  # "the week of 6 March 2000" = 2000-W10
                y, w, _ = c.e.isocalendar()
                c.e = c.e - timedelta(c.e.weekday())
                c.l, c.value, c.gran = c.e + timedelta(6), f"{y:04d}-W{w:02d}", "week"
            if c.part:  # "the evening of 12 April 2019" = 2019-04-12TEV
                if c.value and re.fullmatch(r"\d{4}-\d\d-\d\d", c.value):
                    c.value += "T" + c.part
                else:
                    c.value = "XXXX-XX-XXT" + c.part
            if c.e is not None and c.l is not None and c.e > c.l:  # defensive: never emit earliest > latest
                c.e, c.l, c.reason = None, None, "empty interval"
            if c.kind in ("anch", "age") and c.e is not None and not 1900 <= c.e.year <= ctx.ref_year + 10:
                c.e = c.l = None
                c.reason = "resolved outside the plausible span"
            dated = c.type in ("DATE", "TIME") or c.kind == "age"  # an age keeps its birth-anchored interval
            t = Timex(
                timex_id=ids[id(c)], section_id=u.section_id, page_no=u.page_at(c.start) if u.page_at else 0,
                start_char=c.start, end_char=c.end, text=text[c.start:c.end], type=c.type, value=c.value,
                mod=c.mod, earliest=c.e if dated else None, latest=c.l if dated else None,
                granularity=c.gran if dated else None, anchor_id=anchor_id,
                is_process_date=is_process, reason=c.reason,
            )
            prev = out[-1] if out else None
            if prev is not None and prev.section_id == t.section_id and prev.type == t.type \
                    and prev.range_with is None and RANGE_JOIN.fullmatch(text[prev.end_char:t.start_char]) \
                    and (not re.fullmatch(r"\s*and\s*", text[prev.end_char:t.start_char])
                         or _BETWEEN.search(text, max(0, prev.start_char - 24), prev.start_char)):
                # "between 4 and 9 May 2019", "from 3 to 6 March", "19.35-19.47": two points of one range
                out[-1] = dataclasses.replace(prev, range_with=t.timex_id)
                t = dataclasses.replace(t, range_with=prev.timex_id)
            out.append(t)
            if c.kind == "abs" and t.type == "DATE" and t.granularity == "day" and t.earliest is not None \
                    and not is_process:
                ctx.days_seen[(t.earliest.month, t.earliest.day)] = (t.earliest.year, t.timex_id)
            if (t.type == "DATE" or c.kind == "age" or (t.type == "TIME" and t.earliest is not None
                                                         and t.earliest == t.latest)) \
                    and t.earliest is not None and not is_process \
                    and (ctx.narrative or "ago" not in c.spec) \
                    and not (c.kind == "anch" and c.mod in ("START", "MID", "END")):
                # "the night of 9 December": an anchor. In news, "a year ago" is the DCT's comparison period,
                # not a reference time: "compared with a year earlier" after it is again the year before the DCT
                ctx.anchor = t
                ctx.history = (ctx.history + [t])[-4:]
        out[first_out:] = sorted(out[first_out:], key=lambda t: t.start_char)  # a day resolved before its clock
    return out


def annotate(text: str, dct: date | None = None, *, narrative: bool | None = None) -> list[Timex]:
    """Tag the temporal expressions of ``text`` in document order.

    Returns ``model.Timex`` objects with section_id=0 and page_no=0, offsets
    into ``text``, ids 1..n.  ``dct`` (document creation time) anchors
    "yesterday", "last year", weekdays ... and relative expressions that come
    before any date in the text.  ``narrative`` (default: True when dct is None)
    makes a yearless "June" / "5 June" take the year of the last narrative date;
    with narrative=False (news) it takes the coming occurrence up to 4 months after the DCT, else the last one.
    """
    g = _grammar()
    ctx = _State(dct=dct, ref_year=(dct or date.today()).year,
                 narrative=(dct is None) if narrative is None else narrative)
    return _resolve_units(g, [_prepare(g, text, ctx, find_headings=True)], ctx)


def annotate_sections(sections: Sequence[Section], dct: date | None = None) -> list[Timex]:
    """Tag every section of one review in order, carrying the anchor and birth across sections.

    Fills section_id, page_no (``section.page_at(start)``), offsets into
    ``section.text`` and ids 1..n over the review.  Dates in sections whose
    title is about the review process (models/timex/process.yaml) are process dates.
    """
    g = _grammar()
    ctx = _State(dct=dct, ref_year=(dct or date.today()).year)
    units = [_prepare(g, sec.text, ctx, sec.section_id, sec.page_at, bool(g.section_re.search(sec.title or "")))
             for sec in sections]
    return _resolve_units(g, units, ctx)


def to_timeml(text: str, timexes: Sequence[Timex], dct: date | None = None, docid: str = "") -> str:
    """TempEval-3 TimeML: TIMEX3 tags (tid, type, value, mod, anchorTimeID) around the spans of ``text``."""
    parts = ['<?xml version="1.0" ?>', "<TimeML>", f"<DOCID>{escape(docid)}</DOCID>"]
    dv = dct.isoformat() if dct else ""
    parts.append(f'<DCT><TIMEX3 tid="t0" type="DATE" value="{dv}" temporalFunction="false" '
                 f'functionInDocument="CREATION_TIME">{dv}</TIMEX3></DCT>')
    body: list[str] = []
    pos = 0
    for t in sorted(timexes, key=lambda t: t.start_char):
        if t.start_char < pos or t.end_char > len(text):
            continue
        body.append(escape(text[pos:t.start_char]))
        attrs = f'tid="t{t.timex_id}" type="{t.type}" value={quoteattr(t.value or "")}'
        if t.mod:
            attrs += f' mod="{t.mod}"'
        if t.anchor_id is not None:
            attrs += f' temporalFunction="true" anchorTimeID="t{t.anchor_id}"'
        attrs += ' functionInDocument="NONE"'
        body.append(f"<TIMEX3 {attrs}>{escape(text[t.start_char:t.end_char])}</TIMEX3>")
        pos = t.end_char
    body.append(escape(text[pos:]))
    parts.append("<TEXT>" + "".join(body) + "</TEXT>")
    parts.append("</TimeML>")
    return "\n".join(parts) + "\n"
