"""Evaluation of the entity stage (extract/entities.py) against hand-written gold.

``report() -> str`` prints mention-level precision/recall/F1 (exact span + canonical
match, and span-only), per label, and review-level agency-type recall, per document
and overall.  Run: ``.venv/bin/python -m extract.evaluation.entities``.

Every document goes through the real pipeline: the sample PDFs, and the real SCR in
../shared rendered to PDF by corpora/render_shared.py (skipped where ../shared is absent).
"""

from __future__ import annotations

import re
import time
from collections import Counter

from extract import SHARED_DIR
from extract.model import Section

SCR_STEM = "scr-coventry-child-s"

# ---------------------------------------------------------------- scoring


_SUPERSCRIPTS = re.compile(r"(?<=\S)[¹²³⁴⁵⁶⁷⁸⁹⁰]+")
_FOLD = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "•": "-", "▪": "-", "◦": "-", "●": "-",
                       "–": "-", "—": "-", "\u00a0": " "})
# footnote markers glued to a word in PDF text ("referral3"): ignored when comparing with gold
_GLUED_NOTE = re.compile(r"(?<=[a-z]{2})\d{1,2}(?=[\s.,;:)]|$)")


def fold(text: str) -> str:
    """Gold-comparison form of a snippet: quotes, bullets, dashes folded, glued note markers and
    superscripts dropped, whitespace normalised."""
    text = _SUPERSCRIPTS.sub("", text.translate(_FOLD))
    return " ".join(_GLUED_NOTE.sub("", text).split())


def normalise_with_map(texts: list[str]) -> tuple[str, list[list[int]]]:
    """The folded document (sections joined by a space, see ``fold``) and, per section, the
    folded offset of every character (dropped characters map to the next kept one)."""
    out: list[str] = []
    maps: list[list[int]] = []
    pending_space = False
    for text in texts:
        skip = set()
        for m in _GLUED_NOTE.finditer(text):
            skip.update(range(m.start(), m.end()))
        for m in _SUPERSCRIPTS.finditer(text):
            skip.update(range(m.start(), m.end()))
        text = text.translate(_FOLD)
        m = []
        for i, ch in enumerate(text):
            if i in skip:
                m.append(len(out))
                continue
            if ch.isspace():
                pending_space = bool(out)
                m.append(len(out))
                continue
            if pending_space:
                out.append(" ")
                pending_space = False
            m.append(len(out))
            out.append(ch)
        m.append(len(out))
        maps.append(m)
        pending_space = bool(out)
    return "".join(out), maps


def locate_gold(doc_text: str, mentions: list[dict]) -> tuple[list[tuple], list[dict]]:
    """Gold mentions as (start, end, label, norm, type) in the normalised document; unlocated ones."""
    found, missing = [], []
    for g in mentions:
        ctx = fold(g["context"])
        n = g.get("occurrence", 1)
        pos = -1
        for _ in range(n):
            pos = doc_text.find(ctx, pos + 1)
            if pos < 0:
                break
        if pos < 0 or (n == 1 and "occurrence" not in g and doc_text.find(ctx, pos + 1) >= 0):
            missing.append(g)
            continue
        text = fold(g["text"])
        i = ctx.find(text)
        if i < 0:
            missing.append(g)
            continue
        s = pos + i
        found.append((s, s + len(text), g["label"], g["norm"], g["type"]))
    return found, missing


def score(sections: list[Section], gold: dict, timing: bool = True, review_type: str | None = None) -> dict:
    from extract import entities, nlp

    nlp.build()  # built once per process: not part of the per-document cost
    t = time.perf_counter()
    mentions, agencies, people = entities.extract(sections, review_type)
    dt = time.perf_counter() - t
    words = sum(len(s.text.split()) for s in sections)
    doc_text, maps = normalise_with_map([s.text for s in sections])
    gold_items, missing = locate_gold(doc_text, gold["mentions"])
    index = {s.section_id: i for i, s in enumerate(sections)}
    pred = []
    for m in mentions:
        mp = maps[index[m.section_id]]
        pred.append((mp[m.start_char], mp[m.end_char - 1] + 1, m.label, m.norm, m.kind))
    res = {"gold": len(gold["mentions"]), "located": len(gold_items), "missing": missing,
           "pred": pred, "gold_items": gold_items, "agencies": agencies, "people": people,
           "seconds": dt, "words": words, "doc_text": doc_text}
    for name, k in (("strict", 5), ("span_label", 3), ("span", 2)):
        gs = Counter(x[:k] for x in gold_items)
        ps = Counter(x[:k] for x in pred)
        tp = sum((gs & ps).values())
        # gold mentions that cannot be located in this rendering of the text count as missed
        res[name] = (tp, sum(ps.values()) - tp, sum(gs.values()) - tp + len(missing))
        for label in ("AGENCY", "PERSON", "PROFESSIONAL"):
            gl = Counter(x[:k] for x in gold_items if x[2] == label)
            pl = Counter(x[:k] for x in pred if x[2] == label)
            tpl = sum((gl & pl).values())
            lost = sum(1 for g in missing if g["label"] == label)
            res[f"{name}:{label}"] = (tpl, sum(pl.values()) - tpl, sum(gl.values()) - tpl + lost)
    gold_types = set(gold.get("agency_types", []))
    pred_types = {a.agency_type for a in agencies}
    res["type_recall"] = (len(gold_types & pred_types), len(gold_types), sorted(gold_types - pred_types))
    return res


