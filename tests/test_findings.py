"""Findings and recommendations from realistic inline sections (exact expected rows)."""

from __future__ import annotations

import pytest

from extract.errors import ExtractError
from extract.findings import (canonical_addressees, canonical_part, doc_context, extract, heading_kind,
                              lead_subject, token_overlap)
from extract.model import Finding, Mention, Recommendation, Section


def sec(sid, parent, number, title, level, text="", page=1, spans=()):
    return Section(sid, parent, sid, number, title, level, page, page, text, spans)


# --------------------------------------------------------------------------- an SCR shaped like Coventry

SCR = [
    sec(1, None, None, "", 0, "Coventry Local Safeguarding Children Board\nSerious Case Review concerning Child S"),
    sec(2, None, "3", "Significant Events in the Life of Child S", 1, "", 14),
    sec(3, 2, "3.3.1", "Finding a permanent home", 3, "Mother S was placed in temporary accommodation.", 21),
    sec(4, None, "4", "The analysis", 1, "This section considers the evidence.", 26),
    sec(5, 4, "4.2", "Key findings", 2, "", 27),
    sec(6, 5, "4.2.1", "Overall Finding", 3,
        "This report has not found evidence that any agency could have prevented the death.\n\n"
        "The facts that support this finding are:\n\n"
        "- None of the agencies were aware that Mother S and Male B were in a relationship.\n"
        "- Agencies fulfilled their statutory responsibilities.", 27),
    sec(7, 5, "4.2.2", "Early Help", 3,
        "Early Help provision was not provided, and the Common Assessment Framework was not fully utilised.",
        28, ((0, 28),)),
    sec(8, 4, "4.3", "Areas for further improvement", 2, "", 33),
    sec(9, 8, "4.3.1", "Professional Curiosity", 3,
        "Practitioners failed to engage their professional curiosity.\n\nThis resulted in some missed opportunities.",
        33, ((0, 33), (62, 34))),
    sec(10, 4, "4.4", "Good practice", 2, "", 34),
    sec(11, 10, "4.4.1", "Health visiting service", 3, "The health visitors undertook some excellent work.", 34),
    sec(12, None, "5", "Recommendations", 1,
        "The following section makes two recommendations. In those cases where issues have been identified for "
        "a single agency, that agency should produce action plans.", 36),
    sec(13, 12, "5.1", "Recommendation One", 2,
        "The Coventry LSCB should monitor the plans for changes in structure.\n\n"
        "It is important that the impact of these changes is monitored.", 36),
    sec(14, 12, "5.2", "Recommendation Two", 2,
        "Coventry LSCB should ensure that all agencies:\n\n"
        "- Have policies and procedures in place for identifying those families that are proving hard to engage.\n"
        "- Monitor staff compliance with the agreed procedures.\n\n"
        "In this case Mother S was sporadic in her attendance at appointments.", 37),
    sec(15, None, "6", "Conclusion", 1, "The Coventry LSCB has accepted the findings.", 37),
]


def test_scr_findings_exact():
    findings, _ = extract(SCR)
    assert findings == [
        Finding(1, 6, 27, "finding", "4.2.1", "Overall Finding",
                "This report has not found evidence that any agency could have prevented the death. "
                "The facts that support this finding are: "
                "- None of the agencies were aware that Mother S and Male B were in a relationship. "
                "- Agencies fulfilled their statutory responsibilities."),
        Finding(2, 7, 28, "finding", "4.2.2", "Early Help",
                "Early Help provision was not provided, and the Common Assessment Framework was not fully utilised."),
        Finding(3, 9, 33, "area_for_improvement", "4.3.1", "Professional Curiosity",
                "Practitioners failed to engage their professional curiosity. This resulted in some missed opportunities."),
        Finding(4, 11, 34, "good_practice", "4.4.1", "Health visiting service",
                "The health visitors undertook some excellent work."),
    ]


