"""Entity stage: agencies, professionals and people in role, per review.

``extract(sections) -> (mentions, agencies, people)``

Every mention carries its section, page (``Section.page_at``), character offsets into
``Section.text`` and its sentence. Canonicalisation is review-level (conventions in
models/README.md):

- named agencies ("West Midlands Police", "<Place> ... NHS Trust") keep their name;
  names of the same type, family and place are merged ("Coventry Social Care" and
  "Coventry Children's Social Care"), known bodies fold to one name
  (models/agencies.jsonl variants), and the most specific spelling, as most often
  written, is the canonical one;
- an abbreviation defined in the text ("University Hospital Coventry and
  Warwickshire (UHCW)") means its long form for the rest of the review;
- generic references ("the Police", "Social Care") resolve to the review's most
  mentioned named agency of the same type whose name fits the generic's ``resolve``
  pattern, else they keep the generic name;
- "the Trust" is the most recently named NHS trust;
- the appendix of agencies that provided reports marks those agencies ``reported``
  and adds any listed agency that was not found in the text;
- people: pseudonyms ("Child S", "Mother S", "Male B", 'Sarah', a first name the review
  keeps using) and role
  phrases that can be resolved without pronoun resolution ("the mother", "his
  mother", "Mother of Child S" -> "Mother S").
"""

from __future__ import annotations

import bisect
import functools
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Sequence

from . import nlp as nlpmod
from .model import Agency, Label, Mention, Person, Section

HEALTH_TYPES = frozenset({"acute_hospital", "adult_mental_health", "community_paediatrics", "ambulance",
                          "camhs", "health_visiting", "midwifery_maternity", "gp_primary_care", "school_nursing"})
_ABBR_RE = re.compile(r"^[A-Z][A-Za-z&]{1,7}$")
_COUNCIL_TAIL = re.compile(r"\s+(?:city|county|borough|district|metropolitan borough)?\s*council$")
_APPENDIX_CUE = re.compile(
    r"(following agencies|agencies (?:who|that|which) (?:provided|submitted|contributed)|agency reports|"
    r"(?:individual management reviews?|imrs?|reports) (?:were|was) (?:provided|received|submitted|requested) (?:by|from)|"
    r"provided (?:full |reduced |individual )?(?:management )?reports)", re.I)
_APPENDIX_TITLE = re.compile(r"agenc(?:y|ies)\b.*\b(?:reports?|IMRs?|management reviews?|provided|contribut\w*)|"
                             r"individual management reviews?|\bIMRs?\b", re.I)
_ITEM_RE = re.compile(r"^\s*(?:[-–—•*·]|\d{1,2}[.)]|[a-z][.)])\s+(.+?)\s*$")


_SERVICE_HEADS = frozenset({"team", "teams", "service", "services", "unit", "clinic", "hub"})
_BACK_REF_CHARS = 800  # how far back a lower-case "the team" / "the service" looks for what it names


@dataclass
class _Raw:
    sec_idx: int
    start: int  # char offsets in section text
    end: int
    label: str
    key: str
    text: str
    sentence: str
    tok: int  # token index in the section doc (document order with sec_idx)
    norm: str | None = None
    kind: str | None = None
    reported: bool = False  # listed in the appendix of agency reports
    after: str = ""  # the text right after the mention (for "her partner, referred to as Male B")


def _clean(name: str) -> str:
    name = name.replace("’", "'").replace("‘", "'")
    name = re.sub(r"^(?:the|The)\s+", "", name.strip())
    return " ".join(name.strip(" .,;:").split())


_SENTS: dict[int, tuple[list[int], list[str]]] = {}


def _raw_at(sections, docs, si: int, a: int, b: int, label: str, key: str, **kw) -> _Raw:
    """A mention found by a text pattern at characters ``a``..``b`` of section ``si``, with its token and sentence."""
    doc = docs[si]
    tok = doc.char_span(a, b, alignment_mode="expand")
    i = tok.start if tok is not None else 0
    return _Raw(si, a, b, label, key, sections[si].text[a:b], _sentence(doc, i), i, **kw)


def _taken(raws: list[_Raw], si: int, a: int, b: int) -> bool:
    """Whether characters ``a``..``b`` of section ``si`` overlap a mention already found."""
    return any(r.sec_idx == si and r.start < b and a < r.end for r in raws)


def _sentence(doc, token_i: int) -> str:
    """Text of the sentence holding token ``token_i`` (``Token.sent`` walks the whole doc per call)."""
    starts, texts = _SENTS.get(id(doc)) or _SENTS.setdefault(
        id(doc), ([s.start for s in doc.sents], [s.text.strip() for s in doc.sents]))
    return texts[bisect.bisect_right(starts, token_i) - 1]


def extract(sections: Sequence[Section], review_type: str | None = None, subject: str | None = None
            ) -> tuple[list[Mention], list[Agency], list[Person]]:
    """Mentions, review-level agencies and people of one review's sections. ``review_type`` says whose
    social care a bare "social services" is (an adults' review's, a children's review's, or unknown).
    ``subject`` is the name of the person the review is about when the document gives it (a coroner's
    report names the deceased: ``ReviewMeta.deceased``): every form of that name, "the deceased",
    and "his mother" / "her husband" in a review about one person are that person and their family."""
    nlp = nlpmod.build()
    v = nlpmod.load_vocab()
    sections = list(sections)
    docs = list(nlp.pipe((s.text for s in sections), batch_size=32))
    _SENTS.clear()  # keyed by id(doc): valid only while these docs are alive
    try:
        return _extract(sections, docs, v, review_type, subject)
    finally:
        _SENTS.clear()


def _extract(sections: list[Section], docs: list, v, review_type: str | None = None, subject: str | None = None
             ) -> tuple[list[Mention], list[Agency], list[Person]]:
    raws: list[_Raw] = []
    for si, doc in enumerate(docs):
        text = sections[si].text  # the doc's text (Doc.text joins every token again on each call)
        for sp in doc.spans[nlpmod.SPAN_KEY]:
            raws.append(_Raw(si, sp.start_char, sp.end_char, sp.label_, sp.kb_id_, sp.text, _sentence(doc, sp.start), sp.start,
                             after=text[sp.end_char:sp.end_char + 80] if sp.label_ == "PERSON" else ""))
    raws, defs = _abbreviations(docs, raws, v)
    raws = _dates_are_no_abbreviations(raws, sections)
    _of_place_names(raws, sections, v)
    raws.extend(_quoted_names(docs, raws, [s.text for s in sections]))
    subjects = [x.strip() for x in (subject or "").split(";") if x.strip()]  # a report on several deaths names each
    for name in subjects:
        raws = _subject_names(sections, docs, raws, name)
    subject = subjects[0] if subjects else None  # "his mother" is the first named person's
    _proper_name_before_a_generic(raws, sections, v)  # after the people: "William's GP practice" is his
    raws = _addresses_are_no_agencies(raws, sections)
    raws = _named_units(sections, docs, raws, v)
    raws = _the_nhs(sections, docs, raws)
    raws = _places_of_care(sections, docs, raws)
    raws.sort(key=lambda r: (r.sec_idx, r.start))
    _appendix(sections, docs, raws, v)
    _canonicalise_agencies(raws, defs, v)
    raws = _prisons(sections, docs, raws)
    raws = _back_references(sections, docs, raws, v)
    raws = _bare_trusts(sections, docs, raws)
    raws = _service_teams(sections, docs, raws)
    _canonicalise_people(raws, v, _subject_key(subject) if subject else None)
    if subject:
        _the_subject_as_her_childs_parent(raws, sections, _subject_key(subject))
    _appositions(raws)
    raws = _named_relatives(sections, docs, raws)
    raws = [r for r in raws if not _a_generic_family_member(r)]
    raws = _person_abbreviations(docs, raws, sections, v, defs)
    _social_care_by_review_type(raws, review_type, v)
    _operations_are_not_gp_surgeries(raws, docs)
    _mental_health_care(raws, sections)
    _consultants_who_are_not_doctors(raws, sections)
    _verbs_are_not_professions(raws, sections)
    _services_and_their_practitioners(raws, sections, v)
    _job_title_modifiers(raws, sections)
    _call_handlers(raws, sections)
    _childrens_mental_health(raws)
    _jobs_take_their_agency(raws, sections, v)
    if review_type == "PFD":
        _inquest_is_no_agency(raws)
    reported = {(r.norm, r.kind) for r in raws if r.reported and r.norm}

    mentions = []
    for r in raws:
        if r.norm is None:
            continue
        sec = sections[r.sec_idx]
        mentions.append(Mention(section_id=sec.section_id, page_no=sec.page_at(r.start), start_char=r.start,
                                end_char=r.end, label=r.label, text=r.text, norm=r.norm, kind=r.kind,
                                sentence=" ".join(r.sentence.split())))
    return mentions, _agencies(mentions, reported, v), _people(mentions)


_HMP = re.compile(r"\b(?:HMP|HMYOI|HM Prison|HM Young Offender Institution|Her Majesty's Prison)\s+"
                  r"((?:[A-Z][A-Za-z'’-]+)(?:\s+(?!(?:and|on|in|at)\b)[A-Z][A-Za-z'’-]+)?)")


def _prisons(sections, docs, raws: list[_Raw]) -> list[_Raw]:
    """Prisons named by prefix ("HMP Wandsworth", "HM Prison Chelmsford", "HMP WOODHILL"): agencies of
    type other, under one spelling ("HMP Woodhill"); the words inside them are no other mention."""
    found = []
    for si, sec in enumerate(sections):
        for m in _HMP.finditer(sec.text):
            name = " ".join(w.capitalize() if w.isupper() else w for w in m.group(1).split())
            found.append((si, m.start(), m.end(), f"HMP {name}"))
    if not found:
        return raws
    out = [r for r in raws if not any(si == r.sec_idx and a < r.end and r.start < b for si, a, b, _ in found)]
    for si, a, b, name in found:
        out.append(_raw_at(sections, docs, si, a, b, "AGENCY", "HMP", norm=name, kind="other"))
    return sorted(out, key=lambda r: (r.sec_idx, r.start))


_BACKREF = re.compile(r"\b(?:[Tt]he|[Tt]hat|[Tt]his)\s+(?:local\s+)?"
                      r"(team|Team|service|Service|unit|Unit|practice|Practice|trust|council)(?![\w-])")
# words that make "the team ..." a compound about something else ("the team leader", "the service user")
_BACKREF_COMPOUND = frozenset(
    "leader leaders manager managers member members staff lead leads meeting meetings level levels provider providers "
    "user users worker workers coordinator co-ordinator clinician clinicians doctor doctors nurse nurses model plan "
    "area areas specification specifications".split())
# "the practice of ...", "the trust between them": the ordinary nouns
_NOUN_SENSE = {"practice": frozenset({"of", "in", "to", "that", "which", "whereby"}),
               "trust": frozenset({"of", "in", "between", "and", "that", "he", "she", "they", "which"})}
# a hospital's possessive short name: "King's" for King's College Hospital, "St George's", "Guy's"
_POSSESSIVE_NAME = re.compile(r"^((?:St\.?\s+)?[A-Z][a-z]+['’]s?)\s+(?:[A-Z]|and\b)")


def _antecedent_fits(r: _Raw, noun: str) -> bool:
    """Whether an agency mention can be what "the <noun>" refers back to."""
    last = r.text.split()[-1].lower() if r.text.split() else ""
    if noun == "practice":
        return r.kind == "gp_primary_care"
    if noun in ("trust", "council"):
        return last == noun or (r.norm or "").split()[-1:] == [noun.capitalize()]
    return last in (noun, noun + "s")


