"""Theme tagging: codes from models/themes.yaml on findings, recommendations and the review.

The **trained classifier decides** (``models/theme_classifier/``, a spaCy textcat_multilabel
trained by ``make train`` on annotated real units, see corpora/themes/); the **rules keep the
jobs they do well**: negation and hypothetical vetoes, acronyms (MARAC, CAF, ...), codes the
classifier does not model, and context/harm codes in the story.

API
* ``load_taxonomy(path=None) -> list[dict]``: the validated taxonomy (one dict per code:
  code, facet, label, definition, triggers, exclude, ...); ``taxonomy_rows()`` gives the
  rows for the ``themes`` table (code, facet, label, definition).
* ``find(text, facets=None) -> list[Hit]``: the rules' theme hits in a text, after vetoes.
* ``model(models_dir=None) -> ThemeModel``: the trained classifier, attached once per process
  to the project's one spaCy pipeline (``extract.nlp.build``) as the disabled component
  ``scr_themes``; a missing or corrupt model raises one line naming the file and ``make train``.
* ``classify_units(texts, kinds) -> list[UnitResult]``: the themes of units (a finding, a
  recommendation, a coroner's concern, an analysis paragraph): per-label probabilities against
  the per-label thresholds in the model's metadata, then the rules (see ``classify_units``);
  evidence per code is the unit's sentence the classifier scores highest for it; polarity.
* ``tag(findings, recommendations, sections) -> list[ThemeTag]``: every tag with evidence
  (sentence, page, section, offsets into ``Section.text``), polarity, score and method:
    - locus "finding" on findings (source_table "findings"; the title is read with the text,
      and evidence found only in the title has no offsets),
    - locus "recommendation" on recommendations (source_table "recommendations"),
    - locus "finding" on the paragraphs of analysis/findings/conclusion sections that hold no
      finding or recommendation (source_table "sections"; classifier),
    - locus "narrative" on the story/chronology (source_table "sections"): context/harm codes
      by the rules only; sections about the review itself (terms of reference, methodology,
      glossary, appendices ...) are not tagged.  Rules: models/theme_cues.yaml.
  One tag per (code, source).
* ``with_themes(findings, recommendations, tags) -> (findings, recommendations)``: new
  frozen objects with ``themes`` filled (sorted codes) from the tags.
* ``tag_all(findings, recommendations, sections) -> (tags, findings, recommendations)``.

Rules' vetoes: a trigger hit (regex in themes.yaml) is vetoed by the code's own ``exclude``
patterns and by NegEx-style cues (negation, hypotheticals, generic statements) in a token
window within the same clause (models/theme_cues.yaml).
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import json
import re
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import yaml

from . import MODELS_DIR
from .errors import ExtractError
from .findings import locate
from .literals import fold, required_words
from .units import ITEM_MARK, paragraphs, trim
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
        d["_literals"] = tuple(required_words(rx) for rx in d["_triggers"])
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


@functools.lru_cache(maxsize=256)
def _tokens(sent: str) -> tuple[tuple[int, int, str], ...]:
    """A sentence's tokens (start, end, lower case), once per sentence for all its hits' windows."""
    return tuple((m.start(), m.end(), m.group(0).lower()) for m in _TOK.finditer(sent))


def _window(sent: str, s: int, e: int, n_pre: int, n_post: int, breaks) -> tuple[str, str]:
    """Text of up to n_pre tokens before [s, e) and n_post after, stopping at a clause break."""
    toks = _tokens(sent)
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
    # the triggers with one of their words somewhere in the text: a sentence's folded text is the
    # text's, cut, so no other can match in any sentence
    low_text = fold(text)
    active = []
    for t in tax:
        if facets is not None and t["facet"] not in facets:
            continue
        trig = [(rx, lit) for rx, lit in zip(t["_triggers"], t["_literals"])
                if lit is None or any(w in low_text for w in lit)]
        if trig:
            active.append((t, trig))
    for ss, se in _sentences(text) if active else ():
        sent = text[ss:se]
        low = fold(sent)
        question = sent.rstrip().endswith("?")
        for t, trig in active:
            if question and t["facet"] != "practice":
                continue  # a question asks; it asserts nothing about the family
            for rx, lit in trig:
                if lit is not None and not any(w in low for w in lit):
                    continue
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


# --------------------------------------------------------------------------- the classifier

CLASSIFIER_DIR = "theme_classifier"
REBUILD = "rebuild it with `make train`"
GOOD = "GOOD_PRACTICE"
# case-sensitive (acronym) triggers: kept even where the classifier is silent, as they name the
# theme unambiguously (a CAF is early help)
_ACRONYM = re.compile(r"\(\?-i:")


@dataclass(frozen=True)
class UnitResult:
    """One unit's themes: ``codes`` (after rules), ``raw_codes`` (the classifier alone),
    ``scores`` per label, ``polarity`` per code, evidence (start, end) per code in the unit
    text as given, and ``method`` per code (classifier | rule)."""

    codes: tuple[str, ...]
    raw_codes: tuple[str, ...]
    scores: dict
    polarity: dict
    evidence: dict
    method: dict


class ThemeModel:
    """The trained textcat_multilabel, attached once per process to the project's spaCy
    pipeline (``extract.nlp.build``) as the disabled component ``scr_themes``: it runs on
    unit docs, never on whole sections."""

    CACHE_SIZE = 4096  # texts whose scores are remembered (least recently used dropped first)

    def __init__(self, path: Path):
        self.path = path
        self._cache: OrderedDict[str, dict[str, float]] = OrderedDict()
        meta_path = path / "meta.json"
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            extra = meta["scr"]
            self.labels = list(extra["labels"])
            self.thresholds = {k: float(v) for k, v in extra["thresholds"].items()}
            str(extra["data_sha256"])  # present, or the model is not one `make train` wrote
        except FileNotFoundError as e:
            raise _err(meta_path, f"theme model missing; {REBUILD}") from e
        except (OSError, ValueError, KeyError, TypeError) as e:
            raise _err(meta_path, f"theme model metadata unreadable ({type(e).__name__}: {e}); {REBUILD}") from e
        self.meta = meta
        from . import nlp as nlpmod
        import spacy
        try:
            trained = spacy.load(path)
            pipe = trained.get_pipe("textcat_multilabel")
        except Exception as e:  # corrupt weights, wrong version, missing files
            raise _err(path, f"theme model cannot be loaded ({type(e).__name__}: "
                             f"{str(e).splitlines()[0][:120]}); {REBUILD}") from e
        self.nlp = nlpmod.build()
        if trained.vocab.vectors.shape[0]:
            # static vectors are looked up in the doc's vocab: the shared pipeline gets the model's table
            self.nlp.vocab.vectors = trained.vocab.vectors
        if path.resolve() == (MODELS_DIR / CLASSIFIER_DIR).resolve():
            # the shipped model joins the project's one pipeline, disabled: it runs on units only
            if "scr_themes" not in self.nlp.component_names:
                self.nlp.add_pipe("textcat_multilabel", name="scr_themes", source=trained)
                self.nlp.disable_pipe("scr_themes")
            self.pipe = self.nlp.get_pipe("scr_themes")
        else:
            self.pipe = pipe
        if sorted(self.pipe.labels) != sorted(self.labels) or set(self.thresholds) != set(self.labels):
            raise _err(meta_path, f"theme model labels do not match its metadata; {REBUILD}")
        _numpy_matmul(self.pipe.model)

    def scores(self, texts: Sequence[str]) -> list[dict[str, float]]:
        """Each text's score per label. A text without a word scores 0 and never reaches the model:
        thinc's n-gram layer fails on a batch whose first doc has no tokens."""
        texts = list(texts)
        # each distinct text is scored once: a review's units share sentences (a finding is also a
        # sentence of the analysis paragraph it came from, a one-sentence unit is its own sentence),
        # and the model reads each doc alone, so a remembered score is the score
        cache = self._cache
        uniq = [t for t in dict.fromkeys(texts) if t not in cache and re.search(r"\w", t)]
        docs = (self.nlp.make_doc(t) for t in uniq)
        with _one_blas_thread():
            for t, d in zip(uniq, self.pipe.pipe(docs, batch_size=64)):
                cache[t] = dict(d.cats)
        out = [dict(cache[t]) if t in cache else dict.fromkeys(self.labels, 0.0) for t in texts]
        for t in texts:
            if t in cache:
                cache.move_to_end(t)
        while len(cache) > self.CACHE_SIZE:
            cache.popitem(last=False)
        return out