def test_scr_recommendations_exact_with_bullets_kept_together():
    _, recs = extract(SCR)
    board = "Coventry Local Safeguarding Children Board"
    assert recs == [
        Recommendation(1, 13, 36, "5.1",
                       "The Coventry LSCB should monitor the plans for changes in structure. "
                       "It is important that the impact of these changes is monitored.",
                       (board,), ("safeguarding_partnership",), "multi_agency"),
        Recommendation(2, 14, 37, "5.2",
                       "Coventry LSCB should ensure that all agencies: "
                       "- Have policies and procedures in place for identifying those families that are proving hard to engage. "
                       "- Monitor staff compliance with the agreed procedures. "
                       "In this case Mother S was sporadic in her attendance at appointments.",
                       (board,), ("safeguarding_partnership",), "multi_agency"),
    ]


def test_page_comes_from_page_spans():
    s = sec(1, None, None, "Lessons to be learned", 1,
            "1. Routine enquiry about domestic abuse needs to be followed by action.\n"
            "2. MARAC actions need to be tracked to completion.", 9, ((0, 9), (75, 10)))
    findings, _ = extract([s])
    assert [(f.kind, f.number, f.page_no, f.text) for f in findings] == [
        ("learning", "1", 9, "Routine enquiry about domestic abuse needs to be followed by action."),
        ("learning", "2", 10, "MARAC actions need to be tracked to completion."),
    ]


# --------------------------------------------------------------------------- LCSPR: Finding 1..n inline

LCSPR = [
    sec(1, None, None, "Introduction", 1,
        "Northshire Safeguarding Children Partnership (the Partnership) commissioned this review.", 2),
    sec(2, None, None, "Findings", 1,
        "Finding 1: Children who are not brought to health appointments are at risk of becoming invisible\n"
        "Child Q was not brought to more than half of her health appointments.\n"
        "Questions for the partnership\n"
        "• How will the partnership know that missed appointments are recognised?\n"
        "Finding 2: Thresholds were applied to single referrals\n"
        "The referral from school described hunger.", 4),
    sec(3, None, None, "Recommendations", 1,
        "1  The Partnership should seek assurance from the CCG that all GP practices record missed appointments.\n\n"
        "2  Northshire County Council should ensure that the Front Door gathers information from health "
        "visiting.\n\n"
        "3  NHS England should review the national guidance on was not brought.", 6),
]


def test_lcspr_inline_findings_with_titles_and_questions():
    findings, _ = extract(LCSPR)
    assert [(f.kind, f.number, f.title, f.text) for f in findings] == [
        ("finding", "1", "Children who are not brought to health appointments are at risk of becoming invisible",
         "Child Q was not brought to more than half of her health appointments. Questions for the partnership "
         "- How will the partnership know that missed appointments are recognised?"),
        ("finding", "2", "Thresholds were applied to single referrals", "The referral from school described hunger."),
    ]


def test_numbered_list_recommendations_with_own_partnership_and_national_scope():
    _, recs = extract(LCSPR)
    assert [(r.number, r.text, r.addressees, r.addressee_types, r.scope) for r in recs] == [
        ("1", "The Partnership should seek assurance from the CCG that all GP practices record missed appointments.",
         ("Northshire Safeguarding Children Partnership",), ("safeguarding_partnership",), "multi_agency"),
        ("2", "Northshire County Council should ensure that the Front Door gathers information from health visiting.",
         ("Northshire County Council",), ("local_authority",), "single_agency"),
        ("3", "NHS England should review the national guidance on was not brought.",
         ("NHS England",), ("national_body",), "national"),
    ]


# --------------------------------------------------------------------------- "Recommendation 3:" paragraphs

def test_recommendation_n_paragraphs_and_executive_summary_duplicates():
    sections = [
        sec(1, None, None, "Executive summary", 1, "", 2),
        sec(2, 1, None, "Summary of recommendations", 2,
            "Recommendation 1: All agencies should review their escalation policies.\n"
            "Recommendation 2: The Department for Education should publish guidance.", 2),
        sec(3, None, None, "Recommendations", 1,
            "Recommendation 1: All agencies should review their escalation policies and report to the Board "
            "on how practitioners are made aware of them.\n"
            "Recommendation 2: The Department for Education should publish guidance on home education.", 20),
    ]
    _, recs = extract(sections)
    assert [(r.rec_id, r.section_id, r.number, r.text, r.addressees, r.scope) for r in recs] == [
        (1, 3, "1", "All agencies should review their escalation policies and report to the Board on how "
                    "practitioners are made aware of them.", ("All agencies",), "multi_agency"),
        (2, 3, "2", "The Department for Education should publish guidance on home education.",
         ("Department for Education",), "national"),
    ]