def _back_references(sections, docs, raws: list[_Raw], v) -> list[_Raw]:
    """"the team", "that Service", "the local team", "the practice", "the trust", "the council": the
    agency last named that fits the noun ("the Home Treatment Team ... that team", "Fountain Street
    Surgery ... the practice"), in the same section or the one before; with no such antecedent the
    phrase is left alone (a team of no named service is no agency, "the practice" no GP's). A
    hospital named with a possessive ("King's College Hospital") is that hospital later under its
    short name ("while at King's")."""
    agencies = [r for r in raws if r.label == "AGENCY" and r.norm]
    if not agencies and not any(r.label == "PROFESSIONAL" for r in raws):
        return raws
    found = []
    for si, sec in enumerate(sections):
        for m in _BACKREF.finditer(sec.text):
            noun = m.group(1).lower()
            nxt = re.match(r"\s+([a-z][\w-]*)", sec.text[m.end():m.end() + 20])
            if nxt and (nxt.group(1) in _BACKREF_COMPOUND or nxt.group(1) in _NOUN_SENSE.get(noun, ())):
                continue
            ante = None
            for r in agencies:
                if (r.sec_idx, r.start) >= (si, m.start()):
                    break
                if r.sec_idx >= si - 1 and _antecedent_fits(r, noun):
                    ante = r
            if ante is None and noun == "practice":
                # "his GP ... the practice": the GP's practice, where no practice is named
                gp = next((r for r in raws if r.label == "PROFESSIONAL" and r.key.startswith("P:")
                           and r.key[2:] in v.professions and v.professions[r.key[2:]].agency_type == "gp_primary_care"
                           and (r.sec_idx, r.start) < (si, m.start())), None)
                if gp is not None:
                    ante = _Raw(gp.sec_idx, gp.start, gp.end, "AGENCY", "G:gp", gp.text, gp.sentence, gp.tok,
                                norm=v.generic_for_type("gp_primary_care"), kind="gp_primary_care")
            if ante is not None:
                found.append((si, m.start(1), m.end(1), ante))
    shorts: dict[str, _Raw] = {}
    for r in agencies:
        pm = _POSSESSIVE_NAME.match(r.text)
        if pm and r.kind == "acute_hospital" and (r.key.startswith("N:") or r.key.startswith("S:")):
            shorts.setdefault(pm.group(1).replace("’", "'"), r)
    for short, ante in shorts.items():
        pat = re.compile(r"(?<![\w'’])" + re.escape(short).replace("'", "['’]") + r"(?![\w'’]|\s+[A-Z&]|\s+and\s+[A-Z])")
        for si, sec in enumerate(sections):
            for m in pat.finditer(sec.text):
                if (si, m.start()) > (ante.sec_idx, ante.start):
                    found.append((si, m.start(), m.end(), ante))
    if not found:
        return raws
    out = list(raws)
    for si, a, b, ante in found:
        if _taken(out, si, a, b):
            continue
        out.append(_raw_at(sections, docs, si, a, b, "AGENCY", "B:" + ante.key, norm=ante.norm, kind=ante.kind))
    return sorted(out, key=lambda r: (r.sec_idx, r.start))


# "Trust policy", "both Trusts", "any trust", "NHS trusts", "the relevant ambulance trust", "a Trust witness":
# a trust as a body, in a report about health services; not "breach of trust" or "must trust the judgement"
_BARE_TRUST = re.compile(
    r"(?<![\w'’-])(?:(?P<det>the|a|an|any|both|each|every|other|another|different|their|your|its|our|own|this|that|"
    r"which|neighbouring|relevant|local|same)\s+)?(?:(?P<mod>NHS|hospital|ambulance|mental\s+health|acute|health)\s+)?"
    r"(?P<t>[Tt]rusts?)(?![\w'’-]|\s+(?:of|and\s+confidence|in\s+(?:him|her|them))\b)")
_TRUST_NOUN_AFTER = re.compile(r"(?:['’]s?\b|\s+(?:policy|policies|procedure|procedures|guidance|witness|witnesses|"
                               r"teams?|staff|investigation|investigations|board|beds?|learning|wide|level|systems?)\b)", re.I)
_TRUST_NOT_BEFORE = re.compile(r"\b(?:to|must|can|cannot|could|will|would|should|not|largely|general|mutual|"
                               r"build|built|lose|lost|gain|gained|earn)\s+$", re.I)  # the verb, the feeling


def _bare_trusts(sections, docs, raws: list[_Raw]) -> list[_Raw]:
    """A trust named by the bare noun (a body, by its determiner or the noun after it) in a report
    whose services include the NHS: an agency of the trust last named, or of the kind its modifier
    says (an ambulance trust, a mental health trust), else of the report's health services."""
    health = [r for r in raws if r.label == "AGENCY" and r.kind in HEALTH_TYPES and r.norm]
    if not health:
        return raws
    out = list(raws)
    found = []
    for si, sec in enumerate(sections):
        for m in _BARE_TRUST.finditer(sec.text):
            a, b = (m.start("mod") if m.group("mod") else m.start("t")), m.end("t")
            if _taken(out, si, a, b):
                continue
            if not (m.group("det") or m.group("mod") or _TRUST_NOUN_AFTER.match(sec.text, m.end())):
                continue
            if _TRUST_NOT_BEFORE.search(sec.text, max(0, m.start() - 14), m.start()) and not m.group("det"):
                continue
            mod = (m.group("mod") or "").lower()
            want = {"ambulance": "ambulance", "mental health": "adult_mental_health", "hospital": "acute_hospital",
                    "acute": "acute_hospital"}.get(" ".join(mod.split()))
            prior = [r for r in health if (r.sec_idx, r.start) < (si, m.start()) and "trust" in (r.norm or "").lower()
                     and (want is None or r.kind == want)]
            if prior and not m.group("t").endswith("s"):
                norm, kind = prior[-1].norm, prior[-1].kind
            else:
                kind = want or Counter(r.kind for r in health).most_common(1)[0][0]
                norm = "NHS Trust"
            found.append((si, a, b, norm, kind))
    out += [_raw_at(sections, docs, si, a, b, "AGENCY", "C:trust", norm=norm, kind=kind) for si, a, b, norm, kind in found]
    return sorted(out, key=lambda r: (r.sec_idx, r.start))


# "the psychiatric team", "community treatment teams", "a mental health triage team", "the Intake team", "the
# REACT team", "the liaison and diversion team": a team named by the service it gives
_SERVICE_TEAM = re.compile(
    r"(?<![\w'’-])(?P<name>(?:(?:[Mm]ental\s+[Hh]ealth|[Pp]sychiatric|[Pp]sychiatry|[Ll]iaison(?:\s+and\s+[Dd]iversion)?|"
    r"[Cc]risis|[Hh]ome[- ]based|[Hh]ome\s+[Tt]reatment|[Cc]ommunity|[Tt]riage|[Ii]ntake|[Aa]ssessment|[Aa]dvisory|"
    r"[Tt]reatment|[Rr]ecovery|[Ee]arly\s+[Ii]ntervention|[Pp]erinatal|[Oo]utreach|[Dd]ual\s+[Dd]iagnosis|[A-Z]{2,6})\s+){1,3}"
    r"[Tt]eams?)(?![\w-])")
_TEAM_WORD_TYPES = (("mental health", "adult_mental_health"), ("psychiatr", "adult_mental_health"),
                    ("liaison", "adult_mental_health"), ("crisis", "adult_mental_health"),
                    ("home treatment", "adult_mental_health"), ("early intervention", "adult_mental_health"),
                    ("perinatal", "adult_mental_health"), ("dual diagnosis", "adult_mental_health"),
                    ("recovery", "substance_misuse_service"))


def _service_teams(sections, docs, raws: list[_Raw]) -> list[_Raw]:
    """A team named by the service it gives, in lower case or with an abbreviation ("the psychiatric
    team", "the REACT team"): an agency typed by its words, else as the report's other teams and
    services are (its mental health, social care or substance misuse services first)."""
    seen = Counter(r.kind for r in raws if r.label == "AGENCY" and r.kind)
    fallback = next((t for t in _TEAM_TYPES if seen[t]), None)
    out = list(raws)
    for si, sec in enumerate(sections):
        for m in _SERVICE_TEAM.finditer(sec.text):
            a, b = m.span("name")
            words = m.group("name")
            if _taken(out, si, a, b):
                continue
            low = words.lower()
            kind = next((t for w, t in _TEAM_WORD_TYPES if w in low), None)
            if kind is None:
                abbr = next((r for r in out if r.label == "AGENCY" and r.kind and r.text in words.split()), None)
                kind = abbr.kind if abbr is not None else fallback
            if kind is None:
                continue  # "an assessment team" in a report of no care service: nothing to type it by
            out.append(_raw_at(sections, docs, si, a, b, "AGENCY", "T:team", norm=" ".join(words.split()), kind=kind))
    return sorted(out, key=lambda r: (r.sec_idx, r.start))


# ---------------------------------------------------------------- context: whose social care, which surgery

CHILDRENS_REVIEWS = {"SCR", "LCSPR", "national"}
ADULTS_REVIEWS = {"SAR", "DHR", "PFD"}
# a name or role that says whose social care it is
_SAYS_CHILDREN = re.compile(r"child|young|famil|\bCSC\b|MASH|safeguarding hub|looked|leaving care|\bEDT\b|"
                            r"emergency duty|in need|assessment team", re.I)


_SAYS_ADULTS = re.compile(r"adult|older|elderly|\bASC\b", re.I)  # not "a care home": children live in them too


def _social_care_by_review_type(raws: list[_Raw], review_type: str | None, v) -> None:
    """Whose is a bare "social services", "social care" or "social worker"? The one the review names, if it
    names only children's or only adult social care; else children's social care in a children's review,
    adult social care in an adults' review (SAR, DHR, a coroner's report), and unspecified social care
    where the review type is unknown. Names that say whose it is are left alone."""
    # the review's own words first: a review that names children's social care (and not adult social
    # care) means it by a bare "social services", and the other way round
    says_children = any(r.kind == "childrens_social_care" and _SAYS_CHILDREN.search(r.text) for r in raws)
    says_adults = any(r.kind == "adult_social_care" and _SAYS_ADULTS.search(r.text) for r in raws)
    if says_children and not says_adults or (says_children == says_adults and review_type in CHILDRENS_REVIEWS):
        return
    if says_adults and not says_children:
        to_type = "adult_social_care"
    else:
        to_type = "adult_social_care" if review_type in ADULTS_REVIEWS else "social_care"
    for r in raws:
        if r.kind != "childrens_social_care" or _SAYS_CHILDREN.search(r.text):
            continue
        if re.search(r"local authorit", r.text, re.I):
            if r.label == Label.AGENCY.value:  # the council, not its children's services
                r.norm, r.kind = "Local Authority", "other"
            continue
        if r.label == Label.AGENCY.value:
            r.norm = v.generic_for_type(to_type)
        elif to_type == "adult_social_care" and r.norm == "social worker":
            r.norm = "adult social worker"  # the profession of that type, as the vocabulary names it
        r.kind = to_type


_OPERATION = re.compile(r"\b(?:operat(?:ion|ed|ing|ive)|theatre|an(?:a)?esthe|surgeon|procedure|underw(?:ent|ent)|undergo|"
                        r"incision|post-?op|complications?|recover(?:y|ed|ing)|bariatric|hip|knee|spinal|cardiac|"
                        r"laparoscop|keyhole|elective|emergency surgery|major surgery|minor surgery)", re.I)
_GP = re.compile(r"\b(?:GP|general practi|registered|receptionist|appointment|practice nurse|prescri|phoned|"
                 r"telephoned|rang|called|attended|visited|records?)\b", re.I)


# the sentence is about mental health care (a psychiatric ward, a detention, a care coordinator)
_MENTAL_HEALTH = re.compile(
    r"\b(?:mental health|psychiatr\w*|psycholog\w*|informal patient|detained|detention under|sectioned|"
    r"section (?:2|3|5\(2\)|136)\b|Mental Health Act|care co-?ordinat\w*|CMHT|crisis (?:team|resolution)|"
    r"home treatment|leave from the ward|absconded|self-harm|suicid\w*|ligature|observations? (?:level|every)|"
    r"inpatient unit|acute ward|ward round|psychosis|schizophreni\w*|bipolar|depressi\w*)", re.I)
