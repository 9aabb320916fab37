"""Case-chronology events: a clause with a chronology DATE and an event trigger.

``extract_events(sections, timexes, mentions=())`` splits each section into
sentences (``sentence_spans``: a simple splitter that does not break after
"Dr.", "para. 4.2", "s.47", "No. 3" or initials) and sentences into clauses
(at ; : and ", and" / "and in ..." conjunctions).  It takes the DATE timexes on
the case chronology (not process dates, with a resolved interval), except in
clauses with a modal verb (will, would, should ...: plans and counterfactuals
did not happen).  Each date is paired with the nearest trigger word of
``models/events.yaml`` in its clause (else in its sentence), skipping negated
triggers ("there was no agency contact"); dates joined by and/to/until
("between March 2013 and April 2013 ... prison") make one event over their
union.  The event type of a trigger is the first listed type in the YAML among
the triggers at that position (specific types come first).  Agencies and
people are the ``norm`` of the AGENCY / PERSON mentions inside the sentence, in
order, without repeats.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import yaml

from extract import MODELS_DIR
from extract.errors import ExtractError
from extract.model import Event, Mention, Section, Timex
from extract.timex import RANGE_JOIN, sentence_spans

__all__ = ["extract_events", "load_triggers", "sentence_spans", "Triggers"]

STAGE = "events"
_TYPE_KEYS = {"description", "triggers", "not_in"}
_TOP_KEYS = {"event_types"}


@dataclass(frozen=True)
class Triggers:
    """Compiled trigger vocabulary: one regex, and the event type of each trigger form."""

    pattern: re.Pattern
    type_of: dict[str, str]
    order: dict[str, int]
    blocked: re.Pattern | None = None  # longer phrases in which a trigger is not one ("registration number")


def load_triggers(path: str | Path | None = None) -> Triggers:
    """Load and validate models/events.yaml (unknown key -> ExtractError naming file and line)."""
    p = Path(path) if path else MODELS_DIR / "events.yaml"
    return _load(str(p))


@functools.lru_cache(maxsize=4)
def _load(path: str) -> Triggers:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
        root = yaml.compose(text)
    except (OSError, yaml.YAMLError) as exc:
        raise ExtractError(path, STAGE, f"cannot read event vocabulary: {exc}") from exc

    def err(node: yaml.Node, msg: str) -> ExtractError:
        return ExtractError(path, STAGE, f"line {node.start_mark.line + 1}: {msg}")

    if not isinstance(root, yaml.MappingNode):
        raise ExtractError(path, STAGE, "expected a mapping with 'event_types'")
    types_node = None
    for k, v in root.value:
        if k.value not in _TOP_KEYS:
            raise err(k, f"unknown key {k.value!r} (allowed: {', '.join(sorted(_TOP_KEYS))})")
        types_node = v
    if not isinstance(types_node, yaml.MappingNode) or not types_node.value:
        raise ExtractError(path, STAGE, "'event_types' must be a non-empty mapping")
    type_of: dict[str, str] = {}
    order: dict[str, int] = {}
    blocked: list[str] = []
    for i, (tk, tv) in enumerate(types_node.value):
        if not re.fullmatch(r"[a-z][a-z_]*", tk.value):
            raise err(tk, f"event type {tk.value!r} must be lower_snake_case")
        if not isinstance(tv, yaml.MappingNode):
            raise err(tv, f"event type {tk.value!r}: expected a mapping with 'triggers'")
        triggers = None
        for fk, fv in tv.value:
            if fk.value not in _TYPE_KEYS:
                raise err(fk, f"unknown key {fk.value!r} in event type {tk.value!r} "
                              f"(allowed: {', '.join(sorted(_TYPE_KEYS))})")
            if fk.value == "triggers":
                if not isinstance(fv, yaml.SequenceNode) or not fv.value:
                    raise err(fv, f"event type {tk.value!r}: 'triggers' must be a non-empty list")
                triggers = fv
            if fk.value == "not_in":
                if not isinstance(fv, yaml.SequenceNode) or not all(
                        isinstance(n, yaml.ScalarNode) and n.value.strip() for n in fv.value):
                    raise err(fv, f"event type {tk.value!r}: 'not_in' must be a list of phrases")
                blocked.extend(re.sub(r"\s+", " ", n.value.strip().lower()) for n in fv.value)
        if triggers is None:
            raise err(tk, f"event type {tk.value!r} has no 'triggers'")
        order[tk.value] = i
        for n in triggers.value:
            if not isinstance(n, yaml.ScalarNode) or not n.value.strip():
                raise err(n, f"event type {tk.value!r}: a trigger must be a non-empty string")
            form = re.sub(r"\s+", " ", n.value.strip().lower())
            type_of.setdefault(form, tk.value)  # first type listed wins
    return Triggers(_phrases_rx(type_of), type_of, order, _phrases_rx(blocked) if blocked else None)


def _phrases_rx(forms) -> re.Pattern:
    """One whole-word, case-insensitive alternation of the phrases, longest first."""
    body = "|".join(re.escape(a).replace(r"\ ", r"\s+") for a in sorted(set(forms), key=len, reverse=True))
    return re.compile(rf"(?<![\w&])(?:{body})(?![\w&])", re.I)


def _trigger_hits(trig: Triggers, sent: str) -> list[tuple[int, int, str]]:
    hits = []
    spans = [(b.start(), b.end()) for b in trig.blocked.finditer(sent)] if trig.blocked else []
    for m in trig.pattern.finditer(sent):
        if any(a <= m.start() and m.end() <= b for a, b in spans):
            continue  # "registration number", "a fall in the number of": not the event
        form = re.sub(r"\s+", " ", m.group(0).lower())
        et = trig.type_of.get(form)
        if et is None and form.upper() == form:
            et = trig.type_of.get(form.lower())
        if form == "dna" and m.group(0) != "DNA":
            continue  # only the acronym "DNA" (did not attend), and only when upper case
        if et is not None:
            if et != "appointment_missed" and _NEGATED.search(sent, max(0, m.start() - 30), m.start()):
                continue  # "there was no agency contact", "was not arrested"
            hits.append((m.start(), m.end(), et))
    return hits


_NEGATED = re.compile(r"\b(?:no|not|never|without|nor|n't)\b(?:\s+[\w-]+){0,2}\s+$", re.I)


def extract_events(sections: Sequence[Section], timexes: Sequence[Timex],
                   mentions: Sequence[Mention] = ()) -> list[Event]:
    """Events of a review: sentences/clauses with a chronology DATE and an event trigger.

    ``timexes`` are those of ``timex.annotate_sections`` over the same sections;
    ``mentions`` (optional) supply agencies (label AGENCY) and people (label PERSON).
    """
    trig = load_triggers()
    by_section: dict[int, list[Timex]] = {}
    clocks: dict[int, list[Timex]] = {}
    for t in timexes:
        if _on_timeline(t):
            by_section.setdefault(t.section_id, []).append(t)
        elif _clock_on_day(t):
            clocks.setdefault(t.section_id, []).append(t)
    ments: dict[int, list[Mention]] = {}
    for m in mentions:
        ments.setdefault(m.section_id, []).append(m)
    events: list[Event] = []
    carried: list[Event] = []  # undated incidents that take the day told just before them
    for sec in sections:
        txs = sorted(by_section.get(sec.section_id, ()), key=lambda t: t.start_char)
        cks = sorted(clocks.get(sec.section_id, ()), key=lambda t: t.start_char)
        if not txs and not cks:
            continue
        starts = [t.start_char for t in txs]
        ck_starts = [t.start_char for t in cks]
        sec_ments = sorted(ments.get(sec.section_id, ()), key=lambda m: m.start_char)
        last_day: Timex | None = None  # the last day-level date, for an incident told after it
        since = 0
        carried_here: set[str] = set()  # incident types already carried to last_day
        for ss, se in sentence_spans(sec.text):
            lo = bisect.bisect_left(starts, ss)
            hi = bisect.bisect_left(starts, se)
            in_sent = [t for t in txs[lo:hi] if t.end_char <= se]
            sent = sec.text[ss:se]
            clauses = _clauses(sent)

            def clause_of(t: Timex) -> int:
                return next((i for i, (a, b) in enumerate(clauses) if a <= t.start_char - ss < b), 0)

            # a clock time on a known day carries an event in a clause with no date of its own:
            # "On 6/12/22 he was riding to school, when at 7:58am he collided with a pedestrian"
            dated = {clause_of(t) for t in in_sent}
            clock = [t for t in cks[bisect.bisect_left(ck_starts, ss):bisect.bisect_left(ck_starts, se)]
                     if t.end_char <= se and clause_of(t) not in dated]
            if clock:
                in_sent = sorted(in_sent + clock, key=lambda t: t.start_char)
            hits = _trigger_hits(trig, sent)
            if not in_sent:
                since += 1
                inc = [h for h in hits if h[2] in _INCIDENT and h[2] not in carried_here]
                near = since <= _CARRY_PARA if last_day is not None and not _PARA.search(
                    sec.text, last_day.end_char, ss) else since <= _CARRY
                # "... died at the scene", "died instantly": the death of the incident the passage tells
                at_scene = any(h[2] == "death" for h in inc) and _AT_SCENE.search(sent)
                if inc and last_day is not None and not _MODAL.search(sent) and (near or at_scene):
                    # "At 7.15pm on 28 July 2012 he began to cross the road. He was struck by a
                    # car.": the incident told in the sentences after its day takes that day
                    et = "death" if at_scene else min((h[2] for h in inc), key=lambda e: trig.order[e])
                    agencies, people = _people_agencies(sec_ments, ss, se)
                    carried.append(Event(
                        event_id=0, section_id=sec.section_id, page_no=sec.page_at(ss),
                        timex_id=last_day.timex_id, earliest=last_day.earliest, latest=last_day.latest,
                        event_type=et, sentence=sent, start_char=ss, end_char=se, agencies=agencies, people=people))
                    carried_here.add(et)  # one incident of each kind per dated passage
                continue
            days = [t for t in in_sent if t.earliest is not None and t.earliest == t.latest]
            if days:
                last_day, since = days[-1], 0
                carried_here = set()
            if not hits:
                continue
            groups: dict[int, list[Timex]] = {}
            prev: Timex | None = None
            for t in in_sent:
                ts, te = t.start_char - ss, t.end_char - ss
                if prev is not None and RANGE_JOIN.fullmatch(sec.text[prev.end_char:t.start_char]):
                    # "between March 2013 and April 2013": one event over the range
                    for k, members in groups.items():
                        if prev in members:
                            members.append(t)
                    prev = t
                    continue
                prev = t
                cs, ce = next(((a, b) for a, b in clauses if a <= ts < b), (0, len(sent)))
                if _MODAL.search(sent, cs, ce):
                    continue  # "the workforce will treble by 2015", "should have been seen": not events
                pool = [i for i, h in enumerate(hits) if cs <= h[0] < ce] or list(range(len(hits)))
                outside = [i for i in pool if hits[i][1] <= ts or hits[i][0] >= te] or pool
                best = min(outside, key=lambda i: (
                    min(abs(hits[i][0] - te), abs(ts - hits[i][1])), trig.order[hits[i][2]]))
                if best in groups and _clock_on_day(t):
                    groups[best].append(t)  # "On 3 March 2019 at 10:00 ..." is one event
                    continue
                key = best if best not in groups else -(len(groups) + 1) * 1000 - best
                groups[key] = [t]
            agencies, people = _people_agencies(sec_ments, ss, se)
            strong = [h for h in hits if h[2] in _INCIDENT and _STRONG_INCIDENT.fullmatch(sent[h[0]:h[1]])]
            paired = {hits[_hit_index(k)][2] for k in groups}
            if strong and days and not paired & set(_INCIDENT) and not _MODAL.search(sent):
                # "The following day he was seen by members of the public ... to step in front of a train,
                # where he died instantly": the date went to a nearer trigger ("seen"), but a sentence
                # that dates a day and says the person died also dates the death
                h = min(strong, key=lambda x: trig.order[x[2]])
                day = min(days, key=lambda t: min(abs(t.start_char - ss - h[1]), abs(h[0] - (t.end_char - ss))))
                carried.append(Event(
                    event_id=0, section_id=sec.section_id, page_no=sec.page_at(ss), timex_id=day.timex_id,
                    earliest=day.earliest, latest=day.latest, event_type=h[2], sentence=sent,
                    start_char=ss, end_char=se, agencies=agencies, people=people))
            for hi_idx, ts_ in sorted(groups.items(), key=lambda kv: kv[1][0].start_char):
                h = hits[_hit_index(hi_idx)]
                # among triggers at the same position, the first listed type wins
                same = [x for x in hits if x[0] <= h[0] < x[1] or h[0] <= x[0] < h[1]]
                et = min((x[2] for x in same), key=lambda e: trig.order[e])
                first = ts_[0]
                events.append(Event(
                    event_id=len(events) + 1, section_id=sec.section_id, page_no=sec.page_at(ss),
                    timex_id=first.timex_id, earliest=min(t.earliest for t in ts_),
                    latest=max(t.latest for t in ts_), event_type=et, sentence=sent,
                    start_char=ss, end_char=se, agencies=agencies, people=people))
    # a carried incident only where the review dates none of that kind on that day itself
    known = {(e.event_type, e.earliest) for e in events if e.earliest == e.latest}
    extra = [e for e in carried if (e.event_type, e.earliest) not in known]
    if not extra:
        return events
    out = sorted(events + extra, key=lambda e: (e.section_id, e.start_char))
    return [dataclasses.replace(e, event_id=i) for i, e in enumerate(out, 1)]


def _hit_index(key: int) -> int:
    """The trigger a date group belongs to: its key, or (for a second group on one trigger) the key's code."""
    return key if key >= 0 else (-key) % 1000