# --------------------------------------------------------------------------- tables

PIPE_TABLE = (
    "The panel makes the following recommendations.\n\n"
    "No. | Recommendation | Action | Lead agency | Target date\n\n"
    "1 | The CSP should seek assurance that all agencies ask about domestic abuse routinely. | Audit of routine enquiry. "
    "| Northshire CCG; Riverside University Hospitals NHS Foundation Trust | March 2020\n\n"
    "2 | Northshire Constabulary should ensure that DASH risk assessments take account of the history | Update DASH "
    "guidance. | Northshire Constabulary | December 2019\n"
    "  | of the perpetrator and not only the current incident. | |  |\n\n"
    "No. | Recommendation | Action | Lead agency | Target date\n\n"
    "3 | The CSP should send this report to the Home Office. | Publication. | Wexham Vale Community Safety "
    "Partnership | On publication\n\n"
    "77 The panel recommends that the CSP monitors progress against these recommendations and reports to the Home "
    "Office when all actions are complete, which is expected to take about two years from the date of publication."
)


def test_pipe_table_split_over_a_page_break_yields_whole_rows():
    s = sec(1, None, None, "Recommendations", 1, PIPE_TABLE, 10, ((0, 10), (PIPE_TABLE.index("No. |", 60), 11)))
    _, recs = extract([s, sec(2, None, None, "Introduction", 1, "Wexham Vale Community Safety Partnership (the CSP).")])
    assert [(r.number, r.text, r.addressees, r.scope, r.page_no) for r in recs] == [
        ("1", "The CSP should seek assurance that all agencies ask about domestic abuse routinely.",
         ("Northshire Clinical Commissioning Group", "Riverside University Hospitals NHS Foundation Trust"),
         "multi_agency", 10),
        ("2", "Northshire Constabulary should ensure that DASH risk assessments take account of the history of the "
              "perpetrator and not only the current incident.", ("Northshire Constabulary",), "single_agency", 10),
        ("3", "The CSP should send this report to the Home Office.", ("Wexham Vale Community Safety Partnership",),
         "multi_agency", 11),
    ]


def test_space_separated_table_with_continuation_lines_aligned_to_columns():
    text = (
        "Recommendation                          Action                       Lead agency      Target date\n"
        "1. The LSCB should audit strategy      Audit of 20 cases            Children's       June 2016\n"
        "   discussions held by telephone.      by the MASH manager.         Social Care\n"
        "2. Police should attend all strategy   Revise the force policy.     West Midlands    May 2016\n"
        "   meetings in person.                                              Police\n"
    )
    _, recs = extract([sec(1, None, "7", "Recommendations and action plan", 1, text, 40)])
    assert [(r.number, r.text, r.addressees, r.addressee_types, r.scope) for r in recs] == [
        ("1", "The LSCB should audit strategy discussions held by telephone.", ("Children's Social Care",),
         ("childrens_social_care",), "single_agency"),
        ("2", "Police should attend all strategy meetings in person.", ("West Midlands Police",), ("police",),
         "single_agency"),
    ]


# --------------------------------------------------------------------------- individual agency recommendations