# ... or about physical care (an emergency department, injuries, an operation)
_ACUTE = re.compile(r"\b(?:A&E|accident and emergency|emergency department|\bED\b|injur\w+|fractur\w+|trauma|"
                    r"intensive care|ICU|surg\w+|operation|resuscitat\w*|pronounced|CT scan|x-ray|overdose|"
                    r"suicide attempt|attempted suicide|emergency assessment|by ambulance|paramedics?|cancer|lymphoma|tumour|"
                    r"cardiac|heart attack|stroke|sepsis|pneumonia|chemotherapy|physical health|via ambulance|conveyed|"
                    r"(?:re-?)?attended (?:the )?(?:A&E|hospital)|presented (?:at|to) (?:the )?hospital|medical (?:issue|treatment))", re.I)
_GENERIC_CARE = frozenset({"hospital", "hospitals", "doctor", "doctors", "junior doctor", "junior doctors", "nurse",
                           "nurses", "staff nurse", "nurse in charge", "charge nurse", "ward nurse", "registered nurse",
                           "health care assistant", "healthcare assistant", "registrar", "on-call doctor",
                           "consultant", "consultants", "specialist registrar", "medical practitioner"})



@functools.lru_cache(maxsize=4)
def _care_cues(text: str) -> tuple[int, int]:
    """The cues of mental health care and of physical care in a report's text (counted once a review:
    several passes ask)."""
    return len(_MENTAL_HEALTH.findall(text)), len(_ACUTE.findall(text))


def _about_mental_health_care(text: str) -> bool:
    """A report about mental health care: its cues outnumber those of physical care three to one."""
    mh, acute = _care_cues(text)
    return mh >= max(3, 3 * acute)


def _care_type(text: str) -> str:
    """The type of an unnamed place of care a report speaks of: mental health where its cues outnumber
    those of physical care, else a hospital's."""
    mh, acute = _care_cues(text)
    return "adult_mental_health" if mh > acute else "acute_hospital"


def _sex_by_pronouns(text: str) -> str | None:
    """"m" or "f" where one set of pronouns outnumbers the other two to one, else None."""
    he = len(re.findall(r"\b(?:he|him|his|himself)\b", text, re.I))
    she = len(re.findall(r"\b(?:she|her|hers|herself)\b", text, re.I))
    return "m" if he > 2 * she else "f" if she > 2 * he else None

def _mental_health_care(raws: list[_Raw], sections) -> None:
    """A generic hospital, doctor or nurse is in mental health care when its sentence is about it
    ("admitted as an informal patient to hospital", "the nurse in charge of the ward did not carry out
    the observations") and not about physical care ("taken to hospital with head injuries"). "The
    Trust" with no trust named is a mental health trust in a report about mental health care; "his
    doctor", or a doctor in a sentence about appointments, is the family doctor. Named
    hospitals keep the type their name gives: a general hospital often holds a mental health unit."""
    review = " ".join(sec.text for sec in sections)
    mh_review = _about_mental_health_care(review)
    for r in raws:
        if r.kind == "acute_hospital" and r.norm == "NHS Trust" and mh_review:
            r.kind = "adult_mental_health"  # "the Trust" with no trust named, in a mental health report
            continue
        if r.kind != "acute_hospital" or " ".join(r.text.lower().replace("the ", "").split()) not in _GENERIC_CARE:
            continue
        # the sentence and what comes just before it in the box ("... admitted to the ward under
        # section 2. Two days later he left the hospital")
        text = sections[r.sec_idx].text
        near = text[max(0, r.start - 250):r.end + 60]
        before = text[max(0, r.start - 12):r.start].lower()
        if r.label == Label.PROFESSIONAL.value and r.text.lower() in ("doctor", "doctors") and (
                re.search(r"\b(?:his|her|their)(?: own)? $", before) or _GP.search(r.sentence or "")
                and not _ACUTE.search(r.sentence or "") and not _MENTAL_HEALTH.search(r.sentence or "")):
            r.kind = "gp_primary_care"  # "his doctor", "an appointment with the doctor": the family doctor
            continue
        if _MENTAL_HEALTH.search(r.sentence or "") and not _ACUTE.search(r.sentence or "") or \
                _MENTAL_HEALTH.search(near) and not _ACUTE.search(near) or \
                r.label == Label.PROFESSIONAL.value and mh_review and not _ACUTE.search(near) or \
                r.label == Label.AGENCY.value and mh_review and not _ACUTE.search(near):
            r.kind = "adult_mental_health"
            if r.label == Label.AGENCY.value and r.norm == "Hospital":
                r.norm = "Adult Mental Health Service"


# words that belong to a job title ("senior nurse", "private psychiatrist", "locum consultant", "A&E doctor");
# not "independent", "experienced", "attending" (the annotators leave those out)
_TITLE_MODIFIER = re.compile(r"(?:(?:\b(?:senior|private|locum|supervising|paediatric|trainee|student|specialist|"
                             r"psychiatric|in-?patient|gynaecology|obstetric|learning disability|mental health(?: care)?|"
                             r"expert|junior|community|forensic|consultant|approved|authorised|authorized)"
                             r"|A&E|Accident (?:&|and) Emergency|1:1)[ \t]+)+$", re.I)
_EMERGENCY_DEPARTMENT = re.compile(r"A&E|Accident (?:&|and) Emergency", re.I)
_HOSPITAL_SPECIALTY = re.compile(r"A&E|Accident (?:&|and) Emergency|gynaecology|obstetric", re.I)


def _job_title_modifiers(raws: list[_Raw], sections) -> None:
    """A profession's title keeps the words that are part of it ("a senior nurse", "his private psychiatrist")."""
    ends = {(r.sec_idx, r.end): r for r in raws}
    for r in raws:
        if r.label != Label.PROFESSIONAL.value or not r.norm:
            continue
        text = sections[r.sec_idx].text
        m = _TITLE_MODIFIER.search(text, max(0, r.start - 40), r.start)
        if not m or re.fullmatch(r"(?i)community\s+", m.group(0)) and r.kind == "gp_primary_care":
            continue  # "his community GP": a GP in the community, no job title
        inside = [ends[(r.sec_idx, k)] for k in range(m.start(), r.start) if (r.sec_idx, k) in ends]
        # no mention ends among the words, but "A&E" read as the department is part of "an A&E doctor"
        if all(o.label == Label.AGENCY.value and _EMERGENCY_DEPARTMENT.fullmatch(o.text) for o in inside):
            for o in inside:
                o.norm = None
            r.start, r.text = m.start(), text[m.start():r.end]
            if re.search(r"mental health|psychiatric", m.group(0), re.I):
                r.kind = "adult_mental_health"  # "mental health care workers" are no social care staff
            elif _HOSPITAL_SPECIALTY.search(m.group(0)):
                r.kind = "acute_hospital"  # "a senior Accident & Emergency doctor", "a Gynaecology Registrar"


_AMBULANCE_CALL = re.compile(r"\b(?:ambulance|paramedics?|111|NHS\s+Pathways|clinical\s+hub|triage)\b", re.I)
_POLICE_CALL = re.compile(r"\b(?:police|constabulary|officers?|101)\b", re.I)


def _call_handlers(raws: list[_Raw], sections) -> None:
    """A 999 call handler works for the service the call went to: the ambulance service when the
    passage is about an ambulance or 111 and not the police."""
    for r in raws:
        if r.label == Label.PROFESSIONAL.value and r.norm == "call taker":
            text = sections[r.sec_idx].text
            near = text[max(0, r.start - 300):r.end + 200]
            if _AMBULANCE_CALL.search(near) and not _POLICE_CALL.search(near):
                r.kind = "ambulance"


_OF_AGENCY = re.compile(r"[ \t]+(?:of|for|at|within|from|in|with)[ \t]+(?:(?:the|both|its|their|a|an)[ \t]+)?")
_BETWEEN_AGENCY_AND_JOB = re.compile(r"(?:['’]s)?(?:[ \t]+[a-z]+){0,2}[ \t]+")


def _jobs_take_their_agency(raws: list[_Raw], sections, v) -> None:
    """A job of any service ("team manager", "clinical lead", "medical directors") takes the type of the
    agency the text says they work for: "a clinical lead for the mental health team", "the mental
    health lead for Hampshire Constabulary", "a Camden Council design team manager", "the Trust's
    medical director"; else of the agency or practitioner nearest them in the passage ("the social
    worker left ... the case was held by the team manager"); else the job's own type."""
    agencies = [r for r in raws if r.label == Label.AGENCY.value and r.norm and r.kind]
    by_end = {(r.sec_idx, r.end): r for r in agencies}
    services = agencies + [r for r in raws if r.label == Label.PROFESSIONAL.value and r.norm and r.kind
                           and r.key.startswith("P:") and not getattr(v.professions.get(r.key[2:]), "employer", True)]
    for r in raws:
        if r.label != Label.PROFESSIONAL.value or not r.norm or not r.key.startswith("P:"):
            continue
        prof = v.professions.get(r.key[2:])
        if prof is None or not prof.employer:
            continue
        text = sections[r.sec_idx].text
        m = _OF_AGENCY.match(text, r.end)
        after = next((a for a in agencies if m and a.sec_idx == r.sec_idx and a.start == m.end()), None)
        before = None
        for k in range(max(0, r.start - 30), r.start):
            a = by_end.get((r.sec_idx, k))
            if a is not None and _BETWEEN_AGENCY_AND_JOB.fullmatch(text, k, r.start):
                before = a
        employer = after or before
        if employer is None:  # the service or practitioner nearest them, within a few lines
            def gap(a: _Raw) -> int:
                return a.start - r.end if a.start >= r.end else r.start - a.end
            near = [a for a in services if a.sec_idx == r.sec_idx and a.kind != "other" and 0 <= gap(a) <= 200]
            employer = min(near, key=gap, default=None)
        if employer is not None:
            r.kind = employer.kind


def _childrens_mental_health(raws: list[_Raw]) -> None:
    """Mental health care that is CAMHS: a psychiatrist, mental health nurse or care coordinator in a
    sentence that names CAMHS (and no adult service), or in a review that names no adult mental health
    service, is CAMHS staff."""
    kinds = {r.kind for r in raws if r.label == Label.AGENCY.value and r.norm}
    if "camhs" not in kinds:
        return
    by_sentence: dict[tuple[int, str], set] = {}
    for r in raws:
        if r.label == Label.AGENCY.value and r.norm:
            by_sentence.setdefault((r.sec_idx, r.sentence), set()).add(r.kind)
    for r in raws:
        if r.label == Label.PROFESSIONAL.value and r.kind == "adult_mental_health":
            here = by_sentence.get((r.sec_idx, r.sentence), set())
            # the sentence names CAMHS and no adult service, or the review never names an adult one
            if "camhs" in here and "adult_mental_health" not in here or "adult_mental_health" not in kinds:
                r.kind = "camhs"


_SERVICE_AFTER = re.compile(r"[ \t]+(?:service|services|team|teams)\b")
_PRACTITIONER_AFTER = re.compile(r"[ \t]+(?:practitioner|practitioners|clinician|clinicians|worker|workers)\b")


def _services_and_their_practitioners(raws: list[_Raw], sections, v) -> None:
    """"the HTT service": a service's abbreviation takes the service word into its span; "an MHLT
    practitioner", "the CMHT clinician": a practitioner of that service, a PROFESSIONAL of its type (a
    bare "practitioner" or "clinician" is never tagged; "Trust staff" stays the Trust)."""
    starts = {(r.sec_idx, r.start) for r in raws}
    for r in raws:
        if r.label != Label.AGENCY.value or not r.norm or not (r.text.isupper() and 2 <= len(r.text) <= 6):
            continue
        text = sections[r.sec_idx].text
        # the service word only after a kind of service ("HTT service"); "NELFT teams" are the trust's
        m = (_SERVICE_AFTER.match(text, r.end) if r.norm in v.generics else None) or _PRACTITIONER_AFTER.match(text, r.end)
        if m is None or any((r.sec_idx, k) in starts for k in range(r.end, m.end())):
            continue
        if m.re is _PRACTITIONER_AFTER:
            r.label = Label.PROFESSIONAL.value
            word = m.group(0).split()[-1].lower()
            r.norm = f"{r.text} {word[:-1] if word.endswith('s') else word}"
        r.end, r.text = m.end(), text[r.start:m.end()]