def _documents() -> list[tuple[str, list[Section], dict, str | None]]:
    """(name, sections, gold) for every document with entity gold that can be read here,
    each through the real pipeline (the real SCR via its rendered PDF)."""
    from extract.evaluation import documents, gold as read_gold, review

    out = []
    for stem, pdf in documents("entities"):
        if pdf is None:
            continue
        try:
            r = review(pdf)
            out.append((stem, list(r.sections), read_gold(stem, "entities"), r.meta.review_type))
        except Exception as e:  # the pipeline's problem, reported rather than hidden
            out.append((f"{stem} (pipeline failed: {e})", [], read_gold(stem, "entities"), None))
    return out


def report() -> str:
    from extract.evaluation import prf_line

    lines = []
    if not (SHARED_DIR / "corpora" / "text" / f"{SCR_STEM}.txt").exists():
        lines.append(f"{SCR_STEM}: skipped: ../shared (the real SCR text) is absent")
    totals = Counter()
    trec = [0, 0]
    for name, secs, g, rtype in _documents():
        if not secs:
            lines.append(f"{name}: no sections")
            continue
        r = score(secs, g, review_type=rtype)
        lines.append(f"{name}: gold {r['gold']} (located {r['located']}), predicted {len(r['pred'])}; "
                     f"{r['words']} words in {r['seconds']:.2f} s = {r['words'] / max(r['seconds'], 1e-9):,.0f} words/s")
        for k, title in (("strict", "mentions (span+label+canonical)"), ("span_label", "mentions (span+label)"),
                         ("span", "mentions (span only)")):
            lines.append("  " + prf_line(title, *r[k]))
            for a, b in zip(("tp", "fp", "fn"), r[k]):
                totals[(k, a)] += b
        for label in ("AGENCY", "PERSON", "PROFESSIONAL"):
            lines.append("  " + prf_line(f"  {label} strict", *r[f"strict:{label}"]))
        hit, n, miss = r["type_recall"]
        trec[0] += hit
        trec[1] += n
        lines.append(f"  agency-type recall {hit}/{n} = {hit / n if n else 0:.3f}" + (f"  missing: {', '.join(miss)}" if miss else ""))
    lines.append("overall:")
    for k, title in (("strict", "mentions (span+label+canonical)"), ("span_label", "mentions (span+label)"),
                     ("span", "mentions (span only)")):
        lines.append("  " + prf_line(title, totals[(k, "tp")], totals[(k, "fp")], totals[(k, "fn")]))
    lines.append(f"  agency-type recall {trec[0]}/{trec[1]} = {trec[0] / trec[1] if trec[1] else 0:.3f}")
    lines.append("  (the rules were developed on the Coventry SCR and the DHR sample; on first contact, before the "
                 "fixes they prompted, scr-2014-child-c scored strict F1 0.913, lcspr-2021-child-q 0.842 and "
                 "dhr-2019-sarah 0.48)")
    return "\n".join(lines)


def errors(limit: int = 60) -> str:
    """False negatives / positives on the real SCR, for tuning rules (not part of report())."""
    from extract.evaluation import gold as read_gold, review, shared_pdf

    secs = list(review(shared_pdf()).sections)

    r = score(secs, read_gold(SCR_STEM, "entities"), review_type="SCR")
    T = r["doc_text"]
    g = Counter(r["gold_items"])
    p = Counter(r["pred"])
    out = ["missing gold (not located): " + str([m["context"] for m in r["missing"]][:10])]
    fn = sorted((g - p).elements())
    fp = sorted((p - g).elements())
    out.append(f"FN {len(fn)}")
    for s, e, lab, norm, typ in fn[:limit]:
        out.append(f"  FN {lab:12} {T[s:e]!r:40} {norm} / {typ}   ...{T[max(0, s - 30):e + 30]!r}")
    out.append(f"FP {len(fp)}")
    for s, e, lab, norm, typ in fp[:limit]:
        out.append(f"  FP {lab:12} {T[s:e]!r:40} {norm} / {typ}   ...{T[max(0, s - 30):e + 30]!r}")
    return "\n".join(out)


if __name__ == "__main__":
    import sys

    print(errors() if sys.argv[1:] == ["errors"] else report())