def test_individual_agency_recommendations_appendix_and_agency_labels():
    sections = [
        sec(1, None, "B", "Appendix B: Individual agency recommendations", 1, "", 30),
        sec(2, 1, None, "West Midlands Police", 2,
            "1. Officers should check the history of both parties at every domestic incident.\n"
            "2. The force should audit compliance with the DASH policy.", 30),
        sec(3, 1, None, "Coventry and Warwickshire Partnership NHS Trust", 2,
            "1. Health visitors should see mothers alone at least once.\n"
            "2. Safeguarding supervision should include cases closed for non-engagement.", 31),
        sec(4, None, None, "Single agency recommendations", 1,
            "78 Northshire Constabulary: officers should consider a disclosure after every high-risk incident.\n\n"
            "79 National Probation Service and Northshire CRC: domestic abuse enquiries should be made for all "
            "pre-sentence reports.", 32),
    ]
    _, recs = extract(sections)
    assert [(r.section_id, r.number, r.text, r.addressees, r.scope) for r in recs] == [
        (2, "1", "Officers should check the history of both parties at every domestic incident.",
         ("West Midlands Police",), "single_agency"),
        (2, "2", "The force should audit compliance with the DASH policy.", ("West Midlands Police",), "single_agency"),
        # grouped under an agency heading: the heading is the addressee, not the staff group in the subject
        (3, "1", "Health visitors should see mothers alone at least once.",
         ("Coventry and Warwickshire Partnership NHS Trust",), "single_agency"),
        (3, "2", "Safeguarding supervision should include cases closed for non-engagement.",
         ("Coventry and Warwickshire Partnership NHS Trust",), "single_agency"),
        (4, "78", "officers should consider a disclosure after every high-risk incident.",
         ("Northshire Constabulary",), "single_agency"),
        (4, "79", "domestic abuse enquiries should be made for all pre-sentence reports.",
         ("National Probation Service", "Northshire Community Rehabilitation Company"), "single_agency"),
    ]


# --------------------------------------------------------------------------- PFD report

PFD = [
    sec(1, None, None, "REGULATION 28 REPORT TO PREVENT", 1, "", 1),
    sec(2, None, None, "FUTURE DEATHS THIS REPORT IS BEING SENT", 1, "TO:", 1),
    sec(3, None, "1", "Chief Executive Officer of The Priory Group", 1, "", 1),
    sec(4, None, "2", "Chief Executive Officer if NHS England", 1, "", 1),
    sec(5, None, "1", "CORONER", 1, "I am the assistant coroner for the coroner area of Surrey.", 1),
    sec(6, None, "4", "CIRCUMSTANCES OF THE DEATH", 1, "She was diagnosed with post partum depression.", 2),
    sec(7, None, "5", "CORONER'S CONCERNS", 1,
        "During the course of the inquest the evidence revealed matters giving rise to concern.\n\n"
        "The MATTERS OF CONCERN are as follows:\n\n"
        "1. The information that she had practised tying a ligature was not repeated on admission.\n"
        "The records were not sought.\n\n"
        "2. There was a lack of clarity among the clinicians as to who was responsible for removing banned items.", 3),
    sec(8, None, "6", "ACTION SHOULD BE TAKEN", 1,
        "In my opinion action should be taken to prevent future deaths and I believe you [AND/OR your "
        "organisation] have the power to take such action.", 3),
    sec(9, None, "7", "YOUR RESPONSE", 1, "You are under a duty to respond to this report within 56 days.", 4),
]


def test_pfd_concerns_and_action_box():
    findings, recs = extract(PFD)
    assert [(f.kind, f.number, f.title, f.text, f.page_no) for f in findings] == [
        ("concern", "1", None, "The information that she had practised tying a ligature was not repeated on "
                               "admission. The records were not sought.", 3),
        ("concern", "2", None, "There was a lack of clarity among the clinicians as to who was responsible for "
                               "removing banned items.", 3),
    ]
    assert recs == [Recommendation(
        1, 8, 3, None, "In my opinion action should be taken to prevent future deaths and I believe you [AND/OR your "
                       "organisation] have the power to take such action.",
        ("Priory Group", "NHS England"), ("other", "national_body"), "national")]


# --------------------------------------------------------------------------- addressees

def test_addressee_from_entity_mentions_in_the_lead_sentence():
    text = "The Coventry LSCB should ensure that West Midlands Police shares information."
    s = sec(1, None, "5.1", "Recommendation One", 2, text, 36)
    parent = sec(2, None, "5", "Recommendations", 1, "", 36)
    s = Section(1, 2, 1, "5.1", "Recommendation One", 2, 36, 36, text)
    mentions = [
        Mention(1, 36, 4, 16, "AGENCY", "Coventry LSCB", "Coventry Safeguarding Children Board",
                "safeguarding_partnership"),
        Mention(1, 36, 37, 57, "AGENCY", "West Midlands Police", "West Midlands Police", "police"),
    ]
    _, recs = extract([parent, s], mentions)
    # only the mention inside the subject ("The Coventry LSCB") is an addressee
    assert (recs[0].addressees, recs[0].addressee_types, recs[0].scope) == (
        ("Coventry Safeguarding Children Board",), ("safeguarding_partnership",), "multi_agency")