_VERB_BEFORE = re.compile(r"(?:\b(?:not|never|to|will|would|could|should|can|did|do|does|I|we|you|they)|n['’]t)\s+$")


def _verbs_are_not_professions(raws: list[_Raw], sections) -> None:
    """"the first person who didn't judge me": a profession noun used as a verb is no practitioner."""
    for r in raws:
        if r.label == Label.PROFESSIONAL.value and r.text.lower() in ("judge", "nurse", "carer") and \
                _VERB_BEFORE.search(sections[r.sec_idx].text[max(0, r.start - 12):r.start]):
            r.norm = None


_NOT_A_DOCTOR = re.compile(r"\b(?:independent|safeguarding|management|engineering|highways?|traffic|road safety|design|"
                           r"transport|planning|IT|legal|financial|business)(?:\s+[a-z]+){0,2}\s+$", re.I)


def _consultants_who_are_not_doctors(raws: list[_Raw], sections) -> None:
    """A bare "consultant" is a hospital doctor unless a word before it says otherwise (the review's
    "independent consultant" author, a "highways consultant")."""
    for r in raws:
        if r.label == Label.PROFESSIONAL.value and r.text.lower() in ("consultant", "consultants"):
            if _NOT_A_DOCTOR.search(sections[r.sec_idx].text[max(0, r.start - 40):r.start]):
                r.norm = None


_OF_PLACE_HEADS = frozenset({"University", "Universities", "Hospital", "Hospitals", "College", "Infirmary"})
_OF_PLACE = re.compile(r"\s+of\s+(?:the\s+)?[A-Z][\w'’-]+(?:\s+(?:(?:of|and|&|the)\s+)?[A-Z][\w'’-]+){0,3}")


def _of_place_names(raws: list[_Raw], sections, v) -> None:
    """"University of East Anglia", "University Hospitals of Leicester": a capitalised name whose head is
    followed by "of <Place>" takes the place into the name (a generic "University" becomes that body)."""
    for r in raws:
        if r.label != "AGENCY" or not r.text[:1].isupper() or r.text.split()[-1] not in _OF_PLACE_HEADS:
            continue
        if not (r.key.startswith("G:") or r.key.startswith("S:")):
            continue
        text = sections[r.sec_idx].text
        m = _OF_PLACE.match(text, r.end)
        if not m:
            continue
        words = m.group(0).split()
        while words and words[-1] in ("and", "&", "of", "the"):
            words.pop()
        end = r.end + m.group(0).index(words[0]) + len(" ".join(words)) if words else r.end
        if end == r.end or text[r.end:end].split() != words or \
                any(o is not r and o.sec_idx == r.sec_idx and o.start < end and r.end < o.end for o in raws):
            continue
        r.end, r.text = end, text[r.start:end]
        if r.key.startswith("G:"):
            r.key = f"L:{v.generics[r.key[2:]].agency_type}:{_clean(r.text)}"


_PROPER_BEFORE = re.compile(r"((?:[A-Z][\w'’-]*\s+(?:(?:and|&)\s+)?)*[A-Z][\w'’-]*(?:['’]s)?)\s+$")


def _proper_name_before_a_generic(raws: list[_Raw], sections, v) -> None:
    """"Addenbrooke’s hospital", "the Luton and Dunstable hospital", "Chelmsford prison", "the Youth
    Mental Health Team", "Trafford HBTT", "Leicester emergency department": proper words right before
    a generic agency are its name (a known body's type, else the generic's). Not a sentence's first
    word, a title, a month or a day ("In March Social Services ..."), nor a place before a team or
    service written in lower case (the annotators drop it as they drop "local")."""
    titles = {t for role in v.roles.values() for t in role.titles}
    for r in raws:
        if r.label != "AGENCY" or not r.key.startswith("G:"):
            continue
        text = sections[r.sec_idx].text
        base = max(0, r.start - 60)
        m = _PROPER_BEFORE.search(text, base, r.start)
        if not m:
            continue
        if r.text.islower() and re.search(r"(?:team|service|services|unit)$", r.text):
            continue  # a place before a team or service written in lower case: "the Cornwall community mental health team" is the team
        words = [(w.start(), w.group(0)) for w in re.finditer(r"\S+", m.group(1))]
        while words and (words[0][1] in _NOT_A_NAME or words[0][1].lower() in nlpmod._GENERIC_PREFIX
                         or words[0][1].lower() in nlpmod.STOP_WORDS or words[0][1].lower() in nlpmod.CALENDAR_WORDS):
            words.pop(0)
        if any(w.lower() in nlpmod.CALENDAR_WORDS or w in titles for _, w in words):
            continue
        if not words or all(w.lower() in nlpmod._GENERIC_PREFIX or w in ("and", "&") for _, w in words):
            continue
        start = m.start(1) + words[0][0]
        before = text[:start].rstrip()
        if not before or before[-1] in ".!?:" \
                or any(o is not r and o.sec_idx == r.sec_idx and o.start < r.start and start < o.end for o in raws):
            continue  # a capitalised word that starts a sentence is no name
        r.start, r.text = start, text[start:r.end]
        known = v.named_keys.get(nlpmod.name_key(r.text))
        r.key = f"N:{known}" if known else f"L:{v.generics[r.key[2:]].agency_type}:{_clean(r.text)}"


_ADMITTED_TO = re.compile(r"\b(?:admitted|re-?admitted|transferred|detained|discharged|returned|placed)\s+(?:back\s+)?"
                          r"(?:to|at|from|into|in)\s+(?:the\s+)?((?:[A-Z][\w'’-]+[ \t]+){1,3}(?:Centre|House|Lodge|Clinic))\b")


def _places_of_care(sections, docs, raws: list[_Raw]) -> list[_Raw]:
    """A named centre, house, lodge or clinic a patient is admitted to, transferred to or discharged from
    ("admitted to the Langford Centre") is a place of care, an agency, wherever the report names it: a
    mental health one in a report about mental health care, else a hospital's."""
    texts = [sec.text for sec in sections]
    names = {m.group(1) for t in texts for m in _ADMITTED_TO.finditer(t)}
    if not names:
        return raws
    kind = _care_type(" ".join(texts))
    out = list(raws)
    for name in sorted(names, key=len, reverse=True):
        rx = re.compile(rf"(?<![\w’'-]){re.escape(name)}(?![\w’'-])")
        for si, t in enumerate(texts):
            for m in rx.finditer(t):
                if not _taken(out, si, m.start(), m.end()):
                    out.append(_raw_at(sections, docs, si, m.start(), m.end(), "AGENCY", f"L:{kind}:{name}"))
    return out


_BARE_NHS = re.compile(r"(?<![\w-])NHS(?![\w-])(?![ \t]+(?:[A-Z0-9]|and\b|&))")


def _the_nhs(sections, docs, raws: list[_Raw]) -> list[_Raw]:
    """"The NHS", "his NHS notes": the health service the patient had, an agency: his mental health care in
    a report about it (the guideline), else the national body (`other`). Not a word of a longer name."""
    texts = [sec.text for sec in sections]
    kind = "adult_mental_health" if _about_mental_health_care(" ".join(texts)) else "other"
    out = list(raws)
    for si, t in enumerate(texts):
        for m in _BARE_NHS.finditer(t):
            if any(r.sec_idx == si and r.label == "AGENCY" and m.end() < r.start <= m.end() + 2 for r in out):
                continue  # "NHS ante natal services": a word of the service's name, not the NHS
            if not _taken(out, si, m.start(), m.end()):
                out.append(_raw_at(sections, docs, si, m.start(), m.end(), "AGENCY", f"L:{kind}:NHS"))
    return out


def _named_units(sections, docs, raws: list[_Raw], v) -> list[_Raw]:
    """A unit named by one word before a lower-case "unit" ("the Wedgewood unit") is an agency, and so is
    that word used alone later ("did not reach Wedgewood"): a mental health unit in a report about mental
    health care, else a hospital's."""
    texts = [sec.text for sec in sections]
    words = {w for t in texts for w in _unit_names(t) if w.lower() not in nlpmod.STOP_WORDS
             and w.lower() not in nlpmod.CALENDAR_WORDS and w.lower() not in _vocab_words(v)}
    if not words:
        return raws
    kind = _care_type(" ".join(texts))
    rx = re.compile(rf"(?<![\w’'-])(?<![A-Z][\w’'-] )({'|'.join(map(re.escape, sorted(words)))})(?:\s+unit\b)?(?![\w’'-])(?!\s+[A-Z])")
    found = [(si, m.start(), m.end(), m.group(1)) for si, t in enumerate(texts) for m in rx.finditer(t)]
    # the word is the unit's name, no person's: a PERSON mention over it gives way
    out = [r for r in raws if not (r.label == "PERSON" and any(si == r.sec_idx and a < r.end and r.start < b
                                                                 for si, a, b, _ in found))]
    for si, a, b, w in found:
        if not _taken(out, si, a, b):
            out.append(_raw_at(sections, docs, si, a, b, "AGENCY", f"L:{kind}:{w} unit"))
    return out


_STREET_AFTER = re.compile(r"[ \t]+(?:Road|Street|Lane|Avenue|Drive|Close|Crescent|Terrace|Gardens|Grove|Row|Square|Walk|Way)\b")
# a court of law is named by its kind ("Crown", "Magistrates'"); "Silverdale Court" is a building
_COURT_OF_LAW = re.compile(r"(?i)\b(?:crown|magistrates['’]?|county|family|youth|high|coroners?['’]?(?:s)?|combined|sheriff|"
                           r"supreme|appeal|royal|civil|criminal|justice|law)\s+courts?$")


def _addresses_are_no_agencies(raws: list[_Raw], sections) -> list[_Raw]:
    """An agency's name that runs on into a street ("Priory Road") and a building named "<Name> Court"
    (a block of flats, a care home's house) are addresses, not agencies; a generic word that ends a
    hyphened one ("psycho-social services") is none either."""
    out = []
    for r in raws:
        if r.label == "AGENCY":
            text = sections[r.sec_idx].text
            if r.key.startswith("G:") and re.search(r"\w-$", text[max(0, r.start - 2):r.start]):
                continue  # the end of a hyphened word: "psycho-social services" are no social services
            if r.key.startswith("N:") and _STREET_AFTER.match(text, r.end):
                continue  # a named body's word in a street's name; not "the Police Road Traffic Collision Report"
            if re.fullmatch(r"(?:[A-Z][\w'’-]+[ \t]+){1,3}Court", r.text) and not _COURT_OF_LAW.search(r.text):
                continue
        out.append(r)
    return out


_NOT_A_NAME = frozenset({"NHS", "A", "An", "The", "This", "That", "His", "Her", "Their", "Its", "Our", "Trust", "Trust's",
                         "Trust’s", "A&E", "In", "At", "To", "From", "He", "She", "They", "When", "After", "Before"})


_MONTH_ABBR = frozenset({"JAN", "FEB", "MAR", "APR", "JUN", "JUL", "AUG", "SEP", "SEPT", "OCT", "NOV", "DEC"})


def _dates_are_no_abbreviations(raws: list[_Raw], sections) -> list[_Raw]:
    """An abbreviation spelt as a month ("SEPT", South Essex Partnership Trust) is a date beside a number
    ("12 SEPT 2019")."""
    out = []
    for r in raws:
        if r.text in _MONTH_ABBR:
            t = sections[r.sec_idx].text
            if re.search(r"\d[\s.,/-]*$", t[max(0, r.start - 4):r.start]) or re.match(r"[\s.,/-]*\d", t[r.end:r.end + 4]):
                continue
        out.append(r)
    return out


_OWN_COURT = re.compile(r"(?:the\s+)?(?:coroner'?s'?\s+)?courts?", re.I)


