"""Theme tagging: taxonomy validation, negation/hypothetical vetoes, exact tags with evidence."""

from __future__ import annotations

import pytest

from extract.errors import ExtractError
from extract.findings import extract
from extract.model import Finding, Recommendation, Section, ThemeTag
from extract.themes import codes, find, load_taxonomy, section_locus, tag, tag_all, taxonomy_rows, with_themes

TAXONOMY = load_taxonomy()


def sec(sid, parent, number, title, level, text="", page=1, spans=()):
    return Section(sid, parent, sid, number, title, level, page, page, text, spans)


# --------------------------------------------------------------------------- taxonomy

def test_taxonomy_has_the_30_domain_codes_with_facets():
    got = {t["code"]: t["facet"] for t in TAXONOMY}
    assert sorted(got) == [f"C{i:02d}" for i in range(1, 12)] + [f"H{i:02d}" for i in range(1, 6)] + [
        f"P{i:02d}" for i in range(1, 16)]
    assert {got[c] for c in got if c[0] == "C"} == {"context"}
    assert {got[c] for c in got if c[0] == "H"} == {"harm"}
    assert {got[c] for c in got if c[0] == "P"} == {"practice"}
    assert taxonomy_rows()[0] == {"code": "C01", "facet": "context", "label": "Domestic abuse",
                                  "definition": TAXONOMY[0]["definition"]}
    row = next(t for t in TAXONOMY if t["code"] == "C01")
    assert (row["label"], row["definition"][:29]) == ("Domestic abuse", "Abuse between adults or intim")


@pytest.mark.parametrize("theme", TAXONOMY, ids=lambda t: t["code"])
def test_taxonomy_examples(theme):
    for ex in theme["include_examples"]:
        assert theme["code"] in codes(ex), f"{theme['code']} should tag: {ex}"
    for ex in theme["exclude_examples"]:
        assert theme["code"] not in codes(ex), f"{theme['code']} should not tag: {ex}"


@pytest.mark.parametrize("yaml_text,message", [
    ("version: 1\nthemes:\n  - code: C01\n    facet: harm\n    label: x\n    definition: y\n    triggers: [a]\n",
     r"themes\[0\] \(C01\): key 'facet' is 'harm'; code C01 needs 'context'"),
    ("version: 1\nthemes:\n  - code: X1\n    facet: context\n    label: x\n    definition: y\n    triggers: [a]\n",
     r"themes\[0\] \(X1\): key 'code'"),
    ("version: 1\nthemes:\n  - code: P01\n    facet: practice\n    label: x\n    definition: y\n    triggers: ['(a']\n",
     r"themes\[0\] \(P01\)\.triggers\[0\]: bad regex"),
    ("version: 1\nthemes:\n  - code: P01\n    facet: practice\n    label: x\n    definition: y\n    triggers: [a]\n"
     "    colour: red\n", r"unknown key\(s\) \['colour'\]"),
    ("themes: []\n", r"missing key 'version'"),
])
def test_invalid_taxonomy_names_file_and_key(tmp_path, yaml_text, message):
    p = tmp_path / "themes.yaml"
    p.write_text(yaml_text)
    with pytest.raises(ExtractError, match=message) as e:
        load_taxonomy(p)
    assert str(p) in str(e.value)


# --------------------------------------------------------------------------- negation and hypotheticals