_PART_OF_DAY = re.compile(r"\d{4}-\d\d-\d\dT(?:MO|MI|AF|EV|NI)$")
_CLOCK = re.compile(r"\d{4}-\d\d-\d\dT\d\d(?::\d\d)*$")
_INCIDENT = ("death", "injury")
# the incident triggers that say it happened (not "the death of", "the deceased", "his injuries")
_STRONG_INCIDENT = re.compile(r"(?:died|passed\s+away|was\s+killed|(?:was\s+)?found\s+(?:dead|deceased|hanging)|pronounced\s+\w+(?:\s+extinct)?|"
                              r"life\s+was\s+pronounced\s+extinct|took\s+(?:his|her)\s+own\s+life|hanged|"
                              r"in\s+front\s+of\s+(?:a|an\s+oncoming)\s+train|(?:struck|hit)\s+by\s+a\s+train|was\s+struck|was\s+hit\s+by|collided|fell\s+from)", re.I)
_AT_SCENE = re.compile(r"\b(?:at\s+the\s+scene|at\s+the\s+roadside|instantly|immediately)\b", re.I)
_CARRY = 2  # sentences after a dated one that an undated incident may take its day from (next paragraphs)
_CARRY_PARA = 6  # the same, inside the dated sentence's paragraph
_PARA = re.compile(r"\n[ \t]*\n")


