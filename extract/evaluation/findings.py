"""Evaluation of extract/findings.py and extract/themes.py against hand-written gold.

``report() -> str``; run with ``.venv/bin/python -m extract.evaluation.findings``.

Gold: corpora/gold/<stem>/findings.json (see docs/CONTRIBUTING.md).  Documents:
* ``scr-coventry-child-s``: the real SCR in ../shared, rendered to PDF by
  corpora/render_shared.py (skipped with a message when ../shared is absent);
* every corpora/sample/<stem>.pdf that has a findings gold file;
both read through the real pipeline (pdf -> furniture -> sections).

Matching:
* recommendation: same number and >= 0.9 token overlap of text (multiset tokens,
  |a∩b| / max(|a|,|b|)); addressee accuracy = share of matched recommendations whose
  addressee set equals gold's (case-insensitive); scope accuracy likewise.
* finding: same kind and number and >= 0.9 token overlap; P/R/F1 per kind and overall.
* themes: per code, on matched findings (a predicted code on an unmatched finding is a
  false positive; a gold code on a missed finding a false negative).
"""

from __future__ import annotations

import json
from collections import defaultdict

from .. import CORPORA_DIR
from ..findings import extract, token_overlap
from ..model import Finding, Mention, Recommendation, Section

SCR_STEM = "scr-coventry-child-s"
def _mentions(sections: list[Section]) -> tuple[list[Mention], str]:
    try:
        from .. import entities  # type: ignore[attr-defined]
    except Exception:
        return [], "entities: not available (addressees from the fallback rules)"
    try:
        mentions, _agencies, _people = entities.extract(sections)
        return list(mentions), "entities: extract/entities.py mentions used"
    except Exception as e:
        return [], f"entities: failed ({type(e).__name__}: {e}); fallback rules used"


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else (1.0 if not fn else 0.0)
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def _fmt(name: str, tp: int, fp: int, fn: int) -> str:
    p, r, f = _prf(tp, fp, fn)
    return f"  {name:<28} P={p:.3f} R={r:.3f} F1={f:.3f}  (tp={tp} fp={fp} fn={fn})"


def _norm_num(n):
    return None if n is None else str(n).strip().rstrip(".")


def evaluate(gold: dict, findings: list[Finding], recs: list[Recommendation]) -> dict:
    """Counts for one document (see module docstring for the matching rules)."""
    out: dict = {"rec": [0, 0, 0], "addr_ok": 0, "scope_ok": 0, "kinds": defaultdict(lambda: [0, 0, 0]),
                 "themes": defaultdict(lambda: [0, 0, 0]), "errors": []}
    used: set[int] = set()
    matched_recs = 0
    for g in gold.get("recommendations", []):
        hit = None
        for i, r in enumerate(recs):
            if i not in used and _norm_num(r.number) == _norm_num(g.get("number")) and token_overlap(r.text, g["text"]) >= 0.9:
                hit = i
                break
        if hit is None:
            out["rec"][2] += 1
            out["errors"].append(f"missed recommendation {g.get('number')}: {g['text'][:70]!r}")
            continue
        used.add(hit)
        out["rec"][0] += 1
        matched_recs += 1
        r = recs[hit]
        if {a.lower() for a in r.addressees} == {a.lower() for a in g.get("addressees", [])}:
            out["addr_ok"] += 1
        else:
            out["errors"].append(f"rec {g.get('number')} addressees {list(r.addressees)} != gold {g.get('addressees')}")
        if r.scope == g.get("scope"):
            out["scope_ok"] += 1
        else:
            out["errors"].append(f"rec {g.get('number')} scope {r.scope} != gold {g.get('scope')}")
    for i, r in enumerate(recs):
        if i not in used:
            out["rec"][1] += 1
            out["errors"].append(f"spurious recommendation {r.number}: {r.text[:70]!r}")
    out["rec_matched"] = matched_recs
    used = set()
    for g in gold.get("findings", []):
        hit = None
        for i, f in enumerate(findings):
            if (i not in used and f.kind == g["kind"] and _norm_num(f.number) == _norm_num(g.get("number"))
                    and token_overlap(f.text, g["text"]) >= 0.9):
                hit = i
                break
        gth = set(g.get("themes", []))
        if hit is None:
            out["kinds"][g["kind"]][2] += 1
            out["errors"].append(f"missed {g['kind']} {g.get('number')}: {g['text'][:60]!r}")
            for c in gth:
                out["themes"][c][2] += 1
            continue
        used.add(hit)
        out["kinds"][g["kind"]][0] += 1
        pth = set(findings[hit].themes)
        for c in gth | pth:
            t = out["themes"][c]
            if c in gth and c in pth:
                t[0] += 1
            elif c in pth:
                t[1] += 1
                out["errors"].append(f"theme {c} on {g.get('number')} not in gold")
            else:
                t[2] += 1
                out["errors"].append(f"theme {c} on {g.get('number')} missed")
    for i, f in enumerate(findings):
        if i not in used:
            out["kinds"][f.kind][1] += 1
            out["errors"].append(f"spurious {f.kind} {f.number}: {f.text[:60]!r}")
            for c in f.themes:
                out["themes"][c][1] += 1
    return out