def _inquest_is_no_agency(raws: list[_Raw]) -> None:
    """In a coroner's report the coroner and the court that holds the inquest are the report's own
    process, as a review's author is, not agencies of the case: "the Senior Coroner", "the court heard".
    A named court of another kind ("Crown Court", "the magistrates' court") stays."""
    for r in raws:
        if r.label != Label.AGENCY.value:
            continue
        if r.kind == "coroner" or r.kind == "courts_legal" and _OWN_COURT.fullmatch(r.text.strip()):
            r.norm = None


def _operations_are_not_gp_surgeries(raws: list[_Raw], docs) -> None:
    """"The surgery" is a GP practice when the sentence is about registering, calling or attending it,
    and an operation when it is about theatres, surgeons or recovering: then it is no agency at all."""
    for r in raws:
        if r.kind != "gp_primary_care" or not re.fullmatch(r"(?:the\s+)?surgery", r.text.strip(), re.I):
            continue
        sentence = r.sentence or ""
        if _OPERATION.search(sentence) and not _GP.search(sentence):
            r.norm = None


# ---------------------------------------------------------------- abbreviations


def _abbreviations(docs, raws: list[_Raw], v) -> tuple[list[_Raw], dict[str, _Raw]]:
    """Abbreviations defined in the text, "Long Agency Name (ABBR)", and their later uses."""
    by_pos = {(r.sec_idx, r.tok): r for r in raws}
    defs: dict[str, tuple[tuple[int, int], _Raw]] = {}
    out = list(raws)
    for r in raws:
        if r.label != "AGENCY":
            continue
        doc = docs[r.sec_idx]
        span = doc.char_span(r.start, r.end, alignment_mode="expand")
        span_end = span.end
        k = span_end + 1 if span_end + 1 < len(doc) and doc[span_end].text == "(" else None
        if k is not None and doc[k].lower_ == "the":
            k += 1  # "Wexham Vale Community Safety Partnership (the CSP)"
        if k is not None and k + 1 < len(doc) and doc[k + 1].text == ")":
            abbr_i = k
        elif span.start >= 2 and doc[span.start - 1].norm_ == "-" and _ABBR_RE.match(doc[span.start - 2].text):
            abbr_i = span.start - 2  # glossary "ED – Emergency Department": defines it for the whole review
        else:
            continue
        abbr = doc[abbr_i].text
        if not _ABBR_RE.match(abbr) or sum(c.isupper() for c in abbr) < 2 or abbr in v.not_agencies:
            continue
        glossary = abbr_i < span.start
        if abbr not in defs:
            defs[abbr] = ((-1, -1) if glossary else (r.sec_idx, abbr_i), r)
        existing = by_pos.get((r.sec_idx, abbr_i))
        tok = doc[abbr_i]
        if existing is not None:
            existing.key = f"A:{abbr}"
        else:
            nr = _Raw(r.sec_idx, tok.idx, tok.idx + len(tok.text), "AGENCY", f"A:{abbr}", tok.text, r.sentence, tok.i)
            out.append(nr)
            by_pos[(r.sec_idx, tok.i)] = nr
    if not defs:
        return out, {}
    for si, doc in enumerate(docs):
        for tok in doc:
            d = defs.get(tok.text)
            if d is None or (si, tok.i) <= d[0]:
                continue
            existing = by_pos.get((si, tok.i))
            if existing is not None:
                if existing.text == tok.text:
                    existing.label, existing.key = "AGENCY", f"A:{tok.text}"
                continue
            if any(r.sec_idx == si and r.start <= tok.idx < r.end for r in out):
                continue
            nr = _Raw(si, tok.idx, tok.idx + len(tok.text), "AGENCY", f"A:{tok.text}", tok.text, _sentence(tok.doc, tok.i), tok.i)
            out.append(nr)
    return out, {a: d[1] for a, d in defs.items()}


_PERSON_ABBR = re.compile(r"[ \t]*\(([A-Z]{2,4})\)")


def _person_abbreviations(docs, raws: list[_Raw], sections, v, agency_abbrs: dict) -> list[_Raw]:
    """"her mother (MH) ... MH told the health visitor": a person named in role with initials in
    brackets is that person wherever the initials are used later, and the bracket is a mention too
    (as "Norfolk County Council (NCC)" is for agencies). Initials the vocabulary or the text already
    use for an agency or a profession are left alone."""
    defs: dict[str, _Raw] = {}
    for r in raws:
        if r.label == "PERSON" and r.norm and (m := _PERSON_ABBR.match(sections[r.sec_idx].text, r.end)):
            defs.setdefault(m.group(1), r)
    if defs:
        known = set(agency_abbrs) | set(v.not_agencies)
        for e in (*v.named.values(), *v.generics.values(), *v.professions.values()):
            known.update(e.abbreviations)
        defs = {a: r for a, r in defs.items() if a not in known}
    if not defs:
        return raws
    out = list(raws)
    taken = defaultdict(list)
    for r in raws:
        taken[r.sec_idx].append((r.start, r.end))
    rx = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, defs)) + r")(?![\w-])")
    for si, sec in enumerate(sections):
        for m in rx.finditer(sec.text):
            ante = defs[m.group(1)]
            if (si, m.start()) < (ante.sec_idx, ante.end) or any(a < m.end() and m.start() < b for a, b in taken[si]):
                continue
            doc = docs[si]
            tok = doc.char_span(m.start(), m.end(), alignment_mode="expand")
            i = tok.start if tok is not None else 0
            out.append(_Raw(si, m.start(), m.end(), "PERSON", "I:" + ante.key, m.group(1), _sentence(doc, i), i,
                            norm=ante.norm, kind=ante.kind))
            taken[si].append((m.start(), m.end()))
    return sorted(out, key=lambda r: (r.sec_idx, r.start))


_QUOTED = re.compile(r"(?<![\w'‘])['‘\"“]([A-Z][a-z]{2,})['’\"”](?![\w'’])")
_NAME_CUE = re.compile(r"(?:referred to(?: in this (?:report|review))? as|known as|pseudonym(?:ised)?(?: of)?|"
                       r"will be called|is called)\s+['‘\"“]?([A-Z][a-z]{2,})\b")
_NOT_NAMES = frozenset(
    "january february march april may june july august september october november december monday tuesday "
    "wednesday thursday friday saturday sunday christmas easter covid coronavirus brexit facebook whatsapp "
    "snapchat instagram tiktok twitter youtube google skype zoom teams "
    "british english scottish welsh irish polish romanian pakistani indian bangladeshi somali eritrean nigerian "
    "ghanaian albanian lithuanian latvian afghan syrian iraqi iranian kurdish chinese vietnamese jamaican "
    "caribbean african asian european roma gypsy traveller muslim christian catholic jewish hindu sikh arabic "
    "urdu punjabi bengali portuguese spanish italian french turkish black white mixed islam god allah "
    "spice mamba cannabis cocaine heroin ketamine mdma ecstasy methadone buprenorphine subutex".split())
_PLACE_PREP = frozenset("in at from across near within around to into".split())
_TITLE_WORD = re.compile(r"(?<!\w)[A-Z][a-z]{2,}(?!\w)")
# a unit named by one capitalised word before a lower-case "unit" ("the Wedgewood unit")
_UNIT_NAME = re.compile(r"(?<![\w’'-])([A-Z][a-z]{3,})\s+unit\b")
_WORD_BEFORE = re.compile(r"([\w’'-]+)[ \t]+$")


def _unit_names(text: str) -> set[str]:
    """The one-word names of units in ``text`` ("the Wedgewood unit"; not "the Acute Assessment unit", nor a
    sentence's first word)."""
    out = set()
    for m in _UNIT_NAME.finditer(text):
        before = _WORD_BEFORE.search(text, max(0, m.start() - 30), m.start())
        if before and before.group(1)[:1].islower():
            out.add(m.group(1))
    return out


_DETERMINERS = frozenset("the a an this these those his her their its my our your".split())  # not "that" ("said that William ...")


def _quoted_names(docs, raws: list[_Raw], texts: list[str]) -> list[_Raw]:
    """Pseudonymised first names ('Sarah', "referred to as Mark", or a name the review keeps
    using for a person): PERSON mentions of kind "subject". ``texts`` are the docs' texts
    (``Doc.text`` joins every token again on each call)."""
    from spacy.lang.en.stop_words import STOP_WORDS

    v = nlpmod.load_vocab()
    names: set[str] = set()
    for text in texts:
        for rx in (_QUOTED, _NAME_CUE):
            for m in rx.finditer(text):
                w = m.group(1)
                if w.lower() not in STOP_WORDS and w.lower() not in _NOT_NAMES:
                    names.add(w)
    # a capitalised word used like a first name throughout the review: frequent, mid-sentence,
    # hardly ever next to another capitalised word (not "Wexham Vale", "Milton Keynes", "Ms Patel"), not after "in"/"at" (not a place),
    # hardly ever lower-case, and not a word of the agency or role vocabulary
    # mid-sentence, next to a capital, after in/at, after a determiner ("the Audi": a thing, never a person's name)
    stats: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    # only words written capitalised at least five times can qualify: visit just their tokens (walking
    # every token of a long review costs more than the rest of the person rules together)
    cands = Counter(w for text in texts for w in _TITLE_WORD.findall(text))
    cands = {w for w, k in cands.items() if k >= 5}
    for si, doc in enumerate(docs):
        if not cands:
            break
        for m in _TITLE_WORD.finditer(texts[si]):
            if m.group(0) not in cands:
                continue
            span = doc.char_span(m.start(), m.end())
            if span is None or len(span) != 1:
                continue
            t = span[0]
            w = t.text
            if not (t.is_title and t.is_alpha and len(w) > 2) or t.is_sent_start:
                continue
            st = stats[w]
            st[0] += 1
            nxt = doc[t.i + 1] if t.i + 1 < len(doc) else None
            prv = doc[t.i - 1] if t.i > 0 else None
            if (nxt is not None and nxt.is_alpha and nxt.text[:1].isupper()) or \
                    (prv is not None and prv.is_alpha and prv.text[:1].isupper()) or \
                    (nxt is not None and nxt.text in ("-", "‑") and not t.whitespace_):
                st[1] += 1  # beside a capital, or the head of a hyphened place ("Berwick-upon-Tweed")
            if t.i > 0 and doc[t.i - 1].lower_ in _PLACE_PREP:
                st[2] += 1
            if t.i > 0 and doc[t.i - 1].lower_ in _DETERMINERS:
                st[3] += 1
    def lower_uses(lw: str) -> int:  # tokens of the word in lower case, asked only of the last few
        rx = re.compile(rf"(?<!\w){re.escape(lw)}(?!\w)")
        return sum(1 for si, text in enumerate(texts) for m in rx.finditer(text)
                   if (sp := docs[si].char_span(m.start(), m.end())) is not None and len(sp) == 1 and sp[0].is_lower)

    vocab_words = _vocab_words(v)
    units = {w for text in texts for w in _unit_names(text)}
    for w, (n, cap, place, det) in stats.items():
        lw = w.lower()
        if n < 5 or lw in STOP_WORDS or lw in _NOT_NAMES or lw in vocab_words or w in units:
            continue  # (a word that names a unit, "the Wedgewood unit", is the unit's name)
        if cap > 0.2 * n or place > 0.3 * n or det > 0.3 * n or lower_uses(lw) > 0.2 * n:
            continue
        names.add(w)
    if not names:
        return []
    covered = {(r.sec_idx, r.tok) for r in raws}
    # the names' tokens, in document order (found in the text, not by walking every token)
    name_rx = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + r")(?!\w)")
    toks = []
    for si, doc in enumerate(docs):
        for m in name_rx.finditer(texts[si]):
            sp = doc.char_span(m.start(), m.end())
            if sp is not None and len(sp) == 1 and sp[0].text in names:
                toks.append((si, sp[0]))
    out = []
    for si, tok in toks:
        if (si, tok.i) not in covered:
            doc = docs[si]
            out.append(_Raw(si, tok.idx, tok.idx + len(tok.text), "PERSON", f"Q:{tok.text}", tok.text,
                            _sentence(doc, tok.i), tok.i))
    # "<Name>'s mother": relatives of named people
    kin = _kin_nouns(v)
    for si, tok in toks:
        doc = docs[si]
        if tok.i + 2 < len(doc) and doc[tok.i + 1].norm_ == "'s":
            nt = doc[tok.i + 2]
            if nt.lower_ in kin and kin[nt.lower_] not in nlpmod.OUTSIDE_KIN and (si, nt.i) not in covered:
                out.append(_Raw(si, tok.idx, nt.idx + len(nt.text), "PERSON", f"R:{kin[nt.lower_]}:{tok.text}",
                                doc[tok.i:nt.i + 1].text, _sentence(doc, tok.i), tok.i))
    out = [r for r in out if not (r.key.startswith("Q:") and any(
        o.key.startswith("R:") and o.sec_idx == r.sec_idx and o.start == r.start for o in out))]
    return out