@pytest.mark.parametrize("text,expected", [
    ("Police were called to the address after a domestic abuse incident.", ["C01"]),
    ("There was no evidence of domestic abuse.", []),
    ("No concerns were raised about neglect by the school.", []),
    ("No concerns were raised about domestic violence or about the parents' use of cannabis.", []),
    ("The family were never homeless.", []),
    ("There had not been any domestic abuse.", []),
    # weak negation negates what is next to it, not the object of another verb
    ("Agencies did not share information about the domestic abuse.", ["C01", "P02"]),
    ("Mother denied any drug use.", []),
    ("If the police had known, a DASH risk assessment would have been completed.", []),
    ("Bruising in a non-mobile baby may have indicated abuse.", []),
    ("The GP may have considered a referral to adult mental health services.", []),
    ("It is a potential indicator of neglect.", []),
    ("Domestic abuse is often present in child neglect and emotional abuse cases.", []),
    ("Mother S was charged with neglect.", []),
    ("This Domestic Homicide Review was commissioned by the Community Safety Partnership.", []),
    # practice codes: the negation is the deficit, so it still counts ...
    ("This information was not shared with the appropriate agencies.", ["P02"]),
    ("Early Help provision was not provided.", ["P11"]),
    # ... but strong negation and hypotheticals veto them too
    ("There is no evidence that information sharing was a factor.", []),
    ("Had professionals shown more curiosity the outcome might have been different.", []),
    ("If professionals had been more curious the outcome might have been different.", []),
    # the veto stops at a clause break
    ("There was no record of any incidents, but Mother S said she had suffered domestic abuse.", ["C01"]),
    ("Male B was on a Supervision Order.", []),
    ("Staff did not identify any signs of abuse or neglect towards Child S.", []),
    ("Regulation 5 requires a review where abuse or neglect of a child is known or suspected.", []),
    ("These behaviours should cause professionals to be suspicious of neglect.", []),
    # a question asserts nothing about the family (context/harm); a practice theme still counts
    ("How effective was the response to concerns about neglect?", []),
    ("How will the partnership know that missed appointments are recognised?", ["P08"]),
    ("None of the agencies had been given any cause to believe that Mother S was a poor mother or that "
     "Child S was neglected.", []),
    ("There is a culture of blame within the team.", []),
])
def test_negation_hypotheticals_and_generic_statements(text, expected):
    assert codes(text) == expected


def test_find_offsets_and_phrases():
    text = "She told the midwife about domestic abuse. She was not seen alone; the midwife did not share this information."
    hits = [(h.code, h.start, h.end, h.phrase) for h in find(text)]
    da, sa, sh = text.index("domestic abuse"), text.index("seen alone"), text.index("did not share")
    # two P02 triggers overlap ("did not share", "share this information"): one hit, their union
    assert hits == [
        ("C01", da, da + 14, "domestic abuse"),
        ("P05", sa, sa + 10, "seen alone"),
        ("P02", sh, sh + 30, "did not share this information"),
    ]


# --------------------------------------------------------------------------- review tagging with evidence

SECTIONS = [
    sec(1, None, None, "", 0, "Coventry Local Safeguarding Children Board\nSerious Case Review concerning Child S"),
    sec(2, None, "1", "Introduction", 1, "", 5),
    sec(3, 2, "1.3.2", "The Terms of Reference", 2, "The review will consider domestic abuse and neglect.", 7),
    sec(4, None, "2", "The Story of Child S", 1, "", 9),
    sec(5, 4, "2.1", "Mother S's Early Years", 2,
        "Mother S grew up with a strong Pakistani heritage. She moved to a women's refuge in Coventry.", 9,
        ((0, 9), (50, 10))),
    sec(6, None, "4", "The analysis", 1, "", 26),
    sec(7, 6, "4.1", "The child's voice", 2, "Police found drugs on the premises. There was no evidence of neglect.", 26),
    sec(8, 6, "4.2", "Key findings", 2, "", 27),
    sec(9, 8, "4.2.5", "Dealing with domestic violence offenders", 3,
        "Male B had a long history as a perpetrator of domestic violence. Organisations do not pro-actively "
        "share the information they hold. A DASH risk assessment would have provided an opportunity.", 31),
    sec(10, None, "5", "Recommendations", 1, "", 36),
    sec(11, 10, "5.3", "Recommendation Three", 2,
        "Coventry LSCB should ensure that all agencies:\n\n- Have protocols in place to share information between "
        "agencies about families that are hard to engage.", 37),
]


