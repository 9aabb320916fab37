"""Temporal tagger quality: TimeBank+AQUAINT (TempEval-3 style) and the hand-annotated review gold.

``python -m extract.evaluation.timex`` prints ``report()``.

* TimeBank + AQUAINT (../shared/corpora/timebank, 256 TimeML news documents):
  extraction strict F1 (same span) and relaxed F1 (overlapping spans), type
  accuracy and value accuracy over relaxed matches, and value F1 (a relaxed
  match with the right value counts as a true positive), each document
  anchored at its own DCT, as TempEval-3 scores them.
* The same SCR gold on what the whole pipeline reads from the text's rendered layouts
  (``layout_scores``): sections joined in order, each timex at its section's offset.
* Review gold (corpora/gold/<stem>/timex.json): the real SCR text from
  ../shared (``<i>``, ``**`` and ``~~`` markup stripped) is tagged with
  ``annotate`` in document order; gold is located by (context, text).  Prints
  extraction P/R/F1 (relaxed: overlap; strict: same span), then over matched
  timexes: type accuracy, value accuracy, mod accuracy, interval exact match
  (earliest and latest equal, NULL = NULL) and process-flag accuracy.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
import time
from datetime import date
from pathlib import Path
from xml.etree import ElementTree as ET

from .. import SHARED_DIR
from ..timex import annotate
from . import GOLD_DIR, SHARED_STEM, SHARED_TEXT, prf_line

TIMEBANK_DIR = SHARED_DIR / "corpora" / "timebank"
# gold stems of real PDFs kept in ../shared/corpora/pdf (never copied into the repo)
SHARED_PDFS = {"pfd-amy-henderson": "PFD_Amy_Henderson.pdf"}
_WS = re.compile(r"\s+")


# ----------------------------------------------------------------------------- TimeBank



def _best_match(pred, gs: int, ge: int, used: set[int]) -> int | None:
    """Index of the unused prediction matching gold span [gs, ge): exact if any, else the first overlap."""
    best = None
    for i, p in enumerate(pred):
        if i in used or p.end_char <= gs or p.start_char >= ge:
            continue
        if p.start_char == gs and p.end_char == ge:
            return i
        best = i if best is None else best
    return best

def _parse_tml(path: Path) -> tuple[str, date | None, list[tuple[int, int, str, str]]]:
    """Plain text of <TEXT>, its DCT and gold TIMEX3 (start, end, type, value)."""
    root = ET.parse(path).getroot()
    dct = None
    for t in root.iter("TIMEX3"):
        if t.get("functionInDocument") == "CREATION_TIME":
            m = re.match(r"(\d{4})-(\d\d)-(\d\d)", t.get("value", ""))
            if m:
                dct = date(int(m[1]), int(m[2]), int(m[3]))
            break
    text_el = root.find("TEXT")
    parts: list[str] = []
    gold: list[tuple[int, int, str, str]] = []
    pos = 0

    def walk(el: ET.Element) -> None:
        nonlocal pos
        if el.text:
            parts.append(el.text)
            pos += len(el.text)
        for ch in el:
            start = pos
            walk(ch)
            if ch.tag == "TIMEX3":
                gold.append((start, pos, ch.get("type", ""), ch.get("value", "")))
            if ch.tail:
                parts.append(ch.tail)
                pos += len(ch.tail)

    if text_el is not None:
        walk(text_el)
    return "".join(parts), dct, gold


def timebank_split(path: Path) -> str:
    """``dev`` for one document in five (by a hash of its file name), else ``train``: tune on train."""
    return "dev" if int(hashlib.sha1(path.name.encode()).hexdigest(), 16) % 5 == 0 else "train"


_CONNECT = re.compile(r"^\s*(?:-|–|—|to|and|until|till|through|or)\s*$", re.I)
_EXACT = re.compile(r"\b(?:1[6-9]|20)\d\d\b|\d{1,2}\s*[./]\s*\d{1,2}\s*[./]\s*\d{2,4}")
CATEGORIES = ("exact", "relative", "range", "duration", "time_set", "process")


def categorise(text: str, gold: list[tuple]) -> list[str]:
    """A category for each gold (start, end, type, value[, is_process]) by its form: a point of a
    range (two timexes joined by "-", "to", "and", "until"), a TIME or SET, a DURATION, an exact
    date (a written year or numeric date), else a relative one."""
    out = []
    spans = sorted(g[:2] for g in gold)
    for g in gold:
        gs, ge, gt, gv = g[:4]
        k = spans.index((gs, ge))
        ranged = (k > 0 and bool(_CONNECT.match(text[spans[k - 1][1]:gs]))) or \
                 (k + 1 < len(spans) and bool(_CONNECT.match(text[ge:spans[k + 1][0]])))
        if len(g) > 4 and g[4]:
            out.append("process")
        elif ranged:
            out.append("range")
        elif gt in ("TIME", "SET"):
            out.append("time_set")
        elif gt == "DURATION":
            out.append("duration")
        elif _EXACT.search(text[gs:ge]):
            out.append("exact")
        else:
            out.append("relative")
    return out


class Tally:
    """Counts for span and value scores, overall and per category (recall side)."""

    def __init__(self) -> None:
        self.gold = self.pred = self.strict = self.relaxed = self.type_ok = self.value_ok = 0
        self.cat: dict[str, list[int]] = {c: [0, 0, 0] for c in CATEGORIES}  # gold, matched, value right

    def add(self, gold: list[tuple], cats: list[str], pred) -> list[tuple]:
        """Score one document; returns (gold, prediction or None) pairs."""
        self.gold += len(gold)
        self.pred += len(pred)
        used: set[int] = set()
        pairs = []
        for g, cat in zip(gold, cats):
            gs, ge, gt, gv = g[:4]
            self.cat[cat][0] += 1
            best = _best_match(pred, gs, ge, used)
            if best is None:
                pairs.append((g, None))
                continue
            used.add(best)
            p = pred[best]
            pairs.append((g, p))
            self.relaxed += 1
            self.cat[cat][1] += 1
            self.strict += p.start_char == gs and p.end_char == ge
            self.type_ok += p.type == gt
            ok = (p.value or "") == gv
            self.value_ok += ok
            self.cat[cat][2] += ok
        pairs.extend((None, p) for i, p in enumerate(pred) if i not in used)
        return pairs

    def lines(self, indent: str = "  ") -> list[str]:
        sp, sr, sf = _f(self.strict, self.pred, self.gold)
        rp, rr, rf = _f(self.relaxed, self.pred, self.gold)
        vp, vr, vf = _f(self.value_ok, self.pred, self.gold)
        out = [
            f"{indent}strict span   P {sp:.3f}  R {sr:.3f}  F1 {sf:.3f}",
            f"{indent}relaxed span  P {rp:.3f}  R {rr:.3f}  F1 {rf:.3f}",
            f"{indent}type accuracy {self.type_ok / max(self.relaxed, 1):.3f}   value accuracy "
            f"{self.value_ok / max(self.relaxed, 1):.3f} (over relaxed matches)",
            f"{indent}value         P {vp:.3f}  R {vr:.3f}  F1 {vf:.3f}",
            f"{indent}{'category':<10} {'gold':>5} {'found':>6} {'value ok':>9} {'value R':>8}",
        ]
        for c in CATEGORIES:
            n, m, v = self.cat[c]
            if n:
                out.append(f"{indent}{c:<10} {n:>5} {m:>6} {v:>9} {v / n:>8.3f}")
        return out


def timebank_scores(split: str | None = None) -> dict | None:
    """TimeBank+AQUAINT scored per split (``train``, ``dev`` or None for all)."""
    if not TIMEBANK_DIR.exists():
        return None
    files = [f for f in sorted(TIMEBANK_DIR.glob("*/*.tml")) if split is None or timebank_split(f) == split]
    if not files:
        return None
    tally = Tally()
    words = 0
    t0 = time.perf_counter()
    tag_time = 0.0
    for f in files:
        text, dct, gold = _parse_tml(f)
        words += len(text.split())
        t1 = time.perf_counter()
        pred = annotate(text, dct)
        tag_time += time.perf_counter() - t1
        tally.add(gold, categorise(text, gold), pred)
    return dict(docs=len(files), tally=tally, gold=tally.gold, pred=tally.pred, strict=tally.strict,
                relaxed=tally.relaxed, type_ok=tally.type_ok, value_ok=tally.value_ok,
                seconds=time.perf_counter() - t0, tag_seconds=tag_time, words=words)


# value P / R / F1 of each batch's first run: the tagger as it stood when that batch's gold was
# committed, before any rule was changed for it (batch 1: the start of issue 11)
PFD_FIRST_RUN = {(1, "dev"): (0.693, 0.527, 0.599), (1, "test"): (0.667, 0.500, 0.571),
                 (2, "dev"): (0.866, 0.846, 0.856), (2, "test"): (0.915, 0.915, 0.915)}


def _pfd_primary_gold() -> dict[str, list[dict]]:
    """{sentence id: timexes} of the primary annotators (``overlap*`` files are the second coders')."""
    from ..timex_corpus import load_gold

    out: dict[str, list[dict]] = {}
    for ann, items in sorted(load_gold().items()):
        if not ann.startswith("overlap"):
            out.update(items)
    return out


def pfd_scores(split: str | None = None, batch: int | None = None) -> dict | None:
    """The blind coroners' gold (corpora/timex_pfd): each sentence's column is tagged whole, with
    the report date as DCT, and the timexes inside the sentence are scored; ``batch`` None is all."""
    from ..timex_corpus import ANNOTATIONS_DIR, batch_of, column_texts, load_sentences

    if not (SHARED_DIR / "corpora" / "pfd_reports").exists() or not ANNOTATIONS_DIR.exists():
        return None
    gold = _pfd_primary_gold()
    sents = [s for s in load_sentences() if s["sent"] in gold and (split is None or s["split"] == split)
             and (batch is None or batch_of(s) == batch)]
    if not sents:
        return None
    texts = column_texts(sents)
    tagged: dict[tuple[str, str], list] = {}
    tally = Tally()
    examples = []
    for s in sents:
        key = (s["doc"], s["column"])
        text, dct = texts[key]
        if key not in tagged:
            tagged[key] = annotate(text, date.fromisoformat(dct), narrative=True)  # as the pipeline reads a review
        pred = [p for p in tagged[key] if p.start_char >= s["start"] and p.end_char <= s["end"]]
        g = [(s["start"] + t["start"], s["start"] + t["end"], t["type"], t["value"]) for t in gold[s["sent"]]]
        cats = [t["category"] for t in gold[s["sent"]]]
        for gg, pp in tally.add(g, cats, pred):
            if gg is None or pp is None or (pp.value or "") != gg[3]:
                examples.append((s["sent"], gg and (text[gg[0]:gg[1]], gg[2], gg[3]),
                                 pp and (pp.text, pp.type, pp.value)))
    return dict(sentences=len(sents), tally=tally, examples=examples)


def pfd_agreement() -> dict | None:
    """Agreement of the second annotator (``overlap``) with the primary gold on the sentences both
    coded: relaxed span F1 (overlap), strict spans, type and value agreement on matches, value F1."""
    from ..timex_corpus import ANNOTATIONS_DIR, load_gold

    if not ANNOTATIONS_DIR.exists():
        return None
    second: dict[str, list[dict]] = {}
    for ann, items in sorted(load_gold().items()):
        if ann.startswith("overlap"):  # the second coders of each batch
            second.update(items)
    if not second:
        return None
    primary = _pfd_primary_gold()
    n_a = n_b = matched = strict = type_ok = value_ok = 0
    for sid, b in second.items():
        a = primary.get(sid, [])
        n_a += len(a)
        n_b += len(b)
        used: set[int] = set()
        for x in a:
            hits = [j for j, y in enumerate(b) if j not in used and y["end"] > x["start"] and y["start"] < x["end"]]
            if not hits:
                continue
            j = next((j for j in hits if (b[j]["start"], b[j]["end"]) == (x["start"], x["end"])), hits[0])
            used.add(j)
            y = b[j]
            matched += 1
            strict += (y["start"], y["end"]) == (x["start"], x["end"])
            type_ok += y["type"] == x["type"]
            value_ok += y["value"] == x["value"]
    return dict(sentences=len(second), primary=n_a, second=n_b, span_f1=_f(matched, n_b, n_a)[2], strict=strict,
                matched=matched, type=type_ok / max(matched, 1), value=value_ok / max(matched, 1),
                value_f1=_f(value_ok, n_b, n_a)[2])


def pfd_death_scores() -> dict | None:
    """Is the death an event with the right date?  For every report whose gold marks a dated
    death (a DATE with ``death: true``), boxes 3 and 4 are read as two sections through the
    tagger and the event extractor; a hit is an incident event (``death`` or ``injury``: the
    collision, the overdose, the fall) on the gold day, as ``time_to_incident`` counts them."""
    from ..events import extract_events
    from ..model import Section
    from ..timex import annotate_sections
    from ..timex_corpus import ANNOTATIONS_DIR, column_texts, load_sentences

    if not (SHARED_DIR / "corpora" / "pfd_reports").exists() or not ANNOTATIONS_DIR.exists():
        return None
    gold = _pfd_primary_gold()
    sents = load_sentences()
    deaths: dict[str, set[str]] = {}
    for sm in sents:
        for t in gold.get(sm["sent"], []):
            if t.get("death") and t["type"] == "DATE" and re.fullmatch(r"\d{4}-\d\d-\d\d", t["value"]):
                deaths.setdefault(sm["doc"], set()).add(t["value"])
    if not deaths:
        return None
    want = [sm for sm in sents if sm["doc"] in deaths]
    split_of = {sm["doc"]: sm["split"] for sm in want}
    per = {"dev": [0, 0], "test": [0, 0]}
    texts = column_texts(want, columns=("investigation", "circumstances"))
    hit = 0
    misses = []
    for doc, days in sorted(deaths.items()):
        secs = [Section(k, None, k, str(k + 2), col, 1, 1, 1, texts[(doc, col)][0])
                for k, col in enumerate(("investigation", "circumstances"), 1)]
        dct = date.fromisoformat(texts[(doc, "circumstances")][1])
        ev = extract_events(secs, annotate_sections(secs, dct))
        got = {e.earliest.isoformat() for e in ev if e.event_type in ("death", "injury") and e.earliest == e.latest}
        sp = split_of.get(doc, "dev")
        per[sp][0] += 1
        if got & days:
            hit += 1
            per[sp][1] += 1
        else:
            misses.append(f"{doc}: gold {sorted(days)}, death events {sorted(got)}")
    return dict(reports=len(deaths), hit=hit, misses=misses, per_split=per)


def _f(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


# ----------------------------------------------------------------------------- review gold


def strip_markup(raw: str) -> str:
    """The shared SCR text without its <i>, ** and ~~ markup."""
    return re.sub(r"</?i>|\*\*|~~", "", raw)


def _norm_index(text: str) -> tuple[str, list[int]]:
    """Whitespace-normalised text and the map from its offsets to the original's."""
    out: list[str] = []
    idx: list[int] = []
    prev_space = False
    for i, ch in enumerate(text):
        if ch.isspace():
            if prev_space:
                continue
            out.append(" ")
            prev_space = True
        else:
            out.append(ch)
            prev_space = False
        idx.append(i)
    idx.append(len(text))
    return "".join(out), idx


def locate(text: str, entries: list[dict]) -> list[tuple[int, int] | None]:
    """Span of each gold entry in ``text`` found by its (context, text, occurrence)."""
    norm, idx = _norm_index(text)
    spans: list[tuple[int, int] | None] = []
    for g in entries:
        ctx = _WS.sub(" ", g["context"])
        occ = g.get("occurrence", 1)
        pos = -1
        for _ in range(occ):
            pos = norm.find(ctx, pos + 1)
            if pos < 0:
                break
        if pos < 0:
            spans.append(None)
            continue
        j = ctx.find(g["text"])
        if j < 0:
            j = ctx.lower().find(g["text"].lower())
        if j < 0:
            spans.append(None)
            continue
        s = pos + j
        e = s + len(g["text"])
        spans.append((idx[s], idx[e - 1] + 1))
    return spans


def review_scores(stem: str, text: str, dct: date | None = None) -> dict | None:
    path = GOLD_DIR / stem / "timex.json"
    if not path.exists():
        return None
    entries = json.loads(path.read_text())["timexes"]
    t0 = time.perf_counter()
    pred = annotate(text, dct)
    return score_review(entries, text, pred, time.perf_counter() - t0)


def score_review(entries: list[dict], text: str, pred, secs: float = 0.0) -> dict:
    """Review gold ``entries`` (located in ``text`` by their context) against timexes ``pred`` with
    offsets into ``text``: extraction counts, and type, value, mod, interval and process flag on matches."""
    spans = locate(text, entries)
    used: set[int] = set()
    res = dict(gold=len(entries), pred=len(pred), unlocated=sum(s is None for s in spans), relaxed=0, strict=0,
               type_ok=0, value_ok=0, mod_ok=0, interval_ok=0, process_ok=0, dated=0, dated_interval_ok=0,
               misses=[], errors=[], spurious=[], seconds=secs, words=len(text.split()))
    for g, sp in zip(entries, spans):
        if sp is None:
            res["misses"].append(f"(gold not located) {g['text']!r} / {g['context']!r}")
            continue
        gs, ge = sp
        best = _best_match(pred, gs, ge, used)
        if best is None:
            res["misses"].append(f"{g['text']!r} in {g['context']!r}")
            continue
        used.add(best)
        p = pred[best]
        res["relaxed"] += 1
        res["strict"] += p.start_char == gs and p.end_char == ge
        res["type_ok"] += p.type == g["type"]
        res["value_ok"] += (p.value or None) == g["value"]
        res["mod_ok"] += p.mod == g.get("mod")
        ge_, gl_ = g.get("earliest"), g.get("latest")
        pe = p.earliest.isoformat() if p.earliest else None
        pl = p.latest.isoformat() if p.latest else None
        iv = pe == ge_ and pl == gl_
        res["interval_ok"] += iv
        if ge_:
            res["dated"] += 1
            res["dated_interval_ok"] += iv
        res["process_ok"] += p.is_process_date == g.get("is_process_date", False)
        if not iv or (p.value or None) != g["value"] or p.type != g["type"] or p.is_process_date != g.get("is_process_date", False):
            res["errors"].append(
                f"{g['text']!r}: gold {g['type']} {g['value']} {ge_}..{gl_} proc={g.get('is_process_date')}"
                f" | got {p.text!r} {p.type} {p.value} {pe}..{pl} proc={p.is_process_date}")
    for i, p in enumerate(pred):
        if i not in used:
            res["spurious"].append(f"{p.text!r} {p.type} {p.value} @{p.start_char}: "
                                   f"{text[max(0, p.start_char - 30):p.end_char + 20]!r}".replace("\n", " "))
    return res


def layout_scores() -> list[tuple[str, dict]] | None:
    """The Coventry SCR's date gold on what the whole pipeline reads from the text rendered in each house
    style of ``evaluation.sections.LAYOUTS`` (issue 11: "the real SCR text in other layouts"). The
    review's sections are joined in order and each timex placed at its section's offset in the join; a
    gold whose context the reading changed (a context across a heading, which goes into a title) is
    counted as not located, apart from the misses."""
    if not SHARED_TEXT.exists() or not (GOLD_DIR / SHARED_STEM / "timex.json").exists():
        return None
    import dataclasses

    from . import review
    from .sections import LAYOUTS, shared_layout

    entries = json.loads((GOLD_DIR / SHARED_STEM / "timex.json").read_text())["timexes"]
    out = []
    for layout in LAYOUTS:
        got = shared_layout(layout)
        if got is None:
            continue
        rv = review(got[0])  # read once per process, shared with the section and findings reports
        base, parts, pos = {}, [], 0
        for sec in rv.sections:
            base[sec.section_id] = pos
            parts.append(sec.text)
            pos += len(sec.text) + 2
        text = "\n\n".join(parts)
        pred = sorted((dataclasses.replace(t, start_char=base[t.section_id] + t.start_char,
                                           end_char=base[t.section_id] + t.end_char)
                       for t in rv.timexes if t.section_id in base), key=lambda t: t.start_char)
        out.append((layout, score_review(entries, text, pred)))
    return out


# the layouts' first run (2026-12-08, before any rule was changed for them): (gold located, matched,
# value right) of the 166 gold
LAYOUT_FIRST_RUN = {"brochure": (156, 156, 153), "numbered": (149, 148, 145), "inline": (150, 149, 146),
                    "paragraphs": (149, 148, 145), "underlined": (149, 148, 145), "capitals": (150, 149, 146)}


def layout_lines(verbose: bool = False) -> list[str]:
    rows = layout_scores()
    if rows is None:
        return [f"{SHARED_STEM} in other layouts: skipped ({SHARED_TEXT} absent)"]
    out = [f"{SHARED_STEM} read by the whole pipeline from its rendered layouts (gold located in the joined "
           "section texts; not located: in a footnote, a heading or the contents, or read differently):"]
    for layout, r in rows:
        located, m = r["gold"] - r["unlocated"], r["relaxed"]
        fr = LAYOUT_FIRST_RUN.get(layout)
        first = f"   (first run: value acc {fr[2] / max(fr[1], 1):.3f}, value R {fr[2] / r['gold']:.3f})" if fr else ""
        out.append(f"  {layout:<11} {r['gold']} gold, {located} located, {m} matched, {r['pred']} predicted: "
                   f"value acc {r['value_ok'] / max(m, 1):.3f}  value R {r['value_ok'] / r['gold']:.3f}  "
                   f"interval exact {r['interval_ok'] / max(m, 1):.3f}{first}")
        if verbose:
            out += [f"    missed: {x}" for x in r["misses"]] + [f"    wrong: {x}" for x in r["errors"]]
    return out


def _review_docs() -> list[tuple[str, str]]:
    docs: list[tuple[str, str]] = []
    if SHARED_TEXT.exists():
        docs.append((SHARED_STEM, strip_markup(SHARED_TEXT.read_text(encoding="utf-8"))))
    # sample PDFs (and real PDFs from ../shared) with timex gold: text by pdfplumber, pages joined
    from . import SAMPLE_DIR

    for gpath in sorted(GOLD_DIR.glob("*/timex.json")):
        stem = gpath.parent.name
        pdf = SAMPLE_DIR / f"{stem}.pdf"
        if stem in SHARED_PDFS:
            pdf = SHARED_DIR / "corpora" / "pdf" / SHARED_PDFS[stem]
        if stem == SHARED_STEM or not pdf.exists():
            if stem in SHARED_PDFS:
                print(f"{stem}: skipped ({pdf} absent)", file=sys.stderr)
            continue
        try:
            import pdfplumber

            with pdfplumber.open(pdf) as doc:
                docs.append((stem, "\n\n".join(pg.extract_text() or "" for pg in doc.pages)))
        except Exception as exc:  # noqa: BLE001 - a broken sample must not stop the report
            docs.append((stem, ""))
            print(f"{stem}: cannot read {pdf}: {exc}", file=sys.stderr)
    return docs


def report(verbose: bool = False) -> str:
    lines = ["== Temporal expressions (extract/timex.py) =="]
    annotate("warm-up: compile the grammar in 2013.")  # so words/s measure tagging, not compiling
    if not TIMEBANK_DIR.exists():
        lines.append(f"TimeBank/AQUAINT: skipped ({TIMEBANK_DIR} absent)")
    for split in ("train", "dev"):
        tb = timebank_scores(split)
        if tb is None:
            continue
        lines.append(f"TimeBank+AQUAINT {split}: {tb['docs']} docs, {tb['gold']} gold TIMEX3, {tb['pred']} predicted "
                     f"({tb['words'] / max(tb['tag_seconds'], 1e-9):,.0f} words/s tagging)")
        lines += tb["tally"].lines()
    lines.append("  (HeidelTime on the TempEval-3 test set: strict 81.8, relaxed 90.7, value F1 78.1)")
    for split in ("dev", "test"):
        pf = pfd_scores(split)
        if pf is None:
            if split == "dev":
                lines.append("Coroners' sentences (corpora/timex_pfd): skipped (../shared or annotations absent)")
            continue
        lines.append(f"Coroners' sentences, {split} split (blind gold, corpora/timex_pfd): {pf['sentences']} sentences, "
                     f"{pf['tally'].gold} gold, {pf['tally'].pred} predicted")
        lines += pf["tally"].lines()
        if verbose:
            lines += [f"  {x}" for x in pf["examples"]]
    from ..timex_corpus import BATCHES

    if pfd_scores("dev") is not None:
        lines.append("  by batch, value P / R / F1 (first run: before any rule was changed for that batch):")
        for batch in BATCHES:
            for split in ("dev", "test"):
                pf = pfd_scores(split, batch)
                if pf is None:
                    continue
                t = pf["tally"]
                p, r, f = _f(t.value_ok, t.pred, t.gold)
                fr = PFD_FIRST_RUN.get((batch, split))
                first = f"   (first run P {fr[0]:.3f}  R {fr[1]:.3f}  F1 {fr[2]:.3f})" if fr else ""
                lines.append(f"    batch {batch} {split:<4} ({pf['sentences']} sentences, {t.gold} gold) "
                             f"P {p:.3f}  R {r:.3f}  F1 {f:.3f}{first}")
    ag = pfd_agreement()
    if ag is not None:
        lines.append(f"  annotators on {ag['sentences']} sentences coded twice ({ag['primary']} / {ag['second']} timexes): "
                     f"relaxed span F1 {ag['span_f1']:.3f}, strict {ag['strict']}/{ag['matched']}, type "
                     f"{ag['type']:.3f} and value {ag['value']:.3f} on matches, value F1 {ag['value_f1']:.3f}")
    dd = pfd_death_scores()
    if dd is not None:
        lines.append(f"Coroners' reports whose gold dates the death: {dd['reports']}; a death or injury event on that day in "
                     f"{dd['hit']} ({dd['hit'] / dd['reports']:.3f}; dev {dd['per_split']['dev'][1]}/{dd['per_split']['dev'][0]}, "
                     f"test {dd['per_split']['test'][1]}/{dd['per_split']['test'][0]})")
        if verbose:
            lines += [f"  missed death: {x}" for x in dd["misses"]]
    docs = _review_docs()
    if not SHARED_TEXT.exists():
        lines.append(f"{SHARED_STEM}: skipped ({SHARED_TEXT} absent)")
    if not docs:
        lines.append(f"Review gold: skipped ({SHARED_TEXT} absent and no sample with timex gold)")
    tot = dict(relaxed=0, pred=0, gold=0)
    for stem, text in docs:
        r = review_scores(stem, text)
        if r is None:
            continue
        m = max(r["relaxed"], 1)
        lines += [
            f"{stem}: {r['gold']} gold, {r['pred']} predicted ({r['words'] / max(r['seconds'], 1e-9):,.0f} words/s)",
            "  " + prf_line("extraction (relaxed)", r["relaxed"], r["pred"] - r["relaxed"], r["gold"] - r["relaxed"], 22),
            "  " + prf_line("extraction (strict)", r["strict"], r["pred"] - r["strict"], r["gold"] - r["strict"], 22),
            f"  over {r['relaxed']} matched: type acc {r['type_ok'] / m:.3f}  value acc {r['value_ok'] / m:.3f}  "
            f"mod acc {r['mod_ok'] / m:.3f}  interval exact {r['interval_ok'] / m:.3f}  "
            f"process-flag acc {r['process_ok'] / m:.3f}",
            f"  interval exact over {r['dated']} matched gold with a dated interval: "
            f"{r['dated_interval_ok'] / max(r['dated'], 1):.3f}",
        ]
        for k in ("relaxed", "pred", "gold"):
            tot[k] += r[k]
        if verbose:
            lines += ["  missed: " + x for x in r["misses"]]
            lines += ["  wrong: " + x for x in r["errors"]]
            lines += ["  spurious: " + x for x in r["spurious"]]
    lines += layout_lines(verbose)
    return "\n".join(lines)


if __name__ == "__main__":
    print(report(verbose="-v" in sys.argv))
