"""Theme tagging: codes from models/themes.yaml on findings, recommendations and the review.

API
* ``load_taxonomy(path=None) -> list[dict]``: the validated taxonomy (one dict per code:
  code, facet, label, definition, triggers, exclude, ...); ``taxonomy_rows()`` gives the
  rows for the ``themes`` table (code, facet, label, definition).
* ``find(text, facets=None) -> list[Hit]``: theme hits in a text, after vetoes.
* ``tag(findings, recommendations, sections) -> list[ThemeTag]``: every tag with evidence
  (phrase, page, section, offsets into ``Section.text``):
    - locus "finding" on findings (source_table "findings", all facets; text and title;
      a tag found only in the title has no offsets),
    - locus "recommendation" on recommendations (source_table "recommendations", all facets),
    - review-level context/harm tags on the other sections (source_table "sections"):
      locus "finding" in analysis/findings/conclusion/recommendation sections, "narrative"
      in the story/chronology; sections about the review itself (terms of reference,
      methodology, glossary, appendices ...) are not tagged.  Rules: models/theme_cues.yaml.
  One tag per (code, source): the first hit is the evidence.
* ``with_themes(findings, recommendations, tags) -> (findings, recommendations)``: new
  frozen objects with ``themes`` filled (sorted codes) from the tags.
* ``tag_all(findings, recommendations, sections) -> (tags, findings, recommendations)``.

Conservative by design: a trigger hit (regex in themes.yaml) is vetoed by the code's own
``exclude`` patterns and by NegEx-style cues (negation, hypotheticals, generic statements)
in a token window within the same clause (models/theme_cues.yaml).
"""

from __future__ import annotations

import dataclasses
import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import yaml

from . import MODELS_DIR
from .errors import ExtractError
from .findings import locate
from .model import Finding, Recommendation, Section, ThemeTag

FACETS = {"C": "context", "H": "harm", "P": "practice"}
_THEME_KEYS = {"code", "facet", "label", "definition", "triggers", "exclude", "include_examples",
               "exclude_examples", "parent", "extension", "justification", "retired"}
_CUE_CLASSES = {"strong_negation", "weak_negation", "hypothetical", "generic"}


@dataclass(frozen=True)
class Hit:
    code: str
    start: int
    end: int
    phrase: str


def _err(path: Path, msg: str) -> ExtractError:
    return ExtractError(str(path), "themes", msg)


def _compile(path: Path, where: str, pattern) -> re.Pattern:
    if not isinstance(pattern, str) or not pattern.strip():
        raise _err(path, f"{where}: expected a non-empty regex string, got {pattern!r}")
    try:
        return re.compile(r"(?<![\w-])(?:" + pattern + r")(?![\w])", re.I)
    except re.error as e:
        raise _err(path, f"{where}: bad regex {pattern!r}: {e}") from e


@functools.lru_cache(maxsize=None)
def _load(path_str: str) -> tuple[dict, ...]:
    path = Path(path_str)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise _err(path, f"cannot read taxonomy: {e}") from e
    except yaml.YAMLError as e:
        raise _err(path, f"not valid YAML: {e}") from e
    if not isinstance(data, dict) or not isinstance(data.get("themes"), list):
        raise _err(path, "expected a mapping with a 'themes' list")
    if "version" not in data:
        raise _err(path, "missing key 'version'")
    out, seen = [], set()
    for i, t in enumerate(data["themes"]):
        if not isinstance(t, dict):
            raise _err(path, f"themes[{i}]: expected a mapping")
        code = t.get("code")
        where = f"themes[{i}] ({code})"
        unknown = set(t) - _THEME_KEYS
        if unknown:
            raise _err(path, f"{where}: unknown key(s) {sorted(unknown)}")
        if not isinstance(code, str) or not re.fullmatch(r"[CHP]\d{2}", code):
            raise _err(path, f"{where}: key 'code' must look like C01/H01/P01")
        if code in seen:
            raise _err(path, f"{where}: duplicate code")
        seen.add(code)
        if t.get("facet") != FACETS[code[0]]:
            raise _err(path, f"{where}: key 'facet' is {t.get('facet')!r}; code {code} needs {FACETS[code[0]]!r}")
        for key in ("label", "definition"):
            if not isinstance(t.get(key), str) or not t[key].strip():
                raise _err(path, f"{where}: key '{key}' missing or empty")
        if not isinstance(t.get("triggers"), list) or not t["triggers"]:
            raise _err(path, f"{where}: key 'triggers' must be a non-empty list")
        for key in ("exclude", "include_examples", "exclude_examples"):
            if not isinstance(t.get(key, []), list):
                raise _err(path, f"{where}: key '{key}' must be a list")
        if t.get("extension") and not t.get("justification"):
            raise _err(path, f"{where}: extension code needs key 'justification'")
        d = dict(t)
        d["exclude"] = list(t.get("exclude") or [])
        d["include_examples"] = list(t.get("include_examples") or [])
        d["exclude_examples"] = list(t.get("exclude_examples") or [])
        d["_triggers"] = tuple(_compile(path, f"{where}.triggers[{j}]", p) for j, p in enumerate(t["triggers"]))
        d["_exclude"] = tuple(_compile(path, f"{where}.exclude[{j}]", p) for j, p in enumerate(d["exclude"]))
        if not t.get("retired"):
            out.append(d)
    return tuple(out)