def _numpy_matmul(model) -> None:
    """Run the classifier's matrix products in numpy (OpenBLAS) rather than thinc's default, blis.

    Inference only (training keeps thinc's defaults). On this project's machines OpenBLAS is 3-4
    times faster for the encoder's products, and they are most of the classifier's time; the
    two libraries agree to float32 rounding (the sums are taken in another order), which moves a
    stored score, rounded to 4 places, by at most 0.0001 and no code across its threshold in any
    gold set (``make eval``)."""
    from thinc.api import NumpyOps

    ops = NumpyOps(use_blis=False)
    for node in model.walk():
        if type(node.ops) is NumpyOps:
            node.ops = ops


@functools.lru_cache(maxsize=1)
def _blas_controller():
    try:
        from threadpoolctl import ThreadpoolController

        return ThreadpoolController()
    except Exception:  # not installed, or it cannot read the loaded libraries: the BLAS's own default
        return None


def _one_blas_thread():
    """The classifier's products on one BLAS thread: the batch runs one worker per core, and OpenBLAS's
    own threads (one per core in each worker) only contend (2 workers: 23.6 -> 19.8 s on the scale
    corpus; 1 worker unchanged within the noise). Scoped to the scoring, so nothing else in the process is limited."""
    c = _blas_controller()
    return c.limit(limits=1, user_api="blas") if c is not None else contextlib.nullcontext()


