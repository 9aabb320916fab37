"""Case-chronology events against hand-written gold (corpora/gold/<stem>/events.json).

``python -m extract.evaluation.events`` prints ``report()`` (``-v`` lists misses,
spurious events and disagreements).

Every document with events gold runs through the full pipeline (``review``).
A predicted event matches a gold event when the gold ``context`` occurs in the
predicted event's ``sentence`` (both folded: case, whitespace, curly quotes and
dashes, a hyphen broken across lines) and the predicted interval
[earliest, latest] overlaps the gold one; each prediction matches at most one
gold event and vice versa (maximum bipartite matching, exact intervals tried
first). Per document and overall it prints event detection P/R/F1 and, over
matched pairs, event_type accuracy, interval exact match (earliest and latest
both equal) and people / agency set agreement (the sets are equal).

Scope: the gold for the real Coventry SCR covers only chapters 2 (the story) and
3 (significant events), so for that document only predictions in sections
whose number starts with "2" or "3" are scored; a prediction elsewhere is
neither a true nor a false positive. Other documents are annotated whole.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field

from . import SHARED_STEM, documents, gold, prf, prf_line, review

# stem -> leading section-number components scored (gold restricted to those chapters)
SCOPE: dict[str, tuple[str, ...]] = {SHARED_STEM: ("2", "3")}

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"})


def fold(text: str) -> str:
    """Lower case, straight quotes and hyphens, markup gone, whitespace collapsed, line-break hyphens joined."""
    text = re.sub(r"</?i>|\*\*|~~", "", text or "").translate(_QUOTES).lower()
    text = re.sub(r"\s+", " ", text)
    return re.sub(r"(\w)- (\w)", r"\1-\2", text).strip()


def in_scope(stem: str, number: str | None) -> bool:
    prefixes = SCOPE.get(stem)
    if prefixes is None:
        return True
    return bool(number) and number.split(".")[0] in prefixes


@dataclass
class DocScore:
    stem: str
    gold: int = 0
    pred: int = 0
    out_of_scope: int = 0
    unlocated: int = 0  # gold contexts not found in any section text of the pipeline's review
    tp: int = 0
    type_ok: int = 0
    interval_ok: int = 0
    people_ok: int = 0
    agencies_ok: int = 0
    misses: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    @property
    def fp(self) -> int:
        return self.pred - self.tp

    @property
    def fn(self) -> int:
        return self.gold - self.tp

    @property
    def f1(self) -> float:
        return prf(self.tp, self.fp, self.fn)[2]


def _overlaps(p, g: dict) -> bool:
    if p.earliest is None or p.latest is None:
        return False
    return p.earliest.isoformat() <= g["latest"] and g["earliest"] <= p.latest.isoformat()


def _exact(p, g: dict) -> bool:
    return (p.earliest and p.earliest.isoformat()) == g["earliest"] and (p.latest and p.latest.isoformat()) == g["latest"]


def match(entries: list[dict], preds: list) -> dict[int, int]:
    """Maximum matching gold index -> prediction index (context in sentence, intervals overlap)."""
    sent = [fold(p.sentence) for p in preds]
    cands: list[list[int]] = []
    for g in entries:
        ctx = fold(g["context"])
        c = [i for i, p in enumerate(preds) if ctx in sent[i] and _overlaps(p, g)]
        c.sort(key=lambda i: not _exact(preds[i], g))  # exact intervals first
        cands.append(c)
    owner: dict[int, int] = {}  # prediction -> gold

    def augment(gi: int, seen: set[int]) -> bool:
        for pi in cands[gi]:
            if pi in seen:
                continue
            seen.add(pi)
            if pi not in owner or augment(owner[pi], seen):
                owner[pi] = gi
                return True
        return False

    for gi in range(len(entries)):
        augment(gi, set())
    return {gi: pi for pi, gi in owner.items()}


def score(stem: str, r) -> DocScore:
    """Score one Review against the events gold of ``stem``."""
    entries = gold(stem, "events")["events"]
    number = {s.section_id: s.number for s in r.sections}
    preds = [e for e in r.events if in_scope(stem, number.get(e.section_id))]
    texts = fold(" \n ".join(s.text for s in r.sections))
    res = DocScore(stem, gold=len(entries), pred=len(preds), out_of_scope=len(r.events) - len(preds))
    res.unlocated = sum(fold(g["context"]) not in texts for g in entries)
    pairs = match(entries, preds)
    res.tp = len(pairs)
    iv = lambda e: f"{e.earliest}..{e.latest}"  # noqa: E731
    for gi, g in enumerate(entries):
        if gi not in pairs:
            res.misses.append(f"{g['event_type']} {g['earliest']}..{g['latest']} {g['context']!r}")
            continue
        p = preds[pairs[gi]]
        ok = dict(type=p.event_type == g["event_type"], interval=_exact(p, g),
                  people=set(p.people) == set(g.get("people", [])),
                  agencies=set(p.agencies) == set(g.get("agencies", [])))
        res.type_ok += ok["type"]
        res.interval_ok += ok["interval"]
        res.people_ok += ok["people"]
        res.agencies_ok += ok["agencies"]
        if not all(ok.values()):
            res.wrong.append(
                f"{g['context']!r}: gold {g['event_type']} {g['earliest']}..{g['latest']} P={g.get('people')} "
                f"A={g.get('agencies')} | got {p.event_type} {iv(p)} P={list(p.people)} A={list(p.agencies)}")
    used = set(pairs.values())
    for i, p in enumerate(preds):
        if i not in used:
            res.spurious.append(f"{p.event_type} {iv(p)} p{p.page_no}: {p.sentence[:140]!r}")
    return res


def _acc_lines(s: DocScore, indent: str = "    ") -> list[str]:
    if not s.tp:
        return [f"{indent}no matched events"]
    m = s.tp
    return [f"{indent}on {m} matched: event_type acc {s.type_ok / m:.3f}  interval exact {s.interval_ok / m:.3f}  "
            f"people agree {s.people_ok / m:.3f}  agencies agree {s.agencies_ok / m:.3f}"]


def evaluate() -> tuple[list[DocScore], list[str]]:
    scores, missing = [], []
    for stem, path in documents("events"):
        if path is None:
            missing.append(stem)
            continue
        scores.append(score(stem, review(path)))
    return scores, missing


def report(verbose: bool = False) -> str:
    scores, missing = evaluate()
    out = ["Case-chronology events (match: gold context inside the predicted sentence and overlapping intervals):"]
    total = DocScore("OVERALL")
    for s in scores:
        scope = (f"  [scored: sections {'/'.join(SCOPE[s.stem])}.*, {s.out_of_scope} predictions elsewhere ignored]"
                 if s.stem in SCOPE else "  [whole document]")
        out.append(prf_line(f"  {s.stem}", s.tp, s.fp, s.fn, 34) + scope)
        if s.unlocated:
            out.append(f"    {s.unlocated} gold contexts not found in the pipeline's section text")
        out += _acc_lines(s)
        for k in ("gold", "pred", "tp", "type_ok", "interval_ok", "people_ok", "agencies_ok", "unlocated"):
            setattr(total, k, getattr(total, k) + getattr(s, k))
        if verbose:
            out += ["    missed: " + x for x in s.misses]
            out += ["    spurious: " + x for x in s.spurious]
            out += ["    disagree: " + x for x in s.wrong]
    if scores:
        out.append(prf_line("  OVERALL", total.tp, total.fp, total.fn, 34))
        out += _acc_lines(total)
    for stem in missing:
        out.append(f"  skipped {stem}: document not available (../shared absent or sample missing)")
    if not scores and not missing:
        out.append("  no events gold found")
    return "\n".join(out)


if __name__ == "__main__":
    print(report(verbose="-v" in sys.argv))