def load_taxonomy(path: Path | str | None = None) -> list[dict]:
    """The validated taxonomy (public keys only); errors name the file and the key."""
    p = Path(path) if path else MODELS_DIR / "themes.yaml"
    return [{k: v for k, v in d.items() if not k.startswith("_")} for d in _load(str(p))]


def taxonomy_rows(path: Path | str | None = None) -> list[dict]:
    """Rows for the ``themes`` table: code, facet, label, definition."""
    return [{k: t[k] for k in ("code", "facet", "label", "definition")} for t in load_taxonomy(path)]


@functools.lru_cache(maxsize=None)
def _cues(path_str: str | None = None) -> dict:
    path = Path(path_str) if path_str else MODELS_DIR / "theme_cues.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as e:
        raise _err(path, f"cannot load cues: {e}") from e
    if not isinstance(data, dict):
        raise _err(path, "expected a mapping")
    for key in ("pre_window", "weak_window", "strong_window", "post_window", "hypothetical_window"):
        if not isinstance(data.get(key), int) or data[key] < 0:
            raise _err(path, f"key '{key}' must be a non-negative integer")
    cues = data.get("cues")
    if not isinstance(cues, dict) or set(cues) - _CUE_CLASSES:
        raise _err(path, f"key 'cues' must be a mapping with classes from {sorted(_CUE_CLASSES)}")
    out = {"pre_window": data["pre_window"], "weak_window": data["weak_window"], "strong_window": data["strong_window"],
           "post_window": data["post_window"], "hypothetical_window": data["hypothetical_window"],
           "classes": {}}
    for name, c in cues.items():
        facets = c.get("applies_to")
        if not isinstance(facets, list) or set(facets) - set(FACETS.values()):
            raise _err(path, f"cues.{name}.applies_to: must list facets from {sorted(FACETS.values())}")
        out["classes"][name] = (
            frozenset(facets),
            tuple(_compile(path, f"cues.{name}.pre[{j}]", p) for j, p in enumerate(c.get("pre") or [])),
            tuple(_compile(path, f"cues.{name}.post[{j}]", p) for j, p in enumerate(c.get("post") or [])),
        )
    breaks = data.get("clause_breaks")
    if not isinstance(breaks, list):
        raise _err(path, "key 'clause_breaks' must be a list")
    out["breaks"] = frozenset(b.lower() for b in breaks)
    secs = data.get("sections")
    if not isinstance(secs, dict) or set(secs) != {"skip", "finding", "narrative"}:
        raise _err(path, "key 'sections' must have exactly skip, finding, narrative")
    out["sections"] = [(k, tuple(_compile(path, f"sections.{k}[{j}]", p) for j, p in enumerate(v)))
                       for k, v in secs.items()]
    return out


# --------------------------------------------------------------------------- matching

_TOK = re.compile(r"\w+(?:['’]\w+)*|[,;:()]")
_SENT_END = re.compile(r"[.!?]['\"”’)]*\s+(?=[A-Z0-9\"“‘'(\-•])|\n\s*\n|\n(?=\s*(?:[-•●▪*]|\d+[.)])\s)")