def _clock_on_day(t: Timex) -> bool:
    """A clock time resolved to its day ("at 20:16 hours" after "20 December 2019")."""
    return t.type == "TIME" and not t.is_process_date and t.earliest is not None \
        and t.earliest == t.latest and bool(_CLOCK.match(t.value or ""))


def _on_timeline(t: Timex) -> bool:
    """A chronology timex with an interval: a DATE, a part of a day ("the evening of 12 April
    2019", TIME ...TEV) or an age anchored on a birth ("at fourteen weeks old", DURATION with
    the birth-plus-age interval).  Clock times stay off: the DATE of their day carries the event."""
    if t.is_process_date or t.earliest is None or t.latest is None:
        return False
    return t.type == "DATE" or (t.type == "TIME" and bool(_PART_OF_DAY.match(t.value or ""))) \
        or (t.type == "DURATION" and t.anchor_id is not None)


_MODAL = re.compile(r"\b(?:will|would|should|could|might|must|shall|ought)\b", re.I)
_CLAUSE = re.compile(r"[;:]\s+|,\s+(?:and|but|whilst|while|when|where|after|before|then)\s+|\s+and\s+(?:then\s+)?(?=in\s|on\s|at\s|later\b|the\s+following\b)")


def _clauses(sent: str) -> list[tuple[int, int]]:
    """Clause spans of a sentence: split at ; : and at ", and" / "and in ..." conjunctions."""
    out, start = [], 0
    for m in _CLAUSE.finditer(sent):
        out.append((start, m.start()))
        start = m.start()
    out.append((start, len(sent)))
    return out


def _people_agencies(ments: list[Mention], ss: int, se: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
    agencies: list[str] = []
    people: list[str] = []
    for m in ments:
        if m.start_char < ss or m.end_char > se:
            continue
        if m.label == "AGENCY" and m.norm not in agencies:
            agencies.append(m.norm)
        elif m.label == "PERSON" and m.norm not in people:
            people.append(m.norm)
    return tuple(agencies), tuple(people)