@functools.lru_cache(maxsize=4)
def _model(path_str: str) -> ThemeModel:
    return ThemeModel(Path(path_str))


def model(models_dir: Path | None = None) -> ThemeModel:
    """The trained theme classifier (errors name the file and say how to rebuild it)."""
    return _model(str((models_dir or MODELS_DIR) / CLASSIFIER_DIR))


def normalise_unit(text: str) -> str:
    """The text the classifier reads: no list marker at the front, white space folded."""
    return " ".join(ITEM_MARK.sub("", text or "", count=1).split())


def _rule_hits(text: str) -> dict[str, list[Hit]]:
    out: dict[str, list[Hit]] = {}
    for h in find(text):
        out.setdefault(h.code, []).append(h)
    return out


def _raw_hits(text: str, code: str) -> bool:
    """Does any trigger of ``code`` occur in ``text`` (before vetoes)?"""
    for t in _load(str(MODELS_DIR / "themes.yaml")):
        if t["code"] == code:
            return any(rx.search(text) for rx in t["_triggers"])
    return False


@functools.lru_cache(maxsize=None)
def _acronym_triggers() -> dict[str, tuple[re.Pattern, ...]]:
    out = {}
    for t in _load(str(MODELS_DIR / "themes.yaml")):
        rx = tuple(r for r in t["_triggers"] if _ACRONYM.search(r.pattern))
        if rx:
            out[t["code"]] = rx
    return out


