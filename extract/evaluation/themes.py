"""Evaluation of the theme classifier on the annotated real units (corpora/themes/).

* inter-annotator agreement: Cohen's kappa per code and pooled (over every unit x code
  decision) between the primary annotation and a second independent annotator, on the
  overlap set; reported for the pilot (guideline v1) and for the final second annotation;
* the document-level **test split** (never used in training or threshold setting): per-code
  precision, recall and F1 at unit level and at report level (a report has a code if any of its
  units has it), for the rules alone (``themes.find``), the classifier alone, and the shipped
  combination (classifier + rule vetoes + acronym rules);
* polarity accuracy on tags that both gold and prediction carry.

Skips with a message where ../shared is absent (the unit texts live there).
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from .. import SHARED_DIR
from . import prf, prf_line
from ..theme_corpus import ANNOTATIONS_DIR, load_annotations, load_units, unit_texts

PRACTICE = [f"P{i:02d}" for i in range(1, 16)]


def kappa(a: list[bool], b: list[bool]) -> float | None:
    """Cohen's kappa of two binary codings of the same items (None when undefined)."""
    n = len(a)
    if n == 0:
        return None
    po = sum(x == y for x, y in zip(a, b)) / n
    pa, pb = sum(a) / n, sum(b) / n
    pe = pa * pb + (1 - pa) * (1 - pb)
    if pe >= 1.0:
        return None
    return (po - pe) / (1 - pe)


def agreement(first: dict[str, dict[str, str]], second: dict[str, dict[str, str]], codes: list[str]) -> dict:
    """Per-code kappa, positives per annotator, pooled kappa and polarity agreement."""
    units = sorted(set(first) & set(second))
    per = {}
    pooled_a, pooled_b = [], []
    for c in codes:
        a = [c in first[u] for u in units]
        b = [c in second[u] for u in units]
        pooled_a += a
        pooled_b += b
        per[c] = {"kappa": kappa(a, b), "pos_a": sum(a), "pos_b": sum(b), "both": sum(x and y for x, y in zip(a, b))}
    both = [(u, c) for u in units for c in codes if c in first[u] and c in second[u]]
    pol = sum(first[u][c] == second[u][c] for u, c in both) / len(both) if both else None
    return {"units": len(units), "per_code": per, "pooled": kappa(pooled_a, pooled_b), "polarity": pol}


def score_sets(gold: dict[str, set[str]], pred: dict[str, set[str]], codes: list[str]) -> dict:
    per = {}
    for c in codes:
        tp = sum(1 for k in gold if c in gold[k] and c in pred.get(k, set()))
        fp = sum(1 for k in gold if c not in gold[k] and c in pred.get(k, set()))
        fn = sum(1 for k in gold if c in gold[k] and c not in pred.get(k, set()))
        per[c] = (tp, fp, fn)
    tot = tuple(sum(v[i] for v in per.values()) for i in range(3))
    return {"per_code": per, "micro": tot}