_TITLE = r"(?:Mr|Mrs|Ms|Miss|Mx|Master|Dr)\.?"
_TITLES_OF = {"m": r"(?:Mr|Master|Dr|Mx)\.?", "f": r"(?:Mrs|Ms|Miss|Dr|Mx)\.?"}
# "the deceased", and a note's bare "Deceased was single", "that deceased had been", "re deceased's history"
_DECEASED = re.compile(r"\b[Tt]he\s+(?:late\s+)?[Dd](?:eceased|ECEASED)\b|(?<![\w-])(?<![Tt]he )(?<!late )[Dd]eceased"
                       r"(?=['’]s\b|\s+(?:was|had|is|has|did|went|left|told|said|died|attended|would|could)\b)")
_POSSESSIVE_KIN = re.compile(r"['’]s\s+([a-z]+(?:-[a-z]+)?)\b")


def _kin_nouns(v) -> dict[str, str]:
    """{kin noun: kin} of the role vocabulary ("sister" -> "sibling", "husband" -> "partner")."""
    return {n: r.kin for r in v.roles.values() if r.kin for n in r.nouns}


def _subject_key(subject: str) -> str:
    """The person key of a named subject: the name without a title, in title case ("Mary Anne Sample")."""
    words = re.sub(rf"^{_TITLE}\s+", "", " ".join(subject.split())).split()
    return " ".join(w if not w.isupper() or len(w) < 2 else "-".join(x.capitalize() for x in w.split("-")) for w in words)


_SURNAME_PARTICLES = frozenset("de da di du del della der den van von le la st saint ten ter mac".split())


def _subject_names(sections, docs, raws: list[_Raw], subject: str) -> list[_Raw]:
    """The named subject's mentions: the full name, first and last name, the first name alone, a
    title with the surname ("Mr Example", "Miss Sample"), each also in capitals, and "the
    deceased". A PERSON mention the other rules found inside or across one of these gives way."""
    words = _subject_key(subject).split()
    if not words or not all(re.fullmatch(r"[A-Z][\w'’-]+", w) for w in words):
        return raws
    first, last = words[0], words[-1]
    # a surname with a particle is its words from the particle on ("Thomas Edward De Winter": De Winter)
    k = next((i for i in range(1, len(words) - 1) if words[i].lower() in _SURNAME_PARTICLES), len(words) - 1)
    last = " ".join(words[k:]) if len(words) > 1 else last
    forms = {" ".join(words), first}
    if len(words) > 1:
        forms |= {f"{first} {last}"}
        # the first name shortened before the surname: "Ben O’Neill" for Benedict Arthur O’Neill
        forms |= {f"{first[:n]} {last}" for n in range(3, len(first))}
    # a double-barrelled name is also written with a space ("Example-Smith", "Example Smith")
    forms |= {f.replace("-", " ") for f in forms if "-" in f}
    text = " ".join(sec.text for sec in sections)
    # the name they were known by, given in brackets or quotes after the first name: "Elizabeth (Libby) Sample"
    for nick in re.findall(rf"\b(?:{re.escape(first)}|{re.escape(first.upper())})\s+(?:[(‘'“\"]|\((?:also\s+)?(?:known\s+as|aka)\s+)"
                           rf"([A-Z][a-z'’-]+)[)’'”\"]", text):
        forms |= {nick, f"{nick} {last}"} if len(words) > 1 else {nick}
    alts = sorted({re.escape(f) for f in forms} | {re.escape(f.upper()) for f in forms if len(f) > 3}, key=len, reverse=True)
    lasts = "|".join(sorted({re.escape(x) for x in (last, last.upper(), last.replace("-", " "), last.upper().replace("-", " "))},
                            key=len, reverse=True))
    # the titles the subject can bear: from the name's own title; else from the titles the text puts
    # before the surname, when they are of one sex only; else from the pronouns the review uses
    # ("Mrs Example" is not the subject of a report about Mr Example)
    own = re.match(r"(Mr|Master|Mrs|Ms|Miss)\b", subject.strip())
    if own:
        sex = "m" if own.group(1) in ("Mr", "Master") else "f"
    else:
        used = {("m" if t in ("Mr", "Master") else "f") for t in
                re.findall(rf"\b(Mr|Master|Mrs|Ms|Miss)\.?\s+(?:{re.escape(first)}\s+)?(?:{lasts})(?![\w-])", text)}
        if len(used) == 1:
            sex = used.pop()
        else:
            sex = _sex_by_pronouns(text)
    title = _TITLES_OF.get(sex, _TITLE)
    titled = rf"{title}\s+(?:{re.escape(first)}\s+)?(?:{lasts})" if len(words) > 1 else None
    name_rx = re.compile(rf"(?<![\w’'-])(?:{titled + '|' if titled else ''}(?:{title}\s+)?(?:{'|'.join(alts)}))(?![\w-])")
    kin = _kin_nouns(nlpmod.load_vocab())
    key = "S:" + " ".join(words)
    found: list[tuple[int, int, int, str]] = []
    for si, sec in enumerate(sections):
        for rx in (name_rx, _DECEASED):
            for m in rx.finditer(sec.text):
                k = _POSSESSIVE_KIN.match(sec.text, m.end())
                if k and k.group(1) in kin:  # "Ms Sample's sister", "the deceased's husband"
                    found.append((si, m.start(), k.end(), f"R:{kin[k.group(1)]}:{' '.join(words)}"))
                else:  # "the deceased’s risk": the deceased, as the name would be
                    found.append((si, m.start(), m.end(), key))
    if not found:
        return raws

    def overlaps(r: _Raw) -> bool:
        return r.label == "PERSON" and any(si == r.sec_idx and a < r.end and r.start < b for si, a, b, _ in found)

    out = [r for r in raws if not overlaps(r)]
    for si, a, b, k in found:
        if _taken(out, si, a, b):
            continue  # inside an agency's name ("the Tyler Trust") or already someone's mention
        out.append(_raw_at(sections, docs, si, a, b, "PERSON", k))
    return out


@functools.lru_cache(maxsize=4)
def _vocab_words_cached(key: int) -> frozenset[str]:
    v = nlpmod.load_vocab()
    words = set()
    for g in v.generics.values():
        for x in (*g.variants, g.name):
            words.update(x.lower().split())
    for e in v.named.values():
        if e.name in v.gazetteer:
            continue  # "William Harvey Hospital", "Queen Alexandra Hospital": a gazetteer's words include first names
        for x in (e.name, *e.variants):
            words.update(x.lower().split())
    for h in v.heads.values():
        words.update(h.head.lower().split())
    for p in v.professions.values():
        for x in p.variants:
            words.update(x.lower().split())
    for r in v.roles.values():
        for x in (*r.titles, *r.nouns):
            words.update(x.lower().split())
    return frozenset(words)


def _vocab_words(v) -> frozenset[str]:
    return _vocab_words_cached(id(v))


# ---------------------------------------------------------------- appendix of agency reports


def _appendix(sections, docs, raws: list[_Raw], v) -> None:
    """Mark the agencies listed as having provided reports; add listed agencies not found.

    The list starts at a cue ("The following agencies provided full reports:") and runs over
    bullet lines (and ";"-separated items after a cue's colon) until a line that is neither."""
    for si, sec in enumerate(sections):
        text = sec.text
        if not _APPENDIX_CUE.search(text) and not _APPENDIX_TITLE.search(sec.title or ""):
            continue
        items: list[tuple[int, str]] = []
        active = bool(_APPENDIX_TITLE.search(sec.title or "")) and not _APPENDIX_CUE.search(text)
        off = 0
        for line in text.splitlines(keepends=True):
            lo, body = off, line.rstrip("\n")
            off += len(line)
            if not body.strip():
                continue
            cue = _APPENDIX_CUE.search(body)
            if cue:
                active = True
                colon = body.find(":", cue.end())
                rest = body[colon + 1:] if colon >= 0 else ""
                if rest.strip():
                    p = lo + colon + 1
                    for part in rest.split(";"):
                        lead = len(part) - len(part.lstrip())
                        if part.strip():
                            items.append((p + lead, part.strip()))
                        p += len(part) + 1
                continue
            m = _ITEM_RE.match(body)
            if m and active:
                items.append((lo + m.start(1), m.group(1)))
            elif active and items:
                active = False
        for istart, item in items:
            _appendix_item(si, text, istart, item, raws, v)
    raws.sort(key=lambda r: (r.sec_idx, r.start))


def _appendix_item(si: int, text: str, istart: int, item: str, raws: list[_Raw], v) -> None:
    item = re.sub(r"^(?:the|The)\s+", "", item)
    istart = text.find(item, istart)
    name = re.sub(r"\s*\(.*?\)\s*", " ", item).strip().rstrip(".;,").strip()
    name = re.split(r",\s+(?:on behalf of|including|for|which|who)\b", name)[0].strip()
    iend = istart + len(item)
    nstart = istart + item.find(name) if name and name in item else istart
    nend = nstart + len(name)
    inside = [r for r in raws if r.sec_idx == si and istart <= r.start < iend and r.label == "AGENCY"]
    in_name = [r for r in inside if nstart <= r.start < nend]
    parens = [(m.start() + istart, m.end() + istart) for m in re.finditer(r"\(.*?\)", item)]
    for r in inside:  # a parenthesis describes the listed body: "Eastbrook Homes (registered social landlord)"
        if not any(a <= r.start < b for a, b in parens):
            r.reported = True
    if not in_name:
        words = name.split()
        if not words or len(words) > 10 or not name[:1].isupper() or \
                sum(w[:1].isupper() for w in words) < 0.5 * len(words):
            return
        # a generic mention in the parenthesis says what kind of body it is: "X (health visiting)"
        t = None
        for r in inside:
            if r.key.startswith("G:"):
                t = v.generics[r.key[2:]].agency_type
                break
        t = t or _infer_type(name, v)
        r = _Raw(si, nstart, nend, "AGENCY", f"L:{t}:{_clean(name)}", text[nstart:nend], item, -1)
        r.reported = True
        raws.append(r)
        return
    if len(in_name) == 1:
        r = in_name[0]
        extra = name.replace(r.text, " ") if r.text in name else ""
        if r.key.startswith("G:") and re.search(r"\b[A-Z][a-z]+", extra):
            r.start, r.end, r.text = nstart, nend, name
            r.key = f"L:{v.generics[r.key[2:]].agency_type}:{_clean(name)}"


# the services a team or service of unknown kind most likely belongs to: the report's own care services
_CONTEXT_TYPES = HEALTH_TYPES - {"ambulance"} | {"adult_social_care", "childrens_social_care", "substance_misuse_service",
                                                 "camhs", "probation", "youth_justice", "housing", "education"}


_TEAM_TYPES = ("adult_mental_health", "camhs", "substance_misuse_service", "adult_social_care", "childrens_social_care",
               "youth_justice", "probation")


def _generic_type_in(name: str, v) -> str | None:
    """The type of a generic service the name holds ("the Ambulance service": ambulance, "the HTT
    service": a home treatment team's), else None."""
    low = name.lower().replace("’", "'")
    for g in v.generics.values():
        for x in g.variants:
            if " " in x and re.search(rf"\b{re.escape(x.lower())}\b", low):
                return g.agency_type
        for a in g.abbreviations:
            if re.search(rf"\b{re.escape(a)}\b", name):
                return g.agency_type
    return None


