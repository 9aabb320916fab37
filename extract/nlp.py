"""The one spaCy pipeline of the project: ``build() -> spacy.Language``.

``spacy.blank("en")`` plus rule components, all registered here and nowhere else:

- ``scr_sentences``: a sentence splitter for review prose that survives
  abbreviations ("Dr.", "para. 4.2", "s.47", "No. 3", "e.g.", "i.e."), starts a
  sentence at numbered paragraphs ("4.2.1 ...") and bullets, and at paragraph
  breaks.
- ``scr_entities``: PhraseMatchers and a Matcher whose patterns are loaded from the
  vocabulary files under ``models/`` (agencies.jsonl, agency_heads.jsonl,
  professions.jsonl, people_roles.jsonl, not_agencies.jsonl). It writes candidate
  spans to ``doc.spans["scr"]``: label AGENCY / PROFESSIONAL / PERSON and a
  ``kb_id_`` key saying which rule matched. Review-level decisions (abbreviations
  defined in the text, "the Trust", canonical names, people) are made by
  ``extract.entities``, which needs the whole review.

No model is downloaded or loaded: everything is rules plus data.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy
import spacy
from spacy.attrs import ORTH, SENT_START, SPACY
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from . import MODELS_DIR
from .errors import ExtractError
from .literals import fold, required_words
from .labels import AGENCY_TYPES  # the closed list lives with its display names (models/agency_types.yaml)

LABELS = ("AGENCY", "PERSON", "PROFESSIONAL")
SPAN_KEY = "scr"

# ---------------------------------------------------------------- vocabulary


@dataclass(frozen=True)
class Generic:
    name: str
    agency_type: str
    variants: tuple[str, ...]
    abbreviations: tuple[str, ...]
    resolve: str | None  # regex: named agencies of the same type this generic may resolve to
    exclude_next: frozenset[str] = frozenset()
    require_prev: frozenset[str] = frozenset()  # when set, a single-word variant needs one of these before it


@dataclass(frozen=True)
class Named:
    name: str
    agency_type: str
    variants: tuple[str, ...]
    abbreviations: tuple[str, ...]
    addressee_type: str | None = None  # national_body for a national body the type list calls "other", or another type

    @property
    def as_addressee(self) -> tuple[str, str, str | None]:
        """(name, addressee type, scope hint): the one way this body is typed as an addressee."""
        t = self.addressee_type or self.agency_type
        return self.name, t, "national" if t in ("national_body", "inspectorate_regulator") else None


@dataclass(frozen=True)
class Head:
    head: str
    agency_type: str
    group: str
    infer: bool = False
    context: bool = False  # a bare "Team" / "Service": typed by its words, else by the report's services


@dataclass(frozen=True)
class Profession:
    profession: str
    agency_type: str  # with ``employer``, the type where the text names no agency they work for
    variants: tuple[str, ...]
    abbreviations: tuple[str, ...]
    employer: bool = False  # a job of any service ("team manager", "clinical lead"): typed by the agency named with it


@dataclass(frozen=True)
class Role:
    role: str
    titles: tuple[str, ...]
    nouns: tuple[str, ...]
    kin: str | None


def _alternation(words) -> str:
    """One regex alternation of literal phrases, longest first, any run of spaces between words."""
    return "|".join(r"\s+".join(re.escape(w) for w in x.split()) for x in sorted(set(words), key=len, reverse=True))


class ServiceGrammar:
    """Generic service phrases composed from their parts (``models/service_phrases.yaml``):
    modifiers, cores (strong ones name the kind of service, weak ones only help) and a head noun,
    so "the secondary care crisis team" and "the psychiatric liaison service" are found without
    every combination being listed. ``spans(text)`` gives (start, end, generic name) by characters."""

    def __init__(self, path: Path, generics: dict[str, Generic]):
        import yaml

        try:
            g = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as e:
            raise ExtractError(str(path), "models", f"unreadable service grammar: {e}") from None
        need = ("modifiers", "strong", "weak", "heads", "bare", "bare_followers", "referral", "referral_before")
        missing = [k for k in need if not isinstance(g, dict) or k not in g]
        if missing:
            raise ExtractError(str(path), "models", f"missing key(s): {', '.join(missing)}")
        for k in need:
            lists = g[k].values() if isinstance(g[k], dict) else [g[k]]
            if not all(isinstance(x, list) and x and all(isinstance(w, str) for w in x) for x in lists):
                raise ExtractError(str(path), "models", f"{k}: expected a list of quoted phrases (YAML reads a bare "
                                                        "'on' or 'no' as true / false)")
        unknown = [k for k in g["strong"] if k not in generics]
        if unknown:
            raise ExtractError(str(path), "models", f"strong cores of unknown generic(s): {', '.join(unknown)} "
                                                    "(each must be a generic row of agencies.jsonl)")
        self.strong_of: dict[str, str] = {}
        for name, words in g["strong"].items():
            for w in words:
                self.strong_of[" ".join(w.lower().split())] = name
        mod, head = _alternation(g["modifiers"]), _alternation(g["heads"])
        core = _alternation([*self.strong_of, *g["weak"]])
        strong = _alternation(self.strong_of)
        end = r"(?=\s*(?:[^\w\s'’-]|$)|\s+(?:" + _alternation(g["bare_followers"]) + r")\b)"
        b = r"(?<![\w'’-])"
        self._phrase = re.compile(
            b + rf"(?:(?:{mod})\s+){{0,3}}(?:{core})(?:(?:\s*(?:and|&|/)\s*|\s+or\s+)(?:{core})|\s+(?:{core})){{0,3}}\s+(?:{head})(?![\w-])",
            re.I)
        self._bare = re.compile(b + rf"(?:{_alternation(g['bare'])}){end}", re.I)
        self._referral = re.compile(rf"\b(?:{_alternation(g['referral_before'])})\s+(?:the\s+)?"
                                    rf"((?:{_alternation(g['referral'])})){end}", re.I)
        self._strong = re.compile(rf"{b}(?:{strong})(?![\w-])", re.I)
        # cheap prefilter: a text with none of the strong cores has no phrase, and one with none of the
        # words they need (literals.py) has none of them
        self._any = re.compile(rf"(?:{strong})", re.I)
        self._any_words = required_words(self._any)

    def _generic(self, phrase: str) -> str | None:
        last = None
        for m in self._strong.finditer(phrase):
            last = m
        return self.strong_of[" ".join(last.group(0).lower().split())] if last else None

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        words = self._any_words
        if words is not None:
            low = fold(text)
            if not any(w in low for w in words):
                return []
        if not self._any.search(text):
            return []
        out = []
        for m in self._phrase.finditer(text):
            name = self._generic(m.group(0))
            if name:
                out.append((m.start(), m.end(), name))
        for m in self._bare.finditer(text):
            out.append((m.start(), m.end(), self._generic(m.group(0)) or "Adult Mental Health Service"))
        for m in self._referral.finditer(text):
            name = self._generic(m.group(1))
            if name:
                out.append((m.start(1), m.end(1), name))
        return out


@dataclass
class Vocab:
    generics: dict[str, Generic] = field(default_factory=dict)
    named: dict[str, Named] = field(default_factory=dict)
    heads: dict[str, Head] = field(default_factory=dict)
    keywords: list[tuple[str, str]] = field(default_factory=list)
    weak_keywords: frozenset[str] = frozenset()  # too general to type a bare "Team" / "Service" ("Community Health")
    professions: dict[str, Profession] = field(default_factory=dict)
    roles: dict[str, Role] = field(default_factory=dict)
    not_agencies: frozenset[str] = frozenset()
    named_keys: dict[str, str] = field(default_factory=dict)  # name_key(variant) -> canonical name
    gazetteer: frozenset[str] = frozenset()  # names of the bodies that came from the gazetteers (GAZETTEERS)
    services: ServiceGrammar | None = None  # generic service phrases by their words (service_phrases.yaml)
    _loose: dict[str, str | None] | None = field(default=None, repr=False, compare=False)  # loose_body's index

    def named_body(self, text: str) -> Named | None:
        """The known body ``text`` names in full: its name, a variant or an abbreviation ("the DVLA")."""
        key = name_key(text)
        name = self.named_keys.get(key)
        if name is None:
            bare = re.sub(r"^(?:the|The)\s+", "", " ".join(text.split()))
            name = next((e.name for e in self.named.values() if bare in e.abbreviations), None)
        return self.named.get(name) if name else None

    def loose_body(self, text: str) -> Named | None:
        """The known NHS trust or care provider a name written loosely means ("Tees, Esk and Wear Valley NHS
        Foundation Trust", "North East London Foundation NHS Trust", "Essex Partnership University Trust",
        "NEAS NHS Foundation Trust"): the same words without "NHS", "Foundation", "University", "Teaching",
        "Trust" and the legal form, when exactly one known body has them."""
        if not re.search(r"(?i)\b(?:trust|health ?care|nhs|ltd|limited)\b", text):
            return None
        bare = re.sub(r"(?i)(?:\s+(?:nhs|foundation|trust|ltd|limited|plc))+\s*$", "", " ".join(text.split()))
        if bare != text.strip():
            body = self.named_body(bare)  # "NEAS NHS Foundation Trust": a known body's name or initials
            if body is not None:
                return body
        index = self._loose
        if index is None:
            index = self._loose = {}
            for e in self.named.values():
                for x in (e.name, *e.variants):
                    k = _loose_key(x)
                    if k:
                        index[k] = e.name if index.get(k, e.name) == e.name else None  # None: two bodies
        name = index.get(_loose_key(text))
        return self.named.get(name) if name else None

    def title_role(self, title: str) -> str | None:
        t = " ".join(title.split()).lower()
        for r in self.roles.values():
            if t in (x.lower() for x in r.titles):
                return r.role
        return None

    def generic_for_type(self, agency_type: str) -> str:
        for g in self.generics.values():
            if g.agency_type == agency_type:
                return g.name
        return agency_type.replace("_", " ").capitalize()


_LOOSE_DROP = frozenset("nhs foundation university teaching trust trusts the of and ltd limited plc".split())


def _loose_key(text: str) -> str:
    key = name_key(text).replace("&", " and ").replace("health care", "healthcare")
    key = re.sub(r"\b(north|south)[\s-]+(east|west)\b", r"\1\2", key)  # "Central Northwest London" = "Central and North West"
    words = re.split(r"[\s,]+", key)
    return " ".join("valley" if w == "valleys" else w for w in words if w and w not in _LOOSE_DROP)


def name_key(name: str) -> str:
    """Comparison key of an agency name: case, apostrophes, "the", punctuation and spacing folded."""
    s = name.lower().replace("’", "'").replace("'s ", "s ").replace("'", "")
    s = re.sub(r"^the\s+", "", s)
    s = s.replace("&", " and ")
    s = re.sub(r"[^\w]+", " ", s)
    return " ".join(s.split())


def _rows(path: Path):
    if not path.exists():
        raise ExtractError(str(path), "models", "vocabulary file is missing")
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as e:
            raise ExtractError(str(path), "models", f"line {n}: invalid JSON: {e.msg}") from None
        if not isinstance(row, dict):
            raise ExtractError(str(path), "models", f"line {n}: expected a JSON object")
        yield n, row


def _need(path: Path, n: int, row: dict, *keys: str) -> None:
    for k in keys:
        if k not in row:
            raise ExtractError(str(path), "models", f"line {n}: missing field {k!r}")


def _type(path: Path, n: int, value) -> str:
    if value not in AGENCY_TYPES:
        raise ExtractError(str(path), "models",
                           f"line {n}: unknown agency_type {value!r} (expected one of: {', '.join(AGENCY_TYPES)})")
    return value


def _strs(path: Path, n: int, row: dict, key: str) -> tuple[str, ...]:
    v = row.get(key, [])
    if not isinstance(v, list) or not all(isinstance(x, str) and x.strip() for x in v):
        raise ExtractError(str(path), "models", f"line {n}: {key!r} must be a list of non-empty strings")
    return tuple(v)


# named bodies beside agencies.jsonl (models/README.md): England's NHS mental health trusts and
# psychiatric hospitals (so a named psychiatric hospital is not typed acute by its head "Hospital"), its
# acute trusts and hospitals, and the police, ambulance and fire services of England and Wales
GAZETTEERS = ("nhs_mental_health.jsonl", "nhs_acute.jsonl", "emergency_services.jsonl", "local_authorities.jsonl")
# "St Mary's Hospital, Isle of Wight" names a body; the town after the comma is no part of a mention
_PLACE_AFTER_NAME = re.compile(r"\b(?:Hospital|Infirmary|Centre|Wing)\s*,\s*[A-Z]")
# kin outside the family's own: "a friend" is tagged, "Sarah's friend" leaves "Sarah" her own mention
OUTSIDE_KIN = frozenset({"friend", "relative"})


@functools.lru_cache(maxsize=8)
def load_vocab(models_dir: str | None = None) -> Vocab:
    """Read and validate the vocabulary files; errors name the file and the line."""
    d = Path(models_dir) if models_dir else MODELS_DIR
    v = Vocab()
    from_gazetteers: set[str] = set()
    # agencies.jsonl, then the gazetteers of named bodies (GAZETTEERS; each optional, named rows only)
    for p in [d / "agencies.jsonl", *(d / g for g in GAZETTEERS if (d / g).exists())]:
        for n, row in _rows(p):
            if p.name in GAZETTEERS and row.get("kind") != "named":
                raise ExtractError(str(p), "models", f"line {n}: a gazetteer holds named bodies only (kind 'named')")
            _need(p, n, row, "kind", "name", "agency_type")
            t = _type(p, n, row["agency_type"])
            if row["kind"] == "generic":
                resolve = row.get("resolve")
                if resolve is not None:
                    try:
                        re.compile(resolve)
                    except re.error as e:
                        raise ExtractError(str(p), "models", f"line {n}: bad 'resolve' regex: {e}") from None
                v.generics[row["name"]] = Generic(row["name"], t, _strs(p, n, row, "variants"),
                                                  _strs(p, n, row, "abbreviations"), resolve,
                                                  frozenset(x.lower() for x in _strs(p, n, row, "exclude_next")),
                                                  frozenset(x.lower() for x in _strs(p, n, row, "require_prev")))
            elif row["kind"] == "named":
                at = row.get("addressee_type")
                if at is not None and at not in ("national_body", "local_authority") and at not in AGENCY_TYPES:
                    # a body typed apart as an addressee: HMPPS is 'other' among a report's agencies (a
                    # prison's service) and 'probation' among its addressees (the addressee guideline)
                    raise ExtractError(str(p), "models", f"line {n}: addressee_type {at!r} "
                                                         "(only 'national_body', 'local_authority' or an agency type is allowed)")
                e = Named(row["name"], t, _strs(p, n, row, "variants"), _strs(p, n, row, "abbreviations"), at)
                if e.name in v.named:
                    raise ExtractError(str(p), "models", f"line {n}: {e.name!r} is already a named body (each body once)")
                v.named[e.name] = e
                if p.name in GAZETTEERS:
                    from_gazetteers.add(e.name)
                for name in (e.name, *e.variants):
                    v.named_keys[name_key(name)] = e.name
            else:
                raise ExtractError(str(p), "models", f"line {n}: unknown kind {row['kind']!r} (expected 'named' or 'generic')")
    p = d / "agency_heads.jsonl"
    for n, row in _rows(p):
        if "keyword" in row:
            _need(p, n, row, "agency_type")
            v.keywords.append((row["keyword"], _type(p, n, row["agency_type"])))
            if row.get("weak"):
                v.weak_keywords = v.weak_keywords | {row["keyword"]}
            continue
        _need(p, n, row, "head", "agency_type", "group")
        v.heads[row["head"]] = Head(row["head"], _type(p, n, row["agency_type"]), row["group"], bool(row.get("infer")),
                                    bool(row.get("context")))
    p = d / "professions.jsonl"
    for n, row in _rows(p):
        _need(p, n, row, "profession", "agency_type")
        v.professions[row["profession"]] = Profession(row["profession"], _type(p, n, row["agency_type"]),
                                                      _strs(p, n, row, "variants"), _strs(p, n, row, "abbreviations"),
                                                      bool(row.get("employer")))
    p = d / "people_roles.jsonl"
    for n, row in _rows(p):
        _need(p, n, row, "role", "titles")
        v.roles[row["role"]] = Role(row["role"], _strs(p, n, row, "titles"), _strs(p, n, row, "nouns"), row.get("kin"))
    p = d / "not_agencies.jsonl"
    terms = []
    for n, row in _rows(p):
        _need(p, n, row, "term")
        terms.append(row["term"])
    v.not_agencies = frozenset(terms)
    v.gazetteer = frozenset(from_gazetteers)
    if (d / "service_phrases.yaml").exists():
        v.services = ServiceGrammar(d / "service_phrases.yaml", v.generics)
    return v


# ---------------------------------------------------------------- sentences

# Tokens after which a full stop does not end a sentence ...
ABBREVIATIONS = frozenset(
    "dr mr mrs ms mx prof rev st e.g i.e eg ie cf vs approx appx dept est inc ltd co nr jan feb mar apr "
    "jun jul aug sep sept oct nov dec".split())
# ... and those that do not end one when a number follows ("para. 4.2", "No. 3", "s. 47", "p. 12").
NUMBER_ABBREVIATIONS = frozenset("no nos para paras s ss p pp ch sec art reg sch fig figs vol ref refs".split())
_NUMBERED = re.compile(r"^\d{1,2}(\.\d{1,3}){1,4}\.?$")
_BULLETS = frozenset("- – — • * ·".split())
_CLOSERS = frozenset(['"', "'", "”", "’", ")", "]", "»"])
_OPENERS = frozenset(['"', "'", "“", "‘", "(", "["])


def _sentence_starts(texts: list[str], ws: list[bool]) -> list[int]:
    """1 where a sentence starts, -1 elsewhere; ``texts`` are token texts, ``ws`` whether a token
    has trailing whitespace."""
    n = len(texts)
    out = [-1] * n
    if n:
        out[0] = 1
    for i in range(1, n):
        t = texts[i]
        if t.isspace():
            continue
        prev = texts[i - 1]
        if prev.isspace() and "\n" in prev:
            if "\n\n" in prev or (i > 1 and texts[i - 2].isspace()) or t in _BULLETS or _NUMBERED.match(t):
                out[i] = 1
                continue
        if not ws[i - 1] and not prev.isspace():
            continue  # attached to the token before: a closing quote, "S.47", "e.g.,"
        j = i - 1
        while j >= 0 and (texts[j].isspace() or texts[j] in _CLOSERS):
            j -= 1
        if j < 0:
            continue
        end = texts[j]
        if end not in (".", "?", "!") and end.lower() != "etc.":
            continue
        first = t[:1]
        if not (first.isupper() or first.isdigit() or first in _OPENERS or t in _BULLETS):
            continue
        if end == "." and j > 0 and not ws[j - 1]:
            before = texts[j - 1]
            key = before.lower()
            if len(before) == 1 and before.isupper():
                out[i] = 1  # "Child S." ends a sentence: pseudonym letters are not abbreviations
                continue
            if key in ABBREVIATIONS or (key in NUMBER_ABBREVIATIONS and first.isdigit()):
                continue
        out[i] = 1
    return out


_TEXT_KEY = "scr_text"


@Language.component("scr_sentences")
def scr_sentences(doc: Doc) -> Doc:
    """Rule sentence splitter for review prose (see module docstring)."""
    if len(doc):
        # token texts and trailing blanks from one array (walking the Doc makes a Token per token, twice)
        arr = doc.to_array([ORTH, SPACY])
        strings = doc.vocab.strings
        texts, ws = [strings[o] for o in arr[:, 0].tolist()], (arr[:, 1] != 0).tolist()
        starts = _sentence_starts(texts, ws)
        doc.from_array([SENT_START], numpy.asarray(starts, dtype="int64").astype("uint64").reshape(-1, 1))
        # the doc's text, as Doc.text joins it (each token and its blank), for scr_entities: Doc.text
        # makes a Token per token again
        doc.user_data[_TEXT_KEY] = "".join([t + " " if w else t for t, w in zip(texts, ws)])
    return doc


# ---------------------------------------------------------------- entity matcher

# months and days start no name: "In March Social Services ...", "On Monday Coventry Police ..."
CALENDAR_WORDS = frozenset("january february march april may june july august september october november december "
                           "monday tuesday wednesday thursday friday saturday sunday christmas easter".split())
# Capitalised words that start a sentence or clause and never begin an agency name.
_STARTERS = frozenset(
    "the a an in on at by for from to with following when whilst while despite during after before since "
    "both neither either each all any some this that these those his her their its our if as overall however "
    "although further staff professionals agencies and of or but then also once where there here it they "
    "we he she who which what recommendation finding appendix section contact liaison within between "
    "via under over into than until unless because such other another no not only including later earlier "
    "then now soon again thereafter afterwards meanwhile today yesterday next last first second third instead "
    "prior still yet thus hence therefore upon once subsequent subsequently initially eventually previously "
    "records officers staff members police".split()) | CALENDAR_WORDS
_OF_CUT = frozenset("chair chairman chairperson head member members director manager lead officer representative "
                    "group subgroup committee panel review report staff behalf independent deputy leader business "
                    "manager part".split())
# Prefix words that do not make a name specific ("the Local Safeguarding Children's Board").
_GENERIC_PREFIX = frozenset(
    "local national regional independent city county borough district council community designated named statutory "
    "relevant emergency specialist universal integrated multi-agency women children children's womens childrens "
    "adult adults family families public private voluntary new former previous social supported temporary "
    "sheltered care foster nursing residential general district acute psychiatric maternity primary secondary "
    "junior infant high special day main central".split())
_COMMON_SUFFIX = re.compile(r"(?:ly|ing|ed)$")
_PREFIX_TOKEN = re.compile(r"^(?:[A-Z][A-Za-z'’\-]+|[A-Z]{2,}|&|-|and|of|'s|’s|upon)$")
_ID = re.compile(r"^(?:[A-Z]{1,2}\d{0,2}|\d{1,2})$")
_UNIT_PART = re.compile(r"^[A-Z][a-z]+$")
_UNIT_WORDS = ["team", "unit", "hub", "office", "department"]
_KIN_ADJ = ["maternal", "paternal", "new", "biological", "twin", "only", "alleged", "birth", "natural", "young", "baby", "infant", "eldest",
            "youngest", "older", "younger", "elder", "previous", "former", "ex", "late", "then", "elderly", "estranged",
            "current", "teenage", "adult"]
_KIN_GROUPS = frozenset({"parents", "family", "children", "siblings", "grandparents", "sons", "daughters", "brothers", "sisters"})
_DETS = ["the", "his", "her", "their", "a"]  # "a" only makes a mention for a friend or a relative (entities.py)
COREF_WORDS = ("Trust", "Board", "Council", "Partnership", "Panel", "Team")


class EntityMatcher:
    """Candidate AGENCY / PROFESSIONAL / PERSON spans from data-driven patterns.

    Phrase matchers find the anchors (agency variants, head nouns, professions, role
    titles, kin nouns); the few context rules (a name's prefix, a pseudonym's letter,
    "the/his/her" before a kin noun) are checked on the tokens around an anchor, which
    keeps the component fast (no Matcher pattern starts on every capitalised word).
    """

    def __init__(self, nlp: Language, vocab: Vocab):
        self.v = vocab
        self.lower = PhraseMatcher(nlp.vocab, attr="NORM")  # case-insensitive, curly quotes folded
        self.orth = PhraseMatcher(nlp.vocab, attr="ORTH")  # abbreviations, head nouns, titles
        self.heads = PhraseMatcher(nlp.vocab, attr="NORM")
        self.people = PhraseMatcher(nlp.vocab, attr="NORM")
        self.matcher = Matcher(nlp.vocab)
        mk = nlp.make_doc
        self.exclude_next: dict[str, frozenset[str]] = {}
        self.require_prev: dict[str, frozenset[str]] = {}
        for g in vocab.generics.values():
            key = f"G:{g.name}"
            self.lower.add(key, [mk(x) for x in g.variants])
            if g.abbreviations:
                self.orth.add(key, [mk(x) for x in g.abbreviations])
            self.exclude_next[key] = g.exclude_next
            self.require_prev[key] = g.require_prev
        for e in vocab.named.values():
            key = f"N:{e.name}"
            self.lower.add(key, [mk(x) for x in (e.name, *e.variants) if not _PLACE_AFTER_NAME.search(x)])
            if e.abbreviations:
                self.orth.add(key, [mk(x) for x in e.abbreviations])
        for pr in vocab.professions.values():
            key = f"P:{pr.profession}"
            self.lower.add(key, [mk(x) for x in pr.variants])
            if pr.abbreviations:
                self.orth.add(key, [mk(x) for x in pr.abbreviations])
        self.orth.add("X", [mk(x) for x in vocab.not_agencies])
        self.lower.add("X", [mk(x) for x in vocab.not_agencies if " " in x])
        # head nouns of agency names (case-sensitive check done on the match)
        self.head_text: dict[str, str] = {}
        for h in vocab.heads.values():
            self.heads.add(f"S:{h.head}", [mk(h.head)])
            self.head_text[h.head] = h.head.replace("’", "'")
        self.head_last = {mk(h.head)[-1].lower_ for h in vocab.heads.values()}
        for g in vocab.generics.values():
            for x in g.variants:
                self.head_last.add(mk(x)[-1].lower_)
        self.head_last |= {"police", "care", "service", "services", "trust", "council", "department", "hospital",
                           "board", "partnership", "team", "unit", "court", "probation", "housing"}
        # people: role titles (case-sensitive on the match) and kin nouns
        self.titles = {t: r.role for r in vocab.roles.values() for t in r.titles}
        for t in self.titles:
            self.people.add("T", [mk(t)])
        self.kin = {n: r.kin for r in vocab.roles.values() if r.kin for n in r.nouns}
        for n in self.kin:
            self.people.add("K", [mk(n)])
        self.matcher.add("MOTHER_AND", [[{"LOWER": "mother"}, {"LOWER": "and"},
                                         {"LOWER": {"IN": ["son", "child", "baby", "daughter"]}}]])
        self.matcher.add("BARE_MOTHER", [[{"LOWER": "mother"}]])
        self.matcher.add("COREF_LOWER", [[{"LOWER": {"IN": ["the", "that", "this"]}}, {"ORTH": {"IN": ["team", "service"]}}]])
        self.matcher.add("COREF", [[{"LOWER": "the"}, {"LOWER": "local", "OP": "?"},
                                    {"ORTH": {"IN": list(COREF_WORDS) + ["partnership"]}}]])

    # -- agency names by shape: "<Proper words> <Head>" ("Thames Valley Police")
    def _shape(self, doc: Doc, hs: int, he: int, head: str, named_ends: set[int] = frozenset()) -> tuple[int, int] | None:
        if doc[hs:he].text.replace("’", "'") != self.head_text[head]:
            return None  # heads are case-sensitive: "police" is not a name's head
        s = hs
        while s > 0 and _PREFIX_TOKEN.match(doc[s - 1].text) and not doc[s - 1].is_space:
            s -= 1
        # cut at a connector whose left neighbour ends another agency name ("Police and Social Care"),
        # and after "of" unless it belongs to the name ("University of ...", "Borough of ...")
        nhs_trust = "Trust" in head and any(t.text == "NHS" for t in doc[s:hs])
        for k in range(s + 1, hs):
            if doc[k].lower_ in ("and", "&", "of") and (doc[k - 1].lower_ in self.head_last or k in named_ends) \
                    and not (nhs_trust and any(t.text == "NHS" for t in doc[s:k]) and k not in named_ends
                             and doc[k - 1].lower_ in ("care", "services", "service")):
                # (an NHS trust's own name runs on: "Kent and Medway NHS Social Care and Partnership Trust")
                s = k + 1
            elif doc[k].lower_ == "of" and doc[k - 1].lower_ in _OF_CUT:
                s = k + 1  # "Independent Chair of X LSCB", "Sub-Group of X LSCB" (but "Church of England")
            elif doc[k].norm_ == "'s" and doc[k - 1].lower_ in self.head_last and k > s:
                s = k + 1  # "the Trust's Crisis Team": the trust's own team (but "St John's Hospital")
        while s < hs and (doc[s].lower_ in _STARTERS or doc[s].norm_ in ("'s", "-", "&")
                          or doc[s].text in self.titles or doc[s].text in self.v.not_agencies
                          or (doc[s].is_sent_start and self._common_word(doc, doc[s]))):
            s += 1
        if s >= hs or (doc[hs - 1].lower_ in ("and", "&", "of") and not (nhs_trust and s < hs - 1)):
            return None
        # a known name with a comma in it: "Tees, Esk and Wear Valley NHS Foundation Trust" (written loosely)
        k = s
        while k >= 2 and doc[k - 1].text == "," and doc[k - 2].is_title and _PREFIX_TOKEN.match(doc[k - 2].text) \
                and any(t.lower_ in ("and", "&") for t in doc[k:hs]):
            k -= 2
            text = doc[k:he].text
            if self.v.named_body(text) is not None or self.v.loose_body(text) is not None:
                s = k
                break
        if all(t.lower_ in _GENERIC_PREFIX or t.norm_ == "'s" for t in doc[s:hs]):
            return None
        if self.v.heads[head].context and any(t.text in ("-", "Level", "Universal", "Intensive", "Dependency", "Ward")
                                              for t in doc[s:hs]):
            # "Level One - Universal Service": a tier of provision; "the Psychiatric Intensive Care Unit": a ward
            return None
        e = he
        if e < len(doc) and doc[e].lower_ in ("ltd", "limited", "plc", "llp", "cic"):
            return s, e + 1  # "Wexham Vale Children's Homes Ltd": the company's name holds its suffix
        k = he
        while k < len(doc) and _UNIT_PART.match(doc[k].text):
            k += 1
            if doc[k - 1].lower_ in _UNIT_WORDS:
                e = k  # "<Place> Police Domestic Violence Unit", "... Social Care Duty Team"
        return s, e

    @staticmethod
    def _common_word(doc: Doc, tok) -> bool:
        """A capitalised sentence-initial word that is an ordinary word, not part of a name."""
        w = tok.lower_
        if w in STOP_WORDS or _COMMON_SUFFIX.search(w):
            return True
        if "_lower_forms" not in doc.user_data:
            doc.user_data["_lower_forms"] = {t.text for t in doc if t.is_lower}
        return w in doc.user_data["_lower_forms"]

    def _pseudonym_at(self, doc: Doc, s: int, e: int) -> int | None:
        """End of "<Title> <ID>" starting at a title match, else None."""
        if doc[s:e].text not in self.titles or e >= len(doc) or not _ID.match(doc[e].text):
            return None
        if e + 2 < len(doc) and doc[e + 1].text == "." and doc[e + 2].like_num:
            return None  # "Appendix A.1"-like numbering
        return e + 1

    def _people(self, doc: Doc, cands: list) -> None:
        hits = sorted(self.people(doc), key=lambda m: (m[1], -m[2]))
        strings = doc.vocab.strings
        pseudo_end: dict[int, int] = {}
        for mid, s, e in hits:
            if strings[mid] == "T":
                pe = self._pseudonym_at(doc, s, e)
                if pe is not None and s not in pseudo_end:
                    pseudo_end[s] = pe
                    cands.append((s, pe, "PERSON", "PSEUDO", 1))
        ends = {pe: s for s, pe in pseudo_end.items()}
        for mid, s, e in hits:
            if strings[mid] != "K" or s in pseudo_end:
                continue
            # adjective and determiner before the kin noun
            b = s
            if b > 0 and doc[b - 1].lower_ in _KIN_ADJ:
                b -= 1
            outside = self.kin.get(doc[s:e].text.lower()) in OUTSIDE_KIN
            # "<Pseudonym>'s (adj) <kin>" (a friend of Sarah's is no relative of hers: "Sarah" stays her own mention)
            if b > 0 and doc[b - 1].norm_ == "'s" and (b - 1) in ends and not outside:
                cands.append((ends[b - 1], e, "PERSON", "REL_POSS", 1))
                continue
            # "(the) (adj) <kin> of <Pseudonym>"
            if e + 1 < len(doc) and doc[e].lower_ == "of" and (e + 1) in pseudo_end and not outside:
                st = b - 1 if b > 0 and doc[b - 1].lower_ == "the" else b
                cands.append((st, pseudo_end[e + 1], "PERSON", "REL_OF", 1))
                continue
            # "the mother of Child S" is another's; "his wife of 20 years" is his
            of_other = e < len(doc) and doc[e].lower_ == "of" and not (
                e + 2 < len(doc) and (doc[e + 1].like_num or doc[e + 1].lower_ in ("many", "several", "some", "a", "over"))
                and doc[e + 2].lower_ in ("years", "year", "months", "decades", "weeks", "few"))
            if b > 0 and doc[b - 1].lower_ in _DETS and not of_other:
                cands.append((b - 1, e, "PERSON", "ROLE_NP", 2))
            elif b > 2 and doc[b - 1].lower_ in ("and", "or") and (doc[b - 2].lower_ in self.kin or doc[b - 2].lower_ in _KIN_GROUPS) \
                    and doc[b - 3].lower_ in _DETS and not of_other:
                # "his mother and sister", "her parents and sister", "his family and partner": his sister, partner too
                cands.append((b, e, "PERSON", f"ROLE_AND:{doc[b - 3].lower_}", 2))

    def __call__(self, doc: Doc) -> Doc:
        cands: list[tuple[int, int, str, str, int]] = []  # start, end, label, key, priority
        strings = doc.vocab.strings
        text = doc.user_data.pop(_TEXT_KEY, None)  # scr_sentences's join of the doc's text
        for mid, s, e in self.lower(doc) + self.orth(doc):
            key = strings[mid]
            if key == "X":
                cands.append((s, e, "X", key, 0))
                continue
            if e < len(doc) and doc[e].lower_ in self.exclude_next.get(key, ()):
                continue
            if e - s == 1 and self.require_prev.get(key) and (s == 0 or doc[s - 1].lower_ not in self.require_prev[key]):
                continue
            label = "PROFESSIONAL" if key.startswith("P:") else "AGENCY"
            cands.append((s, e, label, key, 2 if key.startswith("N:") else 4))
        # where a known body's name ends, a name by shape does not run on across "and" into another
        named_ends = {c[1] for c in cands if c[3].startswith("N:")}
        for mid, s, e in self.heads(doc):
            key = strings[mid]
            span = self._shape(doc, s, e, key[2:], named_ends)
            if span is not None:  # a name ending in its head beats one extended by a unit suffix
                # a bare "Team" / "Service" head yields to a known body or generic of the same words
                pri = 4.5 if self.v.heads[key[2:]].context else 3 if span[1] == e else 3.5
                cands.append((span[0], span[1], "AGENCY", key, pri))
        if self.v.services is not None:
            for cs, ce, name in self.v.services.spans(doc.text if text is None else text):
                sp = doc.char_span(cs, ce, alignment_mode="strict")
                if sp is not None:
                    cands.append((sp.start, sp.end, "AGENCY", f"G:{name}", 4))
        self._people(doc, cands)
        for mid, s, e in self.matcher(doc):
            key = strings[mid]
            if key == "MOTHER_AND":
                if s > 0 and doc[s - 1].lower_ in _NOT_BEFORE_BARE:
                    continue
                cands.append((s, s + 1, "PERSON", "BARE:mother", 5))
                cands.append((e - 1, e, "PERSON", "BARE:" + doc[e - 1].lower_, 5))
            elif key == "BARE_MOTHER":
                if s > 0 and (doc[s - 1].lower_ in _NOT_BEFORE_BARE or doc[s - 1].norm_ == "'s"):
                    continue
                if e < len(doc) and doc[e].lower_ in ("of", "-", "tongue"):
                    continue
                cands.append((s, e, "PERSON", "BARE:mother", 6))
            elif key == "COREF_LOWER":
                if e < len(doc) and not _ends_a_reference(doc[e]):
                    continue  # "the team leader", "the service user", "the team's": no reference to a body
                cands.append((e - 1, e, "AGENCY", f"C:{doc[e - 1].text}", 6))  # typed by what it points back to
            elif key == "COREF":
                if e < len(doc) and doc[e].text[:1].isupper() and doc[e].is_alpha and not (
                        doc[e - 1].text == "Trust" and doc[e].text not in ("Development", "Special")
                        and (e + 1 >= len(doc) or not doc[e + 1].text[:1].isupper())):
                    continue  # "the Trust Datix report", "the Trust Board" are the trust's; "the Council Tax" is not
                cands.append((e - 1, e, "AGENCY", f"C:{doc[e - 1].text}", 5))  # "the local Trust": the Trust
        doc.user_data.pop("_lower_forms", None)
        # longest first, then priority; non-overlapping
        cands.sort(key=lambda c: (-(c[1] - c[0]), c[4], c[0]))
        taken = [False] * len(doc)
        chosen = []
        for s, e, label, key, _ in cands:
            if any(taken[s:e]):
                continue
            for k in range(s, e):
                taken[k] = True
            if label != "X":
                chosen.append(Span(doc, s, e, label=label, kb_id=key))
        chosen.sort(key=lambda sp: sp.start)
        doc.spans[SPAN_KEY] = chosen
        return doc


def _ends_a_reference(tok) -> bool:
    """The word after a lower-case "the team" / "the service" that leaves it a noun phrase of its own:
    punctuation, a function word, or a verb in -ed / -ing ("the team decided", "the team managing")."""
    if tok.is_punct or tok.is_space:
        return tok.text not in ("-", "'s", "’s")
    w = tok.lower_
    return (w in STOP_WORDS and w not in ("'s", "’s")) or (w.endswith(("ed", "ing")) and len(w) > 4)


_NOT_BEFORE_BARE = frozenset(
    "a an the his her their its my your our this these those each every any no one another young good caring "
    "poor single lone new birth biological expectant teenage homeless working foster step first same other own "
    "the surrogate grand".split())


@Language.factory("scr_entities", default_config={"models_dir": None})
def make_scr_entities(nlp: Language, name: str, models_dir: str | None):
    return EntityMatcher(nlp, load_vocab(models_dir))


@functools.lru_cache(maxsize=4)
def build(models_dir: str | None = None) -> Language:
    """The pipeline, built once per process (per vocabulary directory)."""
    load_vocab(models_dir)  # validate first: errors name the file and line
    nlp = spacy.blank("en")
    # "Child S." / "Male B." end sentences in reviews far more often than initials do:
    # drop the tokenizer's single-capital-letter abbreviations so "S" stays a token.
    rules = {k: v for k, v in nlp.tokenizer.rules.items() if not re.fullmatch(r"[A-Z]\.", k)}
    nlp.tokenizer.rules = rules
    # ... and split footnote markers glued to a word in PDF text ("Social Care4", "referral3").
    suffixes = list(nlp.Defaults.suffixes) + [r"(?<=^[A-Z])\.", r"(?<=[a-z]{2})\d{1,2}"]
    nlp.tokenizer.suffix_search = spacy.util.compile_suffix_regex(suffixes).search
    nlp.add_pipe("scr_sentences")
    nlp.add_pipe("scr_entities", config={"models_dir": models_dir})
    return nlp


__all__ = ["build", "load_vocab", "name_key", "AGENCY_TYPES", "LABELS", "SPAN_KEY", "Vocab", "filter_spans"]
