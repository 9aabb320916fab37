"""Evaluation of extract/findings.py and extract/themes.py against hand-written gold.

``report() -> str``; run with ``.venv/bin/python -m extract.evaluation.findings``.

Gold: corpora/gold/<stem>/findings.json (see docs/CONTRIBUTING.md).  Documents:
* ``scr-coventry-child-s``: the real SCR text in ../shared (skipped with a message when
  absent).  Sections are built from the text file by :func:`sections_from_text`, a
  stand-in for the real splitter (heading lines such as "4.2.1 Overall Finding" or
  "Section Four – The Analysis"; ``<i>``/``**`` markup and footnote lines removed; pages
  from the table of contents).
* every corpora/sample/<stem>.pdf that has a findings gold file, read through the real
  pipeline (pdf -> furniture -> sections) when those modules import.

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
import re
from collections import Counter, defaultdict
from pathlib import Path

from .. import CORPORA_DIR, SHARED_DIR
from ..findings import extract, token_overlap
from ..model import Finding, Mention, Recommendation, Section

SCR_STEM = "scr-coventry-child-s"
_WORDS = {w: str(i) for i, w in enumerate("zero one two three four five six seven eight nine ten".split())}
_SECTION_RE = re.compile(r"^Section (\w+)\s*[–-]\s*(.+)$")
_NUM_RE = re.compile(r"^(\d+(?:\.\d+){1,3})\s+(.{2,90})$")
_APPX_RE = re.compile(r"^(Appendix) ([A-Z])$")
_FOOTNOTE_RE = re.compile(r"^[¹²³⁴⁵⁶⁷⁸⁹⁰]+\s")
_SUPER_RE = re.compile(r"(?<=\w)[¹²³⁴⁵⁶⁷⁸⁹⁰]+")


def _unmark(s: str) -> str:
    return s.replace("**", "").replace("<i>", "").replace("</i>", "")


def sections_from_text(path: Path | str) -> list[Section]:
    """Sections of a markdown-ish review text (the shared SCR), built by heading lines."""
    lines = Path(path).read_text(encoding="utf-8").split("\n")
    # table of contents: "4.2.1 <i>Overall Finding</i>\t27" -> page of each heading
    toc_pages: dict[str, int] = {}
    body_start = 0
    in_toc = False
    for i, raw in enumerate(lines):
        s = _unmark(raw).strip()
        if s.lower() == "contents":
            in_toc = True
            continue
        if in_toc:
            m = re.match(r"^(.*?)[\t .]*?(?:\.{3,}|\t)\s*(\d+)?\s*$", s)
            if s and m and ("\t" in raw or "..." in raw):
                toc_pages[re.sub(r"\s+", " ", m.group(1)).strip(" .").lower()] = int(m.group(2) or 0)
                continue
            if s and _SECTION_RE.match(s):
                body_start = i
                break
    heads: list[tuple[int, str | None, str, int]] = []  # (line, number, title, level)
    for i in range(body_start, len(lines)):
        s = _unmark(lines[i]).strip()
        m = _SECTION_RE.match(s)
        if m:
            heads.append((i, _WORDS.get(m.group(1).lower(), m.group(1)), m.group(2).strip(), 1))
            continue
        m = _NUM_RE.match(s)
        if m and not s.endswith(".") and len(m.group(2).split()) <= 12:
            heads.append((i, m.group(1), m.group(2).strip(), m.group(1).count(".") + 1))
            continue
        if s in ("Appendices",) or s.startswith("The Post Trial Addendum"):
            heads.append((i, None, s, 1))
            continue
        m = _APPX_RE.match(s)
        if m:
            heads.append((i, m.group(2), s, 2))
    sections: list[Section] = []
    # front matter: everything before "Contents"
    fm_end = next((i for i, l in enumerate(lines) if l.strip().lower() == "contents"), body_start)
    fm_text = "\n".join(_unmark(l).strip() for l in lines[:fm_end] if l.strip())
    sections.append(Section(1, None, 1, None, "", 0, 1, 1, fm_text))
    stack: list[tuple[int, int]] = []  # (level, section_id)
    last_page = 1
    for k, (i, num, title, level) in enumerate(heads):
        end = heads[k + 1][0] if k + 1 < len(heads) else len(lines)
        body = []
        for raw in lines[i + 1:end]:
            if _FOOTNOTE_RE.match(raw.strip()):
                continue
            body.append(_SUPER_RE.sub("", _unmark(raw)).rstrip())
        text = "\n".join(body).strip("\n")
        key = (" ".join(x for x in (num if level > 1 else None, title) if x)).lower()
        page = toc_pages.get(key) or toc_pages.get(title.lower()) or last_page
        for kk, v in toc_pages.items():
            if not page and kk.endswith(title.lower()):
                page = v
        last_page = max(page, last_page) if page else last_page
        while stack and stack[-1][0] >= level:
            stack.pop()
        parent = stack[-1][1] if stack else None
        sid = len(sections) + 1
        sections.append(Section(sid, parent, sid, num, title, level, last_page, last_page, text))
        stack.append((level, sid))
    return sections


def _sample_sections(pdf: Path) -> list[Section] | None:
    try:
        from .. import furniture, pdf as pdfmod, sections as secmod
        doc = pdfmod.read(pdf)
        doc = furniture.strip(doc)
        return secmod.split(doc)
    except Exception as e:  # the reading stages are built in parallel; report, do not crash
        return None if not str(e) else e  # type: ignore[return-value]


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
    docs: list[tuple[str, list[Section] | None, str, bool]] = []
    txt = SHARED_DIR / "corpora" / "text" / f"{SCR_STEM}.txt"
    if txt.exists():
        docs.append((SCR_STEM, sections_from_text(txt), "sections from the text file (evaluation helper)", True))
        try:  # the same review rendered to PDF by the shared harness and read by the real pipeline
            from . import review, shared_pdf
            pdf = shared_pdf()
            secs = list(review(pdf).sections) if pdf else None
            docs.append((SCR_STEM, secs, "rendered PDF through the real pipeline (not in the totals)", False))
        except Exception as e:  # the harness is someone else's; report, do not crash
            docs.append((SCR_STEM, None, f"rendered-PDF run unavailable ({type(e).__name__}: {e})", False))
    else:
        docs.append((SCR_STEM, None, f"skipped: {txt} absent (../shared not mounted)", False))
    for gold in sorted((CORPORA_DIR / "gold").glob("*/findings.json")):
        stem = gold.parent.name
        if stem == SCR_STEM:
            continue
        pdf = CORPORA_DIR / "sample" / f"{stem}.pdf"
        if not pdf.exists():
            docs.append((stem, None, f"skipped: {pdf.name} absent", False))
            continue
        secs = _sample_sections(pdf)
        if not isinstance(secs, list):
            docs.append((stem, None, f"skipped: reading pipeline unavailable ({secs})", False))
        else:
            docs.append((stem, secs, "sections from pdf -> furniture -> sections", True))
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
    return "\n".join(out)


if __name__ == "__main__":
    print(report())