def classify_units(texts: Sequence[str], kinds: Sequence[str] | None = None,
                   models_dir: Path | None = None) -> list[UnitResult]:
    """Themes of each unit text (a finding, recommendation, concern or analysis paragraph).

    The classifier decides; the rules then (1) veto a classifier code whose every trigger in
    the unit is negated or hypothetical (``find`` drops vetoed hits); for a practice code a
    confident classifier (>= 0.9) overrules the veto, (2) add, where the rules found them
    unvetoed, codes the classifier does not model, context/harm codes, and acronym practice
    codes (CAF ...).  Evidence for a code is the unit's sentence with the highest classifier
    score for it; polarity comes from ``kinds`` (a recommendation or a
    coroner's concern is a concern; a good-practice item is good practice), else from the
    GOOD_PRACTICE score of the evidence sentence."""
    m = model(models_dir)
    kinds = list(kinds) if kinds is not None else ["finding"] * len(texts)
    norm = [normalise_unit(t) for t in texts]
    unit_scores = m.scores(norm)
    labels = [lab for lab in m.labels if lab != GOOD]
    sents_of = [_sentences(t) for t in texts]
    # sentence scores only for units with a code and more than one sentence
    need = [i for i, sc in enumerate(unit_scores)
            if len(sents_of[i]) > 1 and any(sc[lab] >= m.thresholds[lab] for lab in labels)]
    flat = [(i, s, e) for i in need for s, e in sents_of[i]]
    flat_scores = m.scores([normalise_unit(texts[i][s:e]) for i, s, e in flat]) if flat else []
    per_unit_sents: dict[int, list[tuple[int, int, dict]]] = {}
    for (i, s, e), sc in zip(flat, flat_scores):
        per_unit_sents.setdefault(i, []).append((s, e, sc))
    out = []
    acr = _acronym_triggers()
    for i, text in enumerate(texts):
        sc = unit_scores[i]
        raw = [lab for lab in labels if sc[lab] >= m.thresholds[lab]]
        rules = _rule_hits(text)
        codes, method, evidence = [], {}, {}
        sents = per_unit_sents.get(i) or [(s, e, sc) for s, e in sents_of[i][:1]] or [(0, len(text), sc)]
        for lab in raw:
            if lab not in rules and _raw_hits(text, lab) and (FACETS[lab[0]] != "practice" or sc[lab] < 0.9):
                # every trigger of the code here is negated or hypothetical: a bag of words cannot
                # read "there was no evidence of"; for practice codes a confident classifier may
                # overrule, since there the negation is often the deficit itself
                continue
            best = max(sents, key=lambda x: x[2].get(lab, 0.0))
            s, e = trim(text, best[0], best[1])
            codes.append(lab)
            method[lab] = "classifier"
            evidence[lab] = (s, e)
        for code, hits in rules.items():
            if code in codes:
                continue
            modelled = code in m.thresholds
            # context and harm triggers name the circumstance itself ("heroin", "MARAC") and, after
            # the vetoes, are precise; practice triggers only where they are acronyms
            if not modelled or FACETS[code[0]] != "practice" or (
                    code in acr and any(rx.search(h.phrase) for h in hits for rx in acr[code])):
                codes.append(code)
                method[code] = "rule"
                evidence[code] = (hits[0].start, hits[0].end)
        pol = {}
        for c in codes:
            facet = FACETS[c[0]]
            if facet != "practice" or kinds[i] in ("recommendation", "concern"):
                pol[c] = "concern"
            elif kinds[i] == "good_practice":
                pol[c] = "good_practice"
            else:
                s, e = evidence[c]
                ss = next((x[2] for x in sents if x[0] <= s < x[1]), sc)
                pol[c] = "good_practice" if ss.get(GOOD, 0.0) >= m.thresholds.get(GOOD, 0.5) else "concern"
        codes.sort()
        out.append(UnitResult(tuple(codes), tuple(sorted(raw)), sc, pol, evidence, method))
    return out


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


def _rule_tags(pieces, locus: str, table: str, source_id: int, facets=None) -> list[ThemeTag]:
    """The rules' tags on pieces (section, start, end) of section text: one per code, first hit."""
    out: dict[str, ThemeTag] = {}
    for sec, s, e in pieces:
        for h in find(sec.text[s:e], facets):
            if h.code in out:
                continue
            st, en = s + h.start, s + h.end
            out[h.code] = ThemeTag(h.code, locus, table, source_id, sec.page_at(st), sec.text[st:en],
                                   sec.section_id, st, en)
    return list(out.values())


_GOOD_TITLE = re.compile(r"good practice|strengths|what went well|positive practice|notable practice", re.I)