def _documents() -> list[tuple[str, list[Section] | None, str, bool]]:
    """(stem, sections or None, how, counted in the overall totals)."""
    from . import documents, review

    docs: list[tuple[str, list[Section] | None, str, bool]] = []
    for stem, pdf in documents("findings"):
        if pdf is None:
            docs.append((stem, None, "skipped: document absent (../shared not mounted?)", False))
            continue
        docs.append((stem, list(review(pdf).sections), "sections from the real pipeline", True))
    return docs


def report() -> str:
    from ..themes import tag_all

    out = ["== findings / recommendations / themes =="]
    tot: dict = {"rec": [0, 0, 0], "addr_ok": 0, "scope_ok": 0, "rec_matched": 0,
                 "kinds": defaultdict(lambda: [0, 0, 0]), "themes": defaultdict(lambda: [0, 0, 0])}
    any_doc = False
    for stem, secs, how, counted in _documents():
        out.append(f"-- {stem}: {how}")
        if secs is None:
            continue
        gold_path = CORPORA_DIR / "gold" / stem / "findings.json"
        if not gold_path.exists():
            out.append("   no gold file")
            continue
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        mentions, mnote = _mentions(secs)
        out.append(f"   {mnote}")
        findings, recs = extract(secs, mentions)
        tags, findings, recs = tag_all(findings, recs, secs)
        ev = evaluate(gold, findings, recs)
        any_doc = True
        out.append(_fmt("recommendations", *ev["rec"]))
        n = ev["rec_matched"]
        out.append(f"  addressee accuracy           {ev['addr_ok']}/{n}" + (f" = {ev['addr_ok'] / n:.3f}" if n else ""))
        out.append(f"  scope accuracy               {ev['scope_ok']}/{n}" + (f" = {ev['scope_ok'] / n:.3f}" if n else ""))
        ktot = [sum(v[i] for v in ev["kinds"].values()) for i in range(3)]
        out.append(_fmt("findings (all kinds)", *ktot))
        for k in sorted(ev["kinds"]):
            out.append(_fmt(f"  {k}", *ev["kinds"][k]))
        ttot = [sum(v[i] for v in ev["themes"].values()) for i in range(3)]
        out.append(_fmt("themes on findings (micro)", *ttot))
        for c in sorted(ev["themes"]):
            out.append(_fmt(f"  {c}", *ev["themes"][c]))
        review_codes = sorted({t.code for t in tags if t.locus != "narrative"})
        narrative = sorted({t.code for t in tags if t.locus == "narrative"} - set(review_codes))
        out.append(f"  review tags: finding/recommendation loci {review_codes}; narrative only {narrative}")
        for e in ev["errors"]:
            out.append(f"    ! {e}")
        if not counted:
            continue
        for key in ("rec",):
            tot[key] = [a + b for a, b in zip(tot[key], ev[key])]
        tot["addr_ok"] += ev["addr_ok"]
        tot["scope_ok"] += ev["scope_ok"]
        tot["rec_matched"] += ev["rec_matched"]
        for k, v in ev["kinds"].items():
            tot["kinds"][k] = [a + b for a, b in zip(tot["kinds"][k], v)]
        for k, v in ev["themes"].items():
            tot["themes"][k] = [a + b for a, b in zip(tot["themes"][k], v)]
    if not any_doc:
        out.append("no document evaluated")
        return "\n".join(out)
    out.append("-- overall")
    out.append(_fmt("recommendations", *tot["rec"]))
    n = tot["rec_matched"]
    if n:
        out.append(f"  addressee accuracy           {tot['addr_ok']}/{n} = {tot['addr_ok'] / n:.3f}")
        out.append(f"  scope accuracy               {tot['scope_ok']}/{n} = {tot['scope_ok'] / n:.3f}")
    ktot = [sum(v[i] for v in tot["kinds"].values()) for i in range(3)]
    out.append(_fmt("findings (all kinds)", *ktot))
    for k in sorted(tot["kinds"]):
        out.append(_fmt(f"  {k}", *tot["kinds"][k]))
    ttot = [sum(v[i] for v in tot["themes"].values()) for i in range(3)]
    out.append(_fmt("themes on findings (micro)", *ttot))
    out += layout_lines()
    return "\n".join(out)


def layout_lines() -> list[str]:
    """The Coventry SCR's findings and recommendations read from each of its renderings in other house
    styles (``sections.LAYOUTS``), matched to its gold by text (token overlap >= 0.9), since a style that
    prints no heading numbers gives the items none or its labels' numbers."""
    from ..findings import token_overlap
    from . import review
    from .sections import LAYOUTS, shared_layout

    gold_path = CORPORA_DIR / "gold" / "scr-coventry-child-s" / "findings.json"
    if not gold_path.exists() or shared_layout(LAYOUTS[0]) is None:
        return ["-- SCR layouts: skipped (../shared absent)"]
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    out = ["-- the Coventry SCR in its other layouts (items matched by text):"]
    for layout in LAYOUTS:
        secs = list(review(shared_layout(layout)[0]).sections)
        fs, recs = extract(secs, _mentions(secs)[0])
        got = []
        for want, have in ((gold["recommendations"], recs), (gold["findings"], fs)):
            hit = sum(1 for g in want if any(token_overlap(g["text"], x.text) >= 0.9 for x in have))
            got.append(f"{hit}/{len(want)} found ({len(have)} extracted)")
        out.append(f"  {layout:<11} recommendations {got[0]}; findings {got[1]}")
    return out


if __name__ == "__main__":
    print(report())