def test_tags_carry_evidence_loci_and_the_story_stays_context_only():
    findings, recs = extract(SECTIONS)
    assert [(f.finding_id, f.number) for f in findings] == [(1, "4.2.5")]
    assert [(r.rec_id, r.number) for r in recs] == [(1, "5.3")]
    tags = tag(findings, recs, SECTIONS)
    by_id = {s.section_id: s for s in SECTIONS}
    for t in tags:
        if t.start_char is not None:
            assert by_id[t.section_id].text[t.start_char:t.end_char] == t.evidence
    got = {(t.code, t.locus, t.source_table, t.source_id) for t in tags}
    # the finding: domestic violence by the perpetrator
    assert ("C01", "finding", "findings", 1) in got
    # the recommendation: protocols to share information
    assert ("P02", "recommendation", "recommendations", 1) in got
    # the story: context codes by the rules only (page from page_spans); never practice codes
    t5 = SECTIONS[4].text
    assert ThemeTag("C10", "narrative", "sections", 5, 9, "heritage", 5, t5.index("heritage"),
                    t5.index("heritage") + 8) in tags
    assert ThemeTag("C01", "narrative", "sections", 5, 10, "women's refuge", 5, t5.index("women"),
                    t5.index("women") + 14) in tags
    assert not [t for t in tags if t.locus == "narrative" and t.code[0] == "P"]
    # terms of reference and front matter are about the review, not the case: no tags
    assert not [t for t in tags if t.section_id in (1, 3)]
    # "There was no evidence of neglect": no neglect tag in 4.1
    assert not [t for t in tags if t.code == "C04" and t.section_id == 7]


@pytest.mark.xfail(strict=True, reason="known gap: the classifier scores 'Organisations do not pro-actively "
                   "share the information they hold' 0.26 for P02, under its threshold")
def test_information_not_shared_in_a_finding_is_p02():
    findings, recs = extract(SECTIONS)
    tags = tag(findings, recs, SECTIONS)
    p02 = [t for t in tags if t.code == "P02" and t.source_table == "findings"]
    assert p02 and p02[0].evidence.startswith("Organisations do not pro-actively share")


def test_with_themes_returns_new_frozen_objects():
    findings, recs = extract(SECTIONS)
    tags, f2, r2 = tag_all(findings, recs, SECTIONS)
    assert findings[0].themes == () and "C01" in f2[0].themes
    assert list(f2[0].themes) == sorted({t.code for t in tags if t.source_table == "findings"})
    assert "P02" in r2[0].themes
    assert f2[0] is not findings[0] and f2[0].text == findings[0].text
    f3, r3 = with_themes(findings, recs, [])
    assert f3[0].themes == () and r3[0].themes == ()


def test_evidence_found_only_in_a_finding_title_has_no_offsets():
    s = sec(1, None, None, "Findings", 1, "", 4)
    c = Section(2, 1, 2, "4", "During lockdown, children not known to social care were not seen", 2, 5, 5,
                "The school made welfare calls that went unanswered.")
    findings, _ = extract([s, c])
    tags = tag(findings, [], [s, c])
    assert tags
    for t in tags:
        if t.evidence.startswith("During lockdown"):
            assert (t.start_char, t.end_char) == (None, None)
        else:
            assert c.text[t.start_char:t.end_char] == t.evidence


def test_section_locus_rules():
    by_id = {s.section_id: s for s in SECTIONS}
    assert [section_locus(s, by_id) for s in SECTIONS] == [
        None, "narrative", None, "narrative", "narrative", "finding", "finding", "finding", "finding",
        "finding", "finding"]


def test_tagging_a_real_finding_text_is_conservative():
    # the Coventry SCR 4.2.1 fragment: the hedged sentences give nothing, the explicit ones do
    text = ("This report has not found evidence that any agency or professional in Coventry could have prevented "
            "the death of Child S. Early Help intervention aimed at educating her and providing support may have "
            "altered her behaviour; but there is little evidence from her previous history that she would have "
            "willingly engaged. Mother S was adept at avoiding agencies when she wanted to.")
    assert codes(text) == ["P07"]