def _infer_type(name: str, v) -> str:
    low = name.lower()
    best = None
    for h in v.heads.values():
        if h.head.lower() in low and (best is None or len(h.head) > len(best.head)):
            best = h
    for kw, t in v.keywords:
        if kw.lower() in low and (best is None or best.infer):
            return t
    if best:
        return best.agency_type
    for g in v.generics.values():
        for x in g.variants:
            if re.search(rf"\b{re.escape(x)}\b", low):
                return g.agency_type
    return "other"


# ---------------------------------------------------------------- agencies


def _canonicalise_agencies(raws: list[_Raw], defs: dict[str, _Raw], v) -> None:
    def named_of(r: _Raw) -> tuple[str, str, tuple] | None:
        """(display name, type, cluster key) of a mention naming a specific agency, else None."""
        if r.key.startswith("N:"):
            e = v.named[r.key[2:]]
            return e.name, e.agency_type, ("N", e.name)
        if r.key.startswith("L:"):
            _, t, name = r.key.split(":", 2)
            known = v.named_keys.get(nlpmod.name_key(name))
            if known:
                return known, v.named[known].agency_type, ("N", known)
            return name, t, ("L", nlpmod.name_key(name))
        if r.key.startswith("S:"):
            name = _clean(r.text)
            known = v.named_keys.get(nlpmod.name_key(name)) or getattr(v.loose_body(name), "name", None)
            if known:
                return known, v.named[known].agency_type, ("N", known)
            h = v.heads[r.key[2:]]
            t = h.agency_type
            if h.infer:
                for kw, kt in v.keywords:
                    if kw.lower() in name.lower().replace("’", "'") and not (h.context and kw in v.weak_keywords):
                        t = kt
                        break
                else:
                    if h.context:  # "the Community Intensive Therapies Team": its words, else the report's services
                        t = _generic_type_in(name, v) or (team_type if h.group == "team" else context_type)
            hk = nlpmod.name_key(h.head)
            nk = nlpmod.name_key(name)
            prefix = nk[: nk.find(hk)].strip() if hk in nk else nk
            prefix = _COUNCIL_TAIL.sub("", " " + prefix).strip() if prefix.endswith("council") else prefix
            prefix = re.sub(r"^nhs\s+", "", prefix)
            return name, t, ("S", t, h.group, prefix)
        return None

    # the report's care services, for a team or service named by words that do not type it
    seen: Counter = Counter()
    for r in raws:
        if r.label == "AGENCY" and r.key[:2] in ("N:", "G:", "L:"):
            seen[v.named[r.key[2:]].agency_type if r.key[0] == "N" else v.generics[r.key[2:]].agency_type
                 if r.key[0] == "G" else r.key.split(":", 2)[1]] += 1
        elif r.label == "AGENCY" and r.key.startswith("S:") and not v.heads[r.key[2:]].context:
            seen[_infer_type(r.text, v)] += 1  # "... Partnership NHS Trust": a mental health trust
    context_type = next((t for t, _ in seen.most_common() if t in _CONTEXT_TYPES), "other")
    # a team is a community service's far more often than a hospital's: the report's mental health,
    # social care or substance misuse services first
    team_type = next((t for t in _TEAM_TYPES if seen[t]), context_type)

    # pass 1: abbreviation targets and clusters of named mentions
    abbr_target: dict[str, _Raw] = dict(defs)
    clusters: dict[tuple, list[str]] = defaultdict(list)
    ctype: dict[tuple, str] = {}
    first: dict[tuple, int] = {}
    count: Counter = Counter()
    info: dict[int, tuple] = {}
    for i, r in enumerate(raws):
        if r.label != "AGENCY":
            continue
        target = r
        if r.key.startswith("A:"):
            target = abbr_target.get(r.key[2:], r)
            if target is r:  # a known abbreviation that was only seen in "(ABBR)" form
                continue
        n = named_of(target)
        if n is None:
            continue
        name, t, ck = n
        info[id(r)] = ck
        if target is r:
            clusters[ck].append(name)
        ctype[ck] = t
        first.setdefault(ck, i)
        count[ck] += 1
    display = {ck: _display(names) for ck, names in clusters.items() if names}
    for ck in ctype:
        display.setdefault(ck, ck[-1] if ck[0] != "N" else ck[1])

    def dominant(agency_type: str, pattern: str | None) -> tuple | None:
        if pattern is None:
            return None
        rx = re.compile(pattern, re.I)
        cands = [ck for ck in ctype if ctype[ck] == agency_type and rx.search(display[ck])]
        if not cands:
            return None
        return max(cands, key=lambda ck: (count[ck], -first[ck]))

    def named_tail(text: str, agency_type: str) -> tuple | None:
        """The named agency a generic mention is the end of: "the Leaving Care service" after "the
        Kingsmere Leaving Care service" (the most mentioned, if several)."""
        key = nlpmod.name_key(text)
        if " " not in key:  # one word ("police", "hospital") is no part of one name
            return None
        cands = [ck for ck in ctype if ctype[ck] == agency_type and nlpmod.name_key(display[ck]).endswith(" " + key)]
        return max(cands, key=lambda ck: (count[ck], -first[ck]), default=None)

    # pass 2: every agency mention in document order
    last_trust: tuple | None = None
    for r in raws:
        if r.label != "AGENCY":
            continue
        if r.key in ("C:Team", "C:team", "C:service"):  # typed in pass 3
            continue
        ck = info.get(id(r))
        if ck is None and r.key.startswith("A:"):
            target = abbr_target.get(r.key[2:])
            if target is not None and target is not r:
                ck = info.get(id(target))
                if ck is None and target.key.startswith("G:"):
                    g = v.generics[target.key[2:]]
                    ck = dominant(g.agency_type, g.resolve)
                    if ck is None:
                        r.norm, r.kind = g.name, g.agency_type
                        continue
            elif r.key[2:] in (a for e in v.named.values() for a in e.abbreviations):
                e = next(e for e in v.named.values() if r.key[2:] in e.abbreviations)
                r.norm, r.kind = e.name, e.agency_type
                continue
            else:
                g = next((g for g in v.generics.values() if r.key[2:] in g.abbreviations), None)
                if g is not None:
                    ck = dominant(g.agency_type, g.resolve)
                    if ck is None:
                        r.norm, r.kind = g.name, g.agency_type
                        continue
        if ck is not None:
            r.norm, r.kind = display[ck], ctype[ck]
            if "trust" in r.norm.lower() and r.kind in HEALTH_TYPES:
                last_trust = ck
            continue
        if r.key.startswith("G:"):
            g = v.generics[r.key[2:]]
            ck = named_tail(r.text, g.agency_type) or dominant(g.agency_type, g.resolve)
            r.norm, r.kind = (display[ck], ctype[ck]) if ck else (g.name, g.agency_type)
        elif r.key.startswith("C:"):
            word = r.key[2:]
            if word == "Trust":
                ck = last_trust or next((c for c in sorted(ctype, key=lambda c: first[c])
                                         if "trust" in display[c].lower() and ctype[c] in HEALTH_TYPES), None)
                r.norm, r.kind = (display[ck], ctype[ck]) if ck else ("NHS Trust", "acute_hospital")
            elif word == "partnership":  # lower case: only when the review names its partnership
                ck = dominant("safeguarding_partnership", r"Safeguarding|LSCB|LSCP")
                if ck:
                    r.norm, r.kind = display[ck], ctype[ck]
            elif word == "Panel":  # "the Panel": the national review panel, when the review names it
                ck = dominant("safeguarding_partnership", r"Review Panel")
                if ck:
                    r.norm, r.kind = display[ck], ctype[ck]
                elif any(x.key == "G:Child Safeguarding Practice Review Panel" and "review panel" in x.text.lower()
                         for x in raws):
                    g = v.generics["Child Safeguarding Practice Review Panel"]
                    r.norm, r.kind = g.name, g.agency_type
            elif word in ("Board", "Partnership"):
                ck = dominant("safeguarding_partnership", r"Safeguarding|LSCB|LSCP")
                r.norm, r.kind = (display[ck], ctype[ck]) if ck else ("Local Safeguarding Children Board", "safeguarding_partnership")
            else:  # Council
                ck = dominant("other", "Council")
                r.norm, r.kind = (display[ck], ctype[ck]) if ck else ("Local Authority", "other")

    # pass 2b: "the Trust" where the report names no trust is the trust of its services. In a report
    # whose health services are mostly mental health ones ("the Trust's crisis team", the CMHT, its
    # psychiatrists), that is a mental health trust, not an acute one.
    unnamed = [r for r in raws if r.label == "AGENCY" and r.key == "C:Trust" and r.norm == "NHS Trust"]
    if unnamed:
        kinds = Counter(r.kind for r in raws if r.label in ("AGENCY", "PROFESSIONAL") and not r.key.startswith("C:")
                        and r.kind in ("adult_mental_health", "acute_hospital")
                        and r.text.lower() not in ("hospital", "hospitals", "the hospital"))  # bare words are no evidence
        if kinds["adult_mental_health"] > kinds["acute_hospital"]:
            for r in unnamed:
                r.kind = "adult_mental_health"

    # pass 3: "(“the Team”)", "the Team did not share": the team named last (none named: no mention)
    # "the team", "that service" (lower case, key C:team / C:service): only the team or service named last in
    # the same section, and not far back ("discharged from the service" after "the Home Treatment Team")
    last_team: tuple[str, str] | None = None
    last_service: tuple[str, str, int, int] | None = None  # norm, kind, section, end
    for r in raws:
        if r.label != "AGENCY":
            continue
        if r.key == "C:Team":
            if last_team is not None:
                r.norm, r.kind = last_team
        elif r.key in ("C:team", "C:service"):
            if last_service is not None and last_service[2] == r.sec_idx and r.start - last_service[3] < _BACK_REF_CHARS:
                r.norm, r.kind = last_service[:2]
        elif r.norm is not None and len(r.text.split()) > 1:
            last = r.text.split()[-1].lower()
            if last == "team":
                last_team = (r.norm, r.kind)
            if last in _SERVICE_HEADS:
                last_service = (r.norm, r.kind, r.sec_idx, r.end)


def _display(names: list[str]) -> str:
    """The canonical spelling of a cluster: the most specific name (longest comparison key),
    spelt as it is most often (first on a tie): "West Midlands Fire Service" over "West Midland's"."""
    keys = Counter(nlpmod.name_key(n) for n in names)
    best = max(keys, key=lambda k: (len(k), keys[k]))
    spellings = Counter(n for n in names if nlpmod.name_key(n) == best)
    top = max(spellings.values())
    return next(n for n in names if spellings.get(n) == top)


def _agencies(mentions: list[Mention], reported: set[tuple], v) -> list[Agency]:
    groups: dict[tuple[str, str], list[Mention]] = defaultdict(list)
    order: list[tuple[str, str]] = []
    for m in mentions:
        if m.label == Label.AGENCY.value:
            k = (m.norm, m.kind or "other")
            if k not in groups:
                order.append(k)
            groups[k].append(m)
    rep_keys = reported
    out = [Agency(agency=n, agency_type=t, mentions=len(ms), first_page=min(m.page_no for m in ms),
                  sections=tuple(sorted({m.section_id for m in ms})), reported=(n, t) in rep_keys)
           for (n, t), ms in ((k, groups[k]) for k in order)]
    # professionals of a type no agency covers: the generic service of that type
    types = {a.agency_type for a in out}
    prof: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        if m.label == Label.PROFESSIONAL.value and m.kind and m.kind not in types and m.kind != "other":
            prof[m.kind].append(m)
    for t, ms in prof.items():
        out.append(Agency(agency=v.generic_for_type(t), agency_type=t, mentions=len(ms),
                          first_page=min(m.page_no for m in ms), sections=tuple(sorted({m.section_id for m in ms}))))
    return out