def _report_level(unit_sets: dict[str, set[str]], doc_of: dict[str, str]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for u, cs in unit_sets.items():
        out[doc_of[u]] |= cs
    return dict(out)


def _fmt(name, tp, fp, fn):
    return "  " + prf_line(name, tp, fp, fn)


def test_predictions(split: str = "test"):
    """(rows, gold, predictions by method) on one split; methods: rules, classifier, shipped."""
    from .. import themes
    units = [u for u in load_units() if u["split"] == split]
    gold_all = _primary()
    units = [u for u in units if u["unit"] in gold_all]
    texts = unit_texts(units)
    ids = [u["unit"] for u in units]
    gold = {u: set(gold_all[u]) for u in ids}
    gold_pol = {u: gold_all[u] for u in ids}
    raw = [texts[u] for u in ids]
    rules = {u: {h.code for h in themes.find(t)} for u, t in zip(ids, raw)}
    kinds = ["concern" if "/concerns/" in u else "finding" for u in ids]
    results = themes.classify_units(raw, kinds=kinds)
    clf = {u: set(r.raw_codes) for u, r in zip(ids, results)}
    shipped = {u: {c for c in r.codes} for u, r in zip(ids, results)}
    pol = {u: r.polarity for u, r in zip(ids, results)}
    return units, gold, gold_pol, {"rules": rules, "classifier": clf, "shipped": shipped}, pol


def _primary(pattern: str = "r*.jsonl", folder: Path | None = None) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for _ann, d in load_annotations(sorted((folder or ANNOTATIONS_DIR).glob(pattern))).items():
        out.update(d)
    return out


def _agreement_lines(label: str, a: dict, b: dict, codes: list[str], per_code: bool = True) -> list[str]:
    ag = agreement(a, b, codes)
    pol = "n/a" if ag["polarity"] is None else f"{ag['polarity']:.3f}"
    out = [f"agreement, {label}: {ag['units']} units, pooled kappa {ag['pooled']:.3f}, polarity agreement {pol}"]
    if per_code:
        cells = []
        for c in codes:
            k = ag["per_code"][c]
            if k["pos_a"] or k["pos_b"]:
                kv = "n/a" if k["kappa"] is None else f"{k['kappa']:.2f}"
                cells.append(f"{c} {kv} ({k['pos_a']}/{k['pos_b']})")
        for i in range(0, len(cells), 6):
            out.append("    " + ";  ".join(cells[i:i + 6]))
    return out


def agreement_report(codes: list[str]) -> list[str]:
    out = []
    v1 = ANNOTATIONS_DIR / "v1"
    pilot = load_annotations(sorted((v1 / "pilot").glob("*.jsonl")))
    if len(pilot) >= 2:
        a, b = sorted(pilot)[:2]
        out += _agreement_lines(f"round 1, guideline v1, {a} vs {b} (pilot set)", pilot[a], pilot[b], codes)
    second = _primary("*.jsonl", ANNOTATIONS_DIR / "second")
    primary = _primary()
    if second and primary:
        out += _agreement_lines("round 2, guideline v2, primary vs second annotator (the final labels)",
                                primary, second, codes)
    v1_primary = _primary("a*.jsonl", v1)
    if v1_primary and primary:
        out += _agreement_lines("guideline v1 primary vs v2 primary (different annotators, all round-1 units)",
                                v1_primary, primary, codes, per_code=False)
    return out


def report() -> str:
    if not (SHARED_DIR / "corpora").exists():
        return "  skipped: ../shared is absent (the annotated unit texts live there)"
    from .. import themes
    out = []
    codes = [t["code"] for t in themes.load_taxonomy()]
    primary = _primary()
    split = {u["unit"]: u["split"] for u in load_units()}
    out.append(f"annotated units: {len(primary)} (round 2, primary annotators r1-r6, guideline v2)")
    out.append("positive units per code (train/dev/test): " + ", ".join(
        f"{c} {sum(c in v and split[u] == 'train' for u, v in primary.items())}/"
        f"{sum(c in v and split[u] == 'dev' for u, v in primary.items())}/"
        f"{sum(c in v and split[u] == 'test' for u, v in primary.items())}"
        for c in codes if any(c in v for v in primary.values())))
    out += agreement_report(codes)
    units, gold, gold_pol, preds, pol = test_predictions()
    doc_of = {u["unit"]: u["doc"] for u in units}
    out.append(f"test split: {len(units)} units in {len(set(doc_of.values()))} reports (split by document; "
               "never used in training or threshold setting)")
    for level in ("unit", "report"):
        g = gold if level == "unit" else _report_level(gold, doc_of)
        for method in ("rules", "classifier", "shipped"):
            p = preds[method] if level == "unit" else _report_level(preds[method], doc_of)
            out.append(_fmt(f"{level} level, {method}, P01-P15", *score_sets(g, p, PRACTICE)["micro"]))
        out.append(_fmt(f"{level} level, shipped, all codes", *score_sets(g, p, codes)["micro"]))
    s = score_sets(gold, preds["shipped"], codes)
    r = score_sets(gold, preds["rules"], codes)
    rd = score_sets(_report_level(gold, doc_of), _report_level(preds["shipped"], doc_of), codes)
    out.append("per code (unit level: shipped | rules only; report level: shipped):")
    for c in codes:
        tp, fp, fn = s["per_code"][c]
        if tp + fp + fn == 0:
            continue
        p_, r_, f_ = prf(tp, fp, fn)
        rp, rr, rf = prf(*r["per_code"][c])
        dp, dr, df = prf(*rd["per_code"][c])
        out.append(f"  {c} P {p_:.3f} R {r_:.3f} F1 {f_:.3f} (gold {tp + fn:>3})  | rules P {rp:.3f} R {rr:.3f} "
                   f"F1 {rf:.3f}  | report P {dp:.3f} R {dr:.3f}")
    both = [(u, c) for u in gold for c in gold[u] & preds["shipped"][u]]
    if both:
        ok = sum(gold_pol[u][c] == pol[u].get(c, "concern") for u, c in both)
        out.append(f"polarity accuracy on tags gold and prediction share: {ok}/{len(both)} = {ok / len(both):.3f}")
    pa, pb = [], []
    for u in gold:
        for c in codes:
            pa.append(c in gold[u])
            pb.append(c in preds["shipped"][u])
    out.append(f"kappa, shipped classifier vs primary annotator on the test split (pooled over codes): "
               f"{kappa(pa, pb):.3f}")
    out += rendered_report()
    return "\n".join(out)


def rendered_report(n: int = 40) -> list[str]:
    """End to end: test-split coroners' reports rendered to PDF (corpora/render_pfd.py), run through
    the whole pipeline; the concerns box's items against ``units.concern_items`` of the source
    text, and report-level practice themes against the annotators' labels of those items."""
    import sys

    from .. import REPO_ROOT, pipeline
    from ..findings import token_overlap
    from ..theme_corpus import _pfd_rows, _row_key
    from ..units import concern_items
    sys.path.insert(0, str(REPO_ROOT / "corpora"))
    try:
        import render_pfd
    except ImportError as e:  # reportlab is a dev dependency
        return [f"rendered reports: skipped ({e})"]
    gold_all = _primary()
    test_docs = sorted({u["doc"] for u in load_units() if u["split"] == "test" and "/concerns/" in u["unit"]
                        and "~" not in u["doc"]})[:n]
    rows = {_row_key(r): r for r in _pfd_rows(SHARED_DIR)}
    out_dir = REPO_ROOT / "build" / "eval-pfd"
    item = [0, 0, 0]
    themes_g, themes_p, rules_p = {}, {}, {}
    preamble_leaks = 0
    from ..themes import find
    for i, doc in enumerate(test_docs):
        row = rows[doc.split("/", 1)[1]]
        layout = "boxed" if i % 2 == 0 else "plain"
        path = out_dir / f"{doc.replace('/', '-')}-{layout}.pdf"
        if not path.exists():
            render_pfd.render_row(row, path, layout)
        rev = pipeline.process(path)
        exp = [row["concerns"][s:e] for s, e in concern_items(row["concerns"])]
        got = [f for f in rev.findings if f.kind == "concern"]
        used = set()
        for f in got:
            j = next((k for k, t in enumerate(exp) if k not in used and token_overlap(t, f.text) >= 0.8), None)
            if j is None:
                item[1] += 1
            else:
                used.add(j)
                item[0] += 1
            if "giving rise to concern" in f.text or "MATTERS OF CONCERN" in f.text:
                preamble_leaks += 1
        item[2] += len(exp) - len(used)
        units = [u for u in gold_all if u.startswith(doc + "/concerns/")]
        themes_g[doc] = {c for u in units for c in gold_all[u] if c in PRACTICE}
        themes_p[doc] = {t.code for t in rev.theme_tags if t.code in PRACTICE and t.locus != "narrative"
                         and t.polarity == "concern"}
        rules_p[doc] = {h.code for f in got for h in find(f.text) if h.code in PRACTICE}
    out = [f"rendered test-split reports, whole pipeline: {len(test_docs)} PDFs (boxed and plain layouts)",
           _fmt("concerns-box items", *item), f"  preamble in a concern item: {preamble_leaks}",
           _fmt("report level P01-P15, shipped", *score_sets(themes_g, themes_p, PRACTICE)["micro"]),
           _fmt("report level P01-P15, rules only", *score_sets(themes_g, rules_p, PRACTICE)["micro"])]
    return out


__all__ = ["kappa", "agreement", "prf", "score_sets", "report", "test_predictions"]


if __name__ == "__main__":  # pragma: no cover
    print(report())