@pytest.mark.parametrize("phrase,expected", [
    ("The Coventry LSCB", [("Coventry Local Safeguarding Children Board", "safeguarding_partnership", "multi_agency")]),
    ("All agencies", [("All agencies", "all_agencies", "multi_agency")]),
    ("NHS England", [("NHS England", "national_body", "national")]),
    ("the Department for Education", [("Department for Education", "national_body", "national")]),
    ("West Midlands Police and the Probation Service",
     [("West Midlands Police", "police", None), ("Probation Service", "probation", None)]),
    ("The health visitor", [("health visitor", "health_visiting", None)]),
    ("Practitioners", []),
])
def test_fallback_addressee_rules(phrase, expected):
    assert canonical_addressees(phrase) == expected


def test_lead_subject_and_parts():
    t = "It is recommended that the Coventry LSCB should review its procedures."
    s, e = lead_subject(t)
    assert t[s:e] == "the Coventry LSCB"
    t = "NHS England to review the commissioning of perinatal services."
    s, e = lead_subject(t)
    assert t[s:e] == "NHS England"
    assert canonical_part("Chief Executive, XYZ Mental Health Foundation Trust") == (
        "Chief Executive, XYZ Mental Health Foundation Trust", None, None)
    assert canonical_part("NHS Northshire CCG") == ("Northshire Clinical Commissioning Group", "gp_primary_care", None)
    ctx = doc_context([sec(1, None, None, "Intro", 1, "Coventry LSCB commissioned it. The Coventry LSCB agreed.")])
    assert ctx.place == "Coventry" and ctx.partnership == "Coventry Local Safeguarding Children Board"


# --------------------------------------------------------------------------- kinds and helpers

@pytest.mark.parametrize("title,kind", [
    ("Key findings", "finding"), ("Findings", "finding"), ("Summary of findings", "finding"),
    ("Areas for further improvement", "area_for_improvement"), ("Good practice", "good_practice"),
    ("Lessons to be learned", "learning"), ("Learning points", "learning"), ("CORONER'S CONCERNS", "concern"),
    ("Section Five – Recommendations", "recommendation"), ("ACTION SHOULD BE TAKEN", "recommendation"),
    ("Individual agency recommendations", "recommendation"),
    ("Key themes", "finding"), ("Themes from the chronology", None),
    ("Finding a permanent home", None), ("Learning Events", None), ("The analysis", None),
    ("Terms of Reference", None), ("Early concerns", None),
])
def test_heading_kind(title, kind):
    assert heading_kind(title) == kind


def test_learning_point_sections_anywhere():
    sections = [
        sec(1, None, None, "Analysis", 1, "", 5),
        sec(2, 1, None, "Learning point 1: Babies who are not brought to appointments", 2,
            "Missed appointments for babies should be treated as a safeguarding concern.", 6),
    ]
    findings, _ = extract(sections)
    assert [(f.kind, f.number, f.title, f.text) for f in findings] == [
        ("learning", "1", "Babies who are not brought to appointments",
         "Missed appointments for babies should be treated as a safeguarding concern.")]


def test_no_items_outside_containers():
    findings, recs = extract([sec(1, None, "2", "The story of Child S", 1,
                                  "1. Mother S moved to Coventry.\n2. She should have been offered help.", 3)])
    assert (findings, recs) == ([], [])


def test_token_overlap():
    assert token_overlap("The LSCB should act.", "the lscb SHOULD act") == 1.0
    assert token_overlap("a b c d", "a b c e") == 0.75
    assert token_overlap("", "") == 1.0


def test_bad_addressee_rules_file_is_named(tmp_path, monkeypatch):
    import extract.findings as fm

    bad = tmp_path / "addressees.yaml"
    bad.write_text("version: 1\nrules:\n  - pattern: '(unclosed'\n    canonical: X\n    agency_type: police\n")
    monkeypatch.setattr(fm, "MODELS_DIR", tmp_path)
    fm._addressee_rules.cache_clear()
    try:
        with pytest.raises(ExtractError, match=r"addressees\.yaml.*rules\[0\]: bad pattern"):
            fm._addressee_rules()
    finally:
        fm._addressee_rules.cache_clear()