from hypothesis import given, settings, strategies as st

_PHRASES = st.sampled_from([
    "domestic abuse", "no evidence of", "neglect", "would have", "professional curiosity", "was not shared",
    "information", "Early Help", "CAMHS", "If", "cannabis", "the", "child", ".", ",", "\n", "\n\n", "- ",
    "Key findings", "Recommendation 1:", "The LSCB should", "murder", "homeless", "?", "not"])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["Chronology", "Key findings", "Recommendations", "Analysis",
                                           "Terms of Reference", "Good practice"]),
                          st.lists(_PHRASES, max_size=40).map(" ".join)), min_size=1, max_size=6))
def test_every_tag_with_offsets_points_at_its_evidence(raw):
    sections = [Section(i, None, i, str(i), title, 1, i, i, text) for i, (title, text) in enumerate(raw, start=1)]
    findings, recs = extract(sections)
    tags, f2, r2 = tag_all(findings, recs, sections)
    by_id = {s.section_id: s for s in sections}
    codes_known = {t["code"] for t in TAXONOMY}
    for t in tags:
        assert t.code in codes_known and t.locus in ("finding", "recommendation", "narrative")
        if t.start_char is not None:
            assert by_id[t.section_id].text[t.start_char:t.end_char] == t.evidence
        if t.locus == "narrative":
            assert t.code[0] in "CH"  # the story carries context and harm, never practice findings
        assert t.polarity in ("concern", "good_practice") and t.method in ("classifier", "rule")
        if t.code[0] in "CH" or t.locus == "recommendation":
            assert t.polarity == "concern"
    assert sorted({t.code for t in tags if t.source_table == "findings"}) == sorted({c for f in f2 for c in f.themes})


# --------------------------------------------------------------------------- the words a trigger needs

def test_a_trigger_needs_one_of_the_words_every_match_holds():
    import re as _re

    from extract.literals import fold, required_words

    def need(p):
        return required_words(_re.compile(p, _re.I))

    assert need("professional curiosity") == ("professional curiosity",)
    assert need("cannabis|heroin|amphetamines?") == ("cannabis", "heroin", "amphetamine")
    assert need("(?:lack of|limited|poor) (?:engagement|co-?operation)") == ("engagement", "operation")
    # sre_parse takes a common first letter out of the alternation: the branches' words are the rest
    assert need("(?:a |the )?(?:policy|protocol)") == ("olicy", "rotocol")
    assert need("(?:carers? )+assessment") == ("assessment",)
    assert need("(?:foo|)ba") is None  # a branch may match nothing, and "ba" is too short alone
    assert need("(?:xyz)*|ab") is None
    assert need("(?-i:CSE|CCE)") is None  # sre_parse takes out the common 'C': 'SE' / 'CE' are too short
    assert need("s?eptember") == ("eptember",) and fold("\u017fEPTEMBER") == "september"  # IGNORECASE's long s


def test_the_prefilter_changes_no_hit(monkeypatch):
    """find() with the words a trigger needs checked first gives exactly what every trigger run over every
    sentence gives: over the taxonomy's examples and a tenth of the committed synthetic units."""
    import json
    from extract import CORPORA_DIR, MODELS_DIR, themes

    texts = [x for t in TAXONOMY for x in t["include_examples"] + t["exclude_examples"]]
    for path in sorted((CORPORA_DIR / "themes" / "synthetic").glob("*.jsonl")):
        lines = path.read_text(encoding="utf-8").splitlines()
        texts += [json.loads(line)["text"] for line in lines[::10]]
    assert len(texts) > 500
    fast = [find(t) for t in texts]
    tax = themes._load(str(MODELS_DIR / "themes.yaml"))
    for t in tax:
        monkeypatch.setitem(t, "_literals", (None,) * len(t["_triggers"]))
    slow = [find(t) for t in texts]
    assert sum(map(len, fast)) > 300
    assert fast == slow