def _sentences(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in _SENT_END.finditer(text):
        if m.start() > start:
            spans.append((start, m.start() + 1 if text[m.start()] in ".!?" else m.start()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _window(sent: str, s: int, e: int, n_pre: int, n_post: int, breaks) -> tuple[str, str]:
    """Text of up to n_pre tokens before [s, e) and n_post after, stopping at a clause break."""
    toks = [(m.start(), m.end(), m.group(0).lower()) for m in _TOK.finditer(sent)]
    before = [t for t in toks if t[1] <= s]
    after = [t for t in toks if t[0] >= e]
    pre_start = s
    count = 0
    for t in reversed(before):
        if t[2] in breaks:
            break
        pre_start = t[0]
        count += 1
        if count >= n_pre:
            break
    post_end = e
    count = 0
    for t in after:
        if t[2] in breaks:
            break
        post_end = t[1]
        count += 1
        if count >= n_post:
            break
    return sent[pre_start:s], sent[e:post_end]


def _vetoed(sent: str, s: int, e: int, facet: str, cues: dict) -> bool:
    for name, (facets, pre, post) in cues["classes"].items():
        if facet not in facets:
            continue
        if name == "hypothetical":
            n_pre = n_post = cues["hypothetical_window"]
        else:
            n_pre = {"strong_negation": cues["strong_window"], "weak_negation": cues["weak_window"]}.get(
                name, cues["pre_window"])
            n_post = cues["post_window"]
        before, after = _window(sent, s, e, n_pre, n_post, cues["breaks"])
        if any(rx.search(before) for rx in pre) or any(rx.search(after) for rx in post):
            return True
    return False


def find(text: str, facets: Sequence[str] | None = None) -> list[Hit]:
    """Theme hits in ``text`` (offsets into ``text``), in text order, after all vetoes."""
    tax = _load(str(MODELS_DIR / "themes.yaml"))
    cues = _cues()
    hits: list[Hit] = []
    for ss, se in _sentences(text):
        sent = text[ss:se]
        question = sent.rstrip().endswith("?")
        for t in tax:
            if facets is not None and t["facet"] not in facets:
                continue
            if question and t["facet"] != "practice":
                continue  # a question asks; it asserts nothing about the family
            for rx in t["_triggers"]:
                for m in rx.finditer(sent):
                    if any(x.start() < m.end() and m.start() < x.end() for ex in t["_exclude"] for x in ex.finditer(sent)):
                        continue
                    if _vetoed(sent, m.start(), m.end(), t["facet"], cues):
                        continue
                    hits.append(Hit(t["code"], ss + m.start(), ss + m.end(), m.group(0)))
    # overlapping hits of one code ("did not share" + "share this information") -> their union
    hits.sort(key=lambda h: (h.code, h.start, -h.end))
    merged: list[Hit] = []
    for h in hits:
        if merged and merged[-1].code == h.code and h.start < merged[-1].end:
            last = merged.pop()
            end = max(last.end, h.end)
            merged.append(Hit(h.code, last.start, end, text[last.start:end]))
        else:
            merged.append(h)
    merged.sort(key=lambda h: (h.start, h.code))
    return merged


def codes(text: str, facets: Sequence[str] | None = None) -> list[str]:
    """Sorted distinct codes found in ``text``."""
    return sorted({h.code for h in find(text, facets)})


# --------------------------------------------------------------------------- review tagging

def section_locus(section: Section, by_id: dict[int, Section]) -> str | None:
    """'finding', 'narrative' or None (skip) from the titles of the section and its ancestors."""
    if section.level == 0:
        return None
    chain, cur = [], section
    while cur is not None and len(chain) < 20:
        chain.append(cur.title or "")
        cur = by_id.get(cur.parent_id) if cur.parent_id is not None else None
    rules = _cues()["sections"]
    for title in chain:
        t = re.sub(r"^section\s+\w+\s*[-–—:.]?\s*", "", title.strip(), flags=re.I)
        if not t:
            continue
        for kind, rxs in rules:
            if kind == "narrative":
                continue
            if any(rx.search(t) for rx in rxs):
                return None if kind == "skip" else kind
    return "narrative"


def _spans_for(item_section: Section, item_text: str, children: dict[int, list[Section]]):
    """(section, start, end) pieces of section text that make up an item's text."""
    loc = locate(item_section.text or "", item_text)
    if loc is None:
        return None
    pieces = [(item_section, loc[0], loc[1])]
    flat = re.sub(r"\s+", " ", item_text)

    def walk(sec: Section):
        for c in children.get(sec.section_id, []):
            head = re.sub(r"\s+", " ", (c.text or "").strip())[:60]
            if head and head in flat:
                pieces.append((c, 0, len(c.text)))
            walk(c)
    walk(item_section)
    return pieces


def _tags_for(pieces, fallback_text: str, fallback_section: Section | None, locus: str, table: str,
              source_id: int, page: int, facets=None) -> list[ThemeTag]:
    out: dict[str, ThemeTag] = {}
    if pieces is None:
        for h in find(fallback_text, facets):
            if h.code not in out:
                out[h.code] = ThemeTag(h.code, locus, table, source_id, page, h.phrase,
                                       fallback_section.section_id if fallback_section else None, None, None)
        return list(out.values())
    for sec, s, e in pieces:
        for h in find(sec.text[s:e], facets):
            if h.code in out:
                continue
            st, en = s + h.start, s + h.end
            out[h.code] = ThemeTag(h.code, locus, table, source_id, sec.page_at(st), sec.text[st:en],
                                   sec.section_id, st, en)
    return list(out.values())


def tag(findings: Sequence[Finding], recommendations: Sequence[Recommendation],
        sections: Sequence[Section]) -> list[ThemeTag]:
    """All theme tags of one review (see module docstring)."""
    by_id = {s.section_id: s for s in sections}
    children: dict[int, list[Section]] = {}
    for s in sections:
        if s.parent_id is not None:
            children.setdefault(s.parent_id, []).append(s)
    tags: list[ThemeTag] = []
    covered: set[int] = set()

    def cover(sid: int):
        covered.add(sid)
        for c in children.get(sid, []):
            cover(c.section_id)

    for f in findings:
        sec = by_id.get(f.section_id)
        pieces = _spans_for(sec, f.text, children) if sec else None
        got = _tags_for(pieces, f.text, sec, "finding", "findings", f.finding_id, f.page_no)
        # the title says what the finding is about ("Finding 4: ... children were not seen");
        # it is not part of Section.text, so its tags carry no offsets
        have = {t.code for t in got}
        if f.title:
            for h in find(f.title):
                if h.code not in have:
                    have.add(h.code)
                    got.append(ThemeTag(h.code, "finding", "findings", f.finding_id, f.page_no, h.phrase,
                                        f.section_id, None, None))
        tags.extend(got)
        if sec:
            cover(sec.section_id)
    for r in recommendations:
        sec = by_id.get(r.section_id)
        pieces = _spans_for(sec, r.text, children) if sec else None
        tags.extend(_tags_for(pieces, r.text, sec, "recommendation", "recommendations", r.rec_id, r.page_no))
        if sec:
            cover(sec.section_id)
    for s in sections:
        if s.section_id in covered or not (s.text or "").strip():
            continue
        locus = section_locus(s, by_id)
        if locus is None:
            continue
        tags.extend(_tags_for([(s, 0, len(s.text))], s.text, s, locus, "sections", s.section_id,
                              s.page_start, facets=("context", "harm")))
    return tags


def with_themes(findings: Sequence[Finding], recommendations: Sequence[Recommendation],
                tags: Sequence[ThemeTag]) -> tuple[list[Finding], list[Recommendation]]:
    """New Finding/Recommendation objects with ``themes`` set from ``tags``."""
    fc: dict[int, set[str]] = {}
    rc: dict[int, set[str]] = {}
    for t in tags:
        if t.source_table == "findings":
            fc.setdefault(t.source_id, set()).add(t.code)
        elif t.source_table == "recommendations":
            rc.setdefault(t.source_id, set()).add(t.code)
    return ([dataclasses.replace(f, themes=tuple(sorted(fc.get(f.finding_id, ())))) for f in findings],
            [dataclasses.replace(r, themes=tuple(sorted(rc.get(r.rec_id, ())))) for r in recommendations])


def tag_all(findings: Sequence[Finding], recommendations: Sequence[Recommendation], sections: Sequence[Section]):
    """(tags, findings with themes, recommendations with themes)."""
    tags = tag(findings, recommendations, sections)
    f, r = with_themes(findings, recommendations, tags)
    return tags, f, r