def test_sub_headings_of_recommendations_are_not_addressees():
    sections = [
        sec(1, None, "6", "Recommendations", 1, "", 40),
        sec(2, 1, "6.1", "Multi-agency recommendations", 2,
            "1. The Partnership should audit the use of the escalation policy.\n"
            "2. All agencies should ensure that fathers are invited to assessments.", 40),
        sec(3, 1, "6.2", "National recommendations", 2,
            "1. The Department for Education should revise the guidance on home education.\n"
            "2. Ofsted should inspect how schools record children missing education.", 41),
        sec(4, None, None, "Introduction", 1, "Wigan Safeguarding Children Partnership commissioned this review.", 2),
    ]
    _, recs = extract(sections)
    assert [(r.section_id, r.number, r.addressees, r.addressee_types, r.scope) for r in recs] == [
        (2, "1", ("Wigan Safeguarding Children Partnership",), ("safeguarding_partnership",), "multi_agency"),
        (2, "2", ("All agencies",), ("all_agencies",), "multi_agency"),
        (3, "1", ("Department for Education",), ("national_body",), "national"),
        (3, "2", ("Ofsted",), ("inspectorate_regulator",), "national"),
    ]


def test_labelled_learning_points_inside_analysis_subsections():
    # SAR shape: each analysis sub-section ends with "Learning point n:"; the last has none
    sections = [
        sec(1, None, "3", "Analysis and learning", 1, "", 5),
        sec(2, 1, "3.1", "Understanding self-neglect", 2,
            "Practitioners described William as a man who chose to live that way.\n\n"
            "Learning point 1: Self-neglect is rarely a simple lifestyle choice.\n\n"
            "The next paragraph is analysis again.", 5),
        sec(3, 1, "3.2", "Mental capacity", 2,
            "Capacity was assumed throughout.\n\n"
            "Learning point 2: Practitioners should record a formal capacity assessment.\n\n"
            "- for decisions about the home\n- for decisions about care", 5),
        sec(4, 1, "3.3", "Financial hardship", 2, "The gas supply was disconnected.", 6),
        sec(5, None, "4", "Chronology", 1, "Learning point 3 - not a real label in a story? It still counts.", 7),
    ]
    findings, _ = extract(sections)
    assert [(f.section_id, f.kind, f.number, f.text) for f in findings] == [
        (2, "learning", "1", "Self-neglect is rarely a simple lifestyle choice."),
        (3, "learning", "2", "Practitioners should record a formal capacity assessment. "
                             "- for decisions about the home - for decisions about care"),
        (5, "learning", "3", "not a real label in a story? It still counts."),
    ]


def test_second_clause_addressee_and_pfd_box_inside_another_section():
    sections = [
        sec(1, None, None, "Introduction", 1, "Harrowdale Safeguarding Adults Board (the SAB) commissioned it.", 3),
        sec(2, None, "5", "Recommendations", 1,
            "Recommendation 3: All partner agencies should provide training on capacity, and the SAB should "
            "seek assurance that assessments are recorded.", 6),
    ]
    _, recs = extract(sections)
    assert [(r.addressees, r.scope) for r in recs] == [
        (("All agencies", "Harrowdale Safeguarding Adults Board"), "multi_agency")]
    pfd = [
        sec(1, None, None, "(front matter)", 0,
            "THIS REPORT IS BEING SENT TO: 1. Director of Children's Services, Northshire County Council "
            "2. Chief Constable, Northshire Constabulary 3. Secretary of State for Education |\n\n"
            "1 | CORONER I am the Senior Coroner for the coroner area of Northshire.", 1),
        sec(2, None, "5", "CORONER'S CONCERNS", 1,
            "The MATTERS OF CONCERN are as follows. –\n\n"
            "(1) Return home interviews. No consistent practice when a child declines.\n\n"
            "(2) Sharing of police intelligence. Intelligence was not shared.\n\n"
            "6 | ACTION SHOULD BE TAKEN In my opinion action should be taken to prevent future deaths. |\n\n"
            "7 | YOUR RESPONSE You are under a duty to respond within 56 days. |", 3),
    ]
    findings, recs = extract(pfd)
    assert [(f.number, f.text) for f in findings] == [
        ("1", "Return home interviews. No consistent practice when a child declines."),
        ("2", "Sharing of police intelligence. Intelligence was not shared."),
    ]
    assert [(r.number, r.text, r.addressees, r.scope) for r in recs] == [
        (None, "In my opinion action should be taken to prevent future deaths.",
         ("Northshire County Council", "Northshire Constabulary", "Department for Education"), "national")]