def _good_section(section: Section | None, by_id: dict[int, Section]) -> bool:
    cur, n = section, 0
    while cur is not None and n < 20:
        if _GOOD_TITLE.search(cur.title or ""):
            return True
        cur = by_id.get(cur.parent_id) if cur.parent_id is not None else None
        n += 1
    return False


def _place(pieces, text: str, s: int, e: int):
    """(section, start, end) in section text of text[s:e], using the item's pieces."""
    if pieces is None:
        return None
    frag = text[s:e].strip()
    if not frag:
        return None
    for sec, ps, pe in pieces:
        i = (sec.text or "").find(frag, ps, max(pe, ps + len(frag)))
        if i >= 0:
            return sec, i, i + len(frag)
    for sec, ps, pe in pieces:
        loc = locate(sec.text or "", frag, ps)
        if loc is not None:
            return sec, loc[0], loc[1]
    return None


def tag(findings: Sequence[Finding], recommendations: Sequence[Recommendation],
        sections: Sequence[Section]) -> list[ThemeTag]:
    """All theme tags of one review (see module docstring)."""
    by_id = {s.section_id: s for s in sections}
    children: dict[int, list[Section]] = {}
    for s in sections:
        if s.parent_id is not None:
            children.setdefault(s.parent_id, []).append(s)
    covered: set[int] = set()

    def cover(sid: int):
        covered.add(sid)
        for c in children.get(sid, []):
            cover(c.section_id)

    # units for the classifier: (text, kind, locus, table, source_id, page, section, pieces, shift)
    units: list[tuple] = []
    for f in findings:
        sec = by_id.get(f.section_id)
        pieces = _spans_for(sec, f.text, children) if sec else None
        kind = "good_practice" if f.kind == "good_practice" or _good_section(sec, by_id) else f.kind
        head = f"{f.title.strip()}.\n" if f.title and f.title.strip() else ""
        units.append((head + f.text, kind, "finding", "findings", f.finding_id, f.page_no, sec, pieces, len(head)))
        if sec:
            cover(sec.section_id)
    for r in recommendations:
        sec = by_id.get(r.section_id)
        pieces = _spans_for(sec, r.text, children) if sec else None
        units.append((r.text, "recommendation", "recommendation", "recommendations", r.rec_id, r.page_no, sec,
                      pieces, 0))
        if sec:
            cover(sec.section_id)
    narrative: list[Section] = []
    for s in sections:
        if s.section_id in covered or not (s.text or "").strip():
            continue
        locus = section_locus(s, by_id)
        if locus is None:
            continue
        if locus == "narrative":
            narrative.append(s)
            continue
        kind = "good_practice" if _good_section(s, by_id) else "finding"
        for ps, pe in paragraphs(s.text):
            if pe - ps >= 60:
                units.append((s.text[ps:pe], kind, "finding", "sections", s.section_id, s.page_at(ps), s,
                              [(s, ps, pe)], 0))
    tags: list[ThemeTag] = []
    results = classify_units([u[0] for u in units], [u[1] for u in units]) if units else []
    for (text, _kind, locus, table, sid, page, sec, pieces, shift), res in zip(units, results):
        for code in res.codes:
            s, e = res.evidence[code]
            ev = text[s:e]
            placed = _place(pieces, text[shift:], s - shift, e - shift) if s >= shift else None
            score = round(float(res.scores[code]), 4) if res.method[code] == "classifier" else None
            if placed:
                psec, st, en = placed
                tags.append(ThemeTag(code, locus, table, sid, psec.page_at(st), psec.text[st:en], psec.section_id,
                                     st, en, res.polarity[code], score, res.method[code]))
            else:
                tags.append(ThemeTag(code, locus, table, sid, page, ev, sec.section_id if sec else None, None, None,
                                     res.polarity[code], score, res.method[code]))
    for s in narrative:
        tags.extend(_rule_tags([(s, 0, len(s.text))], "narrative", "sections", s.section_id,
                               facets=("context", "harm")))
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