# ---------------------------------------------------------------- people


_CHILD_BEFORE = re.compile(r"\b(?:her|his|their|the)\s+(?:daughters?|sons?|children)\b", re.I)


def _the_subject_as_her_childs_parent(raws: list[_Raw], sections, subject: str) -> None:
    """"Her daughter ... could not stay with her mother": after the subject's child, "her mother" is the
    subject (a mother for a woman the report is about, a father for a man)."""
    parent = {"f": "mother", "m": "father"}.get(_sex_by_pronouns(" ".join(sec.text for sec in sections)))
    if parent is None:
        return
    for r in raws:
        if r.label != "PERSON" or r.kind != parent or not re.fullmatch(rf"(?i)(?:her|his|their)\s+{parent}", r.text):
            continue
        sec = sections[r.sec_idx].text
        start = max(0, sec.rfind(".", 0, r.start) + 1)
        if _CHILD_BEFORE.search(sec, start, r.start):
            r.norm, r.kind = subject, "subject"


def _canonicalise_people(raws: list[_Raw], v, subject: str | None = None) -> None:
    for r in raws:
        if r.label == "PROFESSIONAL":
            p = v.professions[r.key[2:]]
            r.norm, r.kind = p.profession, p.agency_type
    # pseudonyms first: they define the review's people
    by_role: dict[str, set[str]] = defaultdict(set)
    for r in raws:
        if r.label == "PERSON" and r.key == "PSEUDO":
            title, ident = _split_pseudo(r.text)
            role = v.title_role(title) or "person"
            r.norm, r.kind = f"{title} {ident}", role
            by_role[role].add(r.norm)
        elif r.label == "PERSON" and r.key.startswith(("Q:", "S:")):
            r.norm, r.kind = r.key[2:], "subject"
            by_role["subject"].add(r.norm)
        elif r.label == "PERSON" and r.key.startswith("R:"):
            _, kin, name = r.key.split(":", 2)
            word = r.text.split()[-1].lower() if kin == "sibling" else kin
            r.norm, r.kind = f"{word.capitalize()} of {name}", kin

    def unique(role: str) -> str | None:
        s = by_role.get(role, set())
        if role == "child" and len(s) > 1:
            # the review's subject child: the one titled Child/Baby/Young Person, not a sibling
            s = {n for n in s if n.split()[0].lower() in _SUBJECT_TITLES}
        return next(iter(s)) if len(s) == 1 else None

    kin_role = {n: r.role for r in v.roles.values() if r.kin for n in r.nouns}
    child_nouns = {"son", "daughter", "child", "baby"}
    for r in raws:
        if r.label != "PERSON" or r.norm is not None:
            continue
        low = r.text.lower().replace("’", "'")
        if r.key in ("REL_OF", "REL_POSS"):
            m = re.match(r"^(?:the\s+)?(?:\w+\s+)?(.+?)\s+of\s+(.+)$", low) if r.key == "REL_OF" else \
                re.match(r"^(.+?)'s\s+(.+)$", r.text.replace("’", "'"))
            if not m:
                continue
            if r.key == "REL_OF":
                kin_words, target = m.group(1).split()[-1], _norm_pseudo(r.text[r.text.lower().rfind(" of ") + 4:])
            else:
                target, kin_words = _norm_pseudo(m.group(1)), m.group(2).lower()
            kin = _kin_of(kin_words, kin_role)
            if kin is None:
                continue
            r.norm, r.kind = _relative(kin, target, by_role, v), kin
        elif r.key == "ROLE_NP" or r.key.startswith("ROLE_AND:"):
            if r.key.startswith("ROLE_AND:"):  # "sister" in "his mother and sister": read as "his sister"
                low = f"{r.key[9:]} {low}"
            det = low.split()[0]
            noun = low.split()[-1]
            kin = _kin_of(" ".join(low.split()[1:]), kin_role)
            if subject and kin and det in ("his", "her", "their"):
                # a review about one named person (a coroner's report): "his mother", "her husband"
                # are that person's family
                r.norm, r.kind = f"{kin.capitalize()} of {subject}", kin
            elif subject and kin in nlpmod.OUTSIDE_KIN and det in ("a", "the"):
                r.norm, r.kind = f"{kin.capitalize()} of {subject}", kin  # "a friend", "the family member" of that person
            elif kin == "mother" and det in ("the", "his"):
                r.norm, r.kind = unique("mother"), "mother"
            elif kin == "father" and det == "the":
                child = unique("child")
                r.norm = unique("father") or (f"Father of {child}" if child else None)
                r.kind = "father"
            elif noun in child_nouns and (det in ("her", "his", "their") or (det == "the" and noun == "baby")):
                r.norm, r.kind = unique("child"), "child"
            elif kin in ("grandmother", "grandfather", "aunt", "uncle") and det in ("the", "their"):
                child = unique("child")
                if child:
                    r.norm, r.kind = f"{kin.capitalize()} of {child}", kin
            elif kin == "ex-partner" and det in ("his", "her"):
                # a child has no ex-partner: "his" is the review's one adult man, "her" its one adult woman
                roles = ("male", "father", "stepfather", "partner", "perpetrator") if det == "his" else \
                    ("mother", "female", "victim", "stepmother")
                adults = {n for ro in roles for n in by_role.get(ro, ())}
                if len(adults) == 1:
                    r.norm, r.kind = f"Ex-partner of {next(iter(adults))}", "ex-partner"
        elif r.key.startswith("BARE:"):
            noun = r.key[5:]
            if noun == "mother":
                r.norm, r.kind = unique("mother"), "mother"
            elif noun in child_nouns:
                r.norm, r.kind = unique("child"), "child"


_REFERRED_AS = re.compile(r"^,?\s*(?:who (?:is|will be|was) )?(?:referred to|known)(?: in this (?:report|review))? as\s+")
_SUBJECT_TITLES = frozenset({"child", "baby", "infant", "young"})
def _appositions(raws: list[_Raw]) -> None:
    """"her partner, who is referred to in this report as Male B": the role phrase is that person."""
    starts = {(r.sec_idx, r.start): r for r in raws if r.label == "PERSON"}
    for r in raws:
        if r.label != "PERSON" or r.norm is not None or r.key != "ROLE_NP":
            continue
        m = _REFERRED_AS.match(r.after)
        if m:
            target = starts.get((r.sec_idx, r.end + m.end()))
            if target is not None and target.norm:
                r.norm, r.kind = target.norm, target.kind


# "her husband, Peter Sample, found her", "his mother (Mrs Sample)": the relative's name after the role
_NAME_AFTER_ROLE = re.compile(r"\s*(?:,|\()\s*((?:(Mr|Mrs|Ms|Miss|Dr)\.?\s+)?([A-Z][a-z'’-]+)((?:\s+[A-Z][a-z'’-]+){0,2}))"
                              r"(?=\s*[,.;)]|\s+(?:who|was|had|has|is|and|said|found|called|told|gave|described|rang)\b)")
_TITLES_BY_KIN_NOUN = {n: ["Mr"] for n in "husband father son brother grandfather stepfather boyfriend fiancé uncle nephew".split()}
_TITLES_BY_KIN_NOUN.update({n: ["Mrs", "Ms", "Miss"] for n in
                            "wife mother daughter sister grandmother stepmother girlfriend fiancée aunt niece".split()})
_RELATIVE_KINDS = frozenset({"partner", "ex-partner", "mother", "father", "parent", "sibling", "child", "grandmother",
                             "grandfather", "relative", "friend"})


_PATIENTS_IN_GENERAL = re.compile(r"\b(?:the\s+patient|patients|families)\b", re.I)


def _a_generic_family_member(r: _Raw) -> bool:
    """"A family member found him" is a relative of the case; "the patient and the family member should be
    consulted", "families ... their family member" speak of patients in general (a guideline, a policy)."""
    return r.label == "PERSON" and r.text.lower().endswith("family member") and (
        not re.match(r"(?i)(?:a|the)\s", r.text) or bool(_PATIENTS_IN_GENERAL.search(r.sentence or "")))


def _named_relatives(sections, docs, raws: list[_Raw]) -> list[_Raw]:
    """A relative named right after the role ("her husband, Peter Sample, found her") is that relative
    under the name too, and so are the name's later forms in the report (the full name, the first
    name, the title and surname given there): "Peter called an ambulance" is her husband. A name the
    deceased bears, or one that is some other mention already, is left alone."""
    subject_words = {w for r in raws if r.label == "PERSON" and r.kind == "subject" for w in r.text.split()}
    forms: dict[str, tuple[str, str]] = {}
    out = list(raws)
    for r in raws:
        if r.label != "PERSON" or r.kind not in _RELATIVE_KINDS or not r.norm:
            continue
        text = sections[r.sec_idx].text
        m = _NAME_AFTER_ROLE.match(text, r.end)
        if not m or m.group(3) in subject_words or m.group(3).lower() in nlpmod.STOP_WORDS:
            continue
        a, b = m.start(1), m.end(1)
        if _taken(out, r.sec_idx, a, b):
            continue
        full = " ".join(m.group(1).split())
        forms.setdefault(full, (r.norm, r.kind))
        if m.group(4):  # a first name and a surname: the first name alone, and the title with the surname
            forms.setdefault(m.group(3), (r.norm, r.kind))
            noun = r.text.split()[-1].lower()
            titles = [m.group(2)] if m.group(2) else _TITLES_BY_KIN_NOUN.get(noun, [])
            for t in titles:
                forms.setdefault(f"{t} {m.group(4).split()[-1]}", (r.norm, r.kind))
    if not forms:
        return raws
    rx = re.compile(r"(?<![\w'’-])(?:" + "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True)) + r")(?![\w-])")
    for si, sec in enumerate(sections):
        for m in rx.finditer(sec.text):
            a, b = m.span()
            if _taken(out, si, a, b):
                continue
            norm, kind = forms[m.group(0)]
            out.append(_raw_at(sections, docs, si, a, b, "PERSON", "NAMED_RELATIVE", norm=norm, kind=kind))
    return sorted(out, key=lambda r: (r.sec_idx, r.start))


_PSEUDO_RE = re.compile(r"^(.*\S)\s+(\S+)$")


def _split_pseudo(text: str) -> tuple[str, str]:
    m = _PSEUDO_RE.match(" ".join(text.split()))
    return (m.group(1), m.group(2)) if m else (text, "")


def _norm_pseudo(text: str) -> str:
    t, i = _split_pseudo(text.strip())
    return f"{t[:1].upper()}{t[1:]} {i}"


def _kin_of(words: str, kin_role: dict[str, str]) -> str | None:
    words = words.replace(" - ", "-").strip()
    if re.search(r"(?:partner|wife|husband|girlfriend|boyfriend|fianc[eé]e?)$", words) and \
            re.search(r"\b(?:ex|former|previous)\b|\bex-", words):
        return "ex-partner"  # "his former wife", "her ex-husband"
    for k in (words, words.split()[-1] if words.split() else words):
        if k in kin_role:
            return kin_role[k]
    if words.endswith("partner"):
        return "ex-partner" if re.search(r"\b(?:ex|former|previous)\b", words) else "partner"
    return None


def _relative(kin: str, target: str, by_role: dict[str, set[str]], v) -> str:
    """Canonical key of ``kin`` of ``target``: "Mother S" when the review names her so."""
    ident = target.split()[-1]
    for name in by_role.get(kin, ()):
        if name.split()[-1] == ident:
            return name
    trole = v.title_role(" ".join(target.split()[:-1]))
    if trole == "child" and len(by_role.get(kin, ())) == 1:
        return next(iter(by_role[kin]))
    return f"{kin.capitalize()} of {target}"


def _people(mentions: list[Mention]) -> list[Person]:
    counts: Counter = Counter()
    roles: dict[str, str] = {}
    for m in mentions:
        if m.label == Label.PERSON.value:
            counts[m.norm] += 1
            roles.setdefault(m.norm, m.kind or "person")
    return [Person(person=p, role=roles[p], mentions=n) for p, n in counts.items()]


__all__ = ["extract"]