from hypothesis import given, settings, strategies as st

_WORDS = st.sampled_from([
    "Recommendations", "Findings", "Key findings", "Good practice", "Learning point 1:", "Finding 2:",
    "Recommendation 3:", "1.", "(2)", "3 |", "|", "No. | Recommendation | Lead agency", "The LSCB", "should",
    "must", "All agencies", "NHS England", "the Partnership", "-", "•", "\n", "\n\n", ":", ".", "ACTION SHOULD BE TAKEN",
    "THIS REPORT IS BEING SENT TO:", "CORONER'S CONCERNS", "domestic abuse", "Northshire Constabulary:", "x"])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([None, "1", "4.2", "5.1", "A"]),
                          st.lists(_WORDS, max_size=4).map(" ".join),
                          st.lists(_WORDS, max_size=40).map(" ".join),
                          st.integers(min_value=0, max_value=3)), max_size=8))
def test_extract_never_fails_and_keeps_provenance(raw):
    sections = []
    for i, (num, title, text, parent) in enumerate(raw, start=1):
        pid = parent if 0 < parent < i else None
        sections.append(Section(i, pid, i, num, title, 1 if pid is None else 2, i, i, text))
    findings, recs = extract(sections)
    ids = {s.section_id for s in sections}
    assert [f.finding_id for f in findings] == list(range(1, len(findings) + 1))
    assert [r.rec_id for r in recs] == list(range(1, len(recs) + 1))
    for x in [*findings, *recs]:
        assert x.section_id in ids and x.text.strip()
    for f in findings:
        assert f.kind in ("finding", "good_practice", "area_for_improvement", "learning", "concern")
    for r in recs:
        assert r.scope in (None, "multi_agency", "single_agency", "national")
        assert len(r.addressees) == len(r.addressee_types)


def test_unnumbered_paragraph_recommendations_and_unnumbered_table_rows():
    text = ("The review makes the following recommendations.\n\n"
            "The LSCB should audit the use of the escalation policy.\n\n"
            "This is because escalation was rarely used in this case.\n\n"
            "West Midlands Police should review how domestic abuse notifications are screened.\n\n"
            "The Board should publish this report.")
    _, recs = extract([sec(1, None, None, "Recommendations", 1, text, 12),
                       sec(2, None, None, "Introduction", 1, "Wigan LSCB commissioned this review.", 2)])
    assert [(r.number, r.text, r.addressees) for r in recs] == [
        (None, "The LSCB should audit the use of the escalation policy. This is because escalation was rarely used "
               "in this case.", ("Wigan Local Safeguarding Children Board",)),
        (None, "West Midlands Police should review how domestic abuse notifications are screened.",
         ("West Midlands Police",)),
        (None, "The Board should publish this report.", ("Wigan Local Safeguarding Children Board",)),
    ]
    table = ("Recommendation | Lead agency | Timescale\n"
             "The LSCB should audit strategy discussions. | Wigan LSCB | June 2016\n"
             "Police should attend strategy meetings | West Midlands Police | May 2016\n"
             "in person. | |\n")
    _, recs = extract([sec(1, None, None, "Action plan", 1, table, 40)])
    assert [(r.text, r.addressees) for r in recs] == [
        ("The LSCB should audit strategy discussions.", ("Wigan Local Safeguarding Children Board",)),
        ("Police should attend strategy meetings in person.", ("West Midlands Police",)),
    ]


def test_one_name_and_type_per_known_body_however_it_is_written():
    """Every body of models/agencies.jsonl, by its name, any variant or abbreviation, and with the
    addressee rules of models/addressees.yaml, is one addressee with one type in every review."""
    from extract.findings import canonical_addressees, canonical_part
    from extract.nlp import load_vocab

    v = load_vocab()
    for body in v.named.values():
        want = body.as_addressee
        for text in (body.name, *body.variants, *body.abbreviations):
            assert canonical_part(text) == want, (text, canonical_part(text), want)
        for name, atype, _hint in canonical_addressees(body.name):
            assert (name, atype) == want[:2], (body.name, name, atype)
    assert canonical_part("Secretary of State for Health and Social Care")[:2] == ("Department of Health and Social Care", "national_body")
    assert canonical_part("Highways England")[:2] == canonical_part("National Highways")[:2] == ("National Highways", "national_body")
    # HMPPS is its own body, not the Probation Service, and an addressee of type probation (the addressee
    # guideline; royal colleges and the College of Policing are 'other' there)
    assert canonical_part("HM Prison and Probation Service")[:2] == ("HM Prison and Probation Service", "probation")
    assert canonical_part("Royal College of Psychiatrists")[1] == canonical_part("College of Policing")[1] == "other"


@pytest.mark.parametrize("entry, want", [
    # a council's department before the council's place or initials
    ("Highways Department Bath and North East Somerset", ("Bath and North East Somerset Council", "local_authority")),
    ("Highways at NWBC", ("NWBC", "local_authority")),
    ("Legal Services Lincolnshire", ("Legal Services Lincolnshire", "other")),  # a service's own name
    # a titled person run on into their office
    ("Mr John Example Mayor of London", ("Greater London Authority", "local_authority")),
    ("Mrs A. B. Example Chief Executive Northshire County Council", ("Northshire County Council", "local_authority")),
    ("Rt Hon John Example MP Secretary of State for Transport", ("Department for Transport", "national_body")),
    # what the body is, after its name; a regional mayor; a unit of a known body
    ("Scania, Lorry manufacturer", ("Scania", "other")),
    ("Regional Mayor for West Yorkshire", ("West Yorkshire Combined Authority", "local_authority")),
    ("Americas Section of the Foreign, Commonwealth and Development Office",
     ("Foreign, Commonwealth and Development Office", "national_body")),
    # typed by a known body the name begins with, by a head, by a trust written loosely
    ("Priory Hospital Northtown House", ("Priory Hospital Northtown House", "adult_mental_health")),
    ("Greater Northshire Health and Social Care Partnership", ("Greater Northshire Health and Social Care Partnership", "other")),
    ("Northshire Integrated Care System", ("Northshire Integrated Care System", "gp_primary_care")),
    ("Central Northwest London NHS Foundation Trust", ("Central and North West London NHS Foundation Trust",
                                                      "adult_mental_health")),
])
def test_an_entry_gives_its_principal_body_and_its_type(entry, want):
    from extract.findings import entry_addressee

    assert entry_addressee([entry])[:2] == want


@pytest.mark.parametrize("entry, want", [
    ("The Chief Constable of Northshire Police and their Solicitors and Counsel", ("Northshire Police", "police")),
    ("The Minister of State for Prisons, Parole and Probation", ("Ministry of Justice", "national_body")),
    ("Director for Primary Care NHS Northshire", ("NHS Northshire", "other")),
])
def test_an_entry_s_body_without_its_advisers_portfolio_or_unit(entry, want):
    from extract.findings import entry_addressee

    assert entry_addressee([entry])[:2] == want


def test_gapped_search_is_the_pattern_it_replaced():
    """``findings._gapped`` finds an item's words in its section without compiling a pattern per
    item; on random texts and words of letters, spaces and the gap marks (words that start with a
    mark among them) it gives the spans ``re.finditer`` gives for the compiled pattern."""
    import random
    import re

    from extract.findings import _GAP, _gapped

    rnd = random.Random(7)
    alphabet = ["a", "b", "ab", " ", "\n", "-", "•", "*", "–", "\u00a0", "x"]
    found = 0
    for _ in range(20000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 14)))
        words = ["".join(rnd.choice("ab-*x–") for _ in range(rnd.randint(1, 3))) for _ in range(rnd.randint(1, 3))]
        pos = rnd.randint(0, 3)
        want = [m.span() for m in re.compile(_GAP.join(re.escape(w) for w in words)).finditer(text, pos)]
        assert list(_gapped(text, words, pos)) == want, (text, words, pos)
        found += bool(want)
    assert found > 500  # the cases that match are not a handful
