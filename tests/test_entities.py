"""Entity stage: exact mentions, canonical names, review-level agencies and people."""

from __future__ import annotations

import pytest

from extract import entities
from extract.model import Agency, Person, Section


def sections(*texts: str, title: str = "Analysis", spans=()) -> list[Section]:
    return [Section(section_id=i + 1, parent_id=None, ordinal=i + 1, number=str(i + 1), title=title, level=1,
                    page_start=10 + i, page_end=10 + i, text=t, page_spans=spans if i == 0 else ())
            for i, t in enumerate(texts)]


def run(*texts: str, **kw):
    return entities.extract(sections(*texts, **kw))


def triples(mentions, label=None):
    return [(m.text, m.norm, m.kind) for m in mentions if label is None or m.label == label]


def test_abbreviation_defined_in_text_is_reused():
    m, a, _ = run("Mother S registered with Northfield General Hospital NHS Foundation Trust (NGHT). "
                  "Later NGHT staff saw her and NGHT discharged her.")
    name = "Northfield General Hospital NHS Foundation Trust"
    assert triples(m, "AGENCY") == [(name, name, "acute_hospital"), ("NGHT", name, "acute_hospital"),
                                    ("NGHT", name, "acute_hospital"), ("NGHT", name, "acute_hospital")]
    assert a == [Agency(name, "acute_hospital", 4, 10, (1,), False)]


def test_the_trust_is_the_most_recently_named_nhs_trust():
    m, _, _ = run("Child S was admitted to Riverside Hospitals NHS Trust and then seen by Hillview Mental Health "
                  "NHS Trust. Male B was supervised by Northshire Probation Trust. The Trust completed its records.")
    assert triples(m, "AGENCY") == [
        ("Riverside Hospitals NHS Trust", "Riverside Hospitals NHS Trust", "acute_hospital"),
        ("Hillview Mental Health NHS Trust", "Hillview Mental Health NHS Trust", "adult_mental_health"),
        ("Northshire Probation Trust", "Northshire Probation Trust", "probation"),
        ("Trust", "Hillview Mental Health NHS Trust", "adult_mental_health"),
    ]


def test_dna_is_not_an_agency():
    m, a, _ = run("Mother S did not attend (DNA) the clinic. The DNA rate at the GP practice was high.")
    assert [(x.text, x.label) for x in m] == [("Mother S", "PERSON"), ("GP practice", "AGENCY")]
    assert [x.agency for x in a] == ["GP Practice"]


def test_caf_is_an_assessment_not_an_agency():
    m, a, _ = run("The health visitor did not initiate a Common Assessment Framework (CAF). "
                  "A CAF coordinator was contacted but the CAF was never completed.")
    assert [(x.text, x.label, x.norm, x.kind) for x in m] == [
        ("health visitor", "PROFESSIONAL", "health visitor", "health_visiting"),
        ("CAF coordinator", "PROFESSIONAL", "CAF coordinator", "early_help"),
    ]
    # professionals alone still show which services were involved
    assert [(x.agency, x.agency_type) for x in a] == [("Health Visiting Service", "health_visiting"),
                                                      ("Early Help Service", "early_help")]


def test_mother_s_and_the_mother_are_one_person():
    m, _, p = run("Mother S (Mother of Child S) took Child S to the GP. The mother said that his mother's friend "
                  "had helped. Mother and son were well; Child S's father was absent.")
    assert triples(m, "PERSON") == [
        ("Mother S", "Mother S", "mother"), ("Mother of Child S", "Mother S", "mother"),
        ("Child S", "Child S", "child"), ("The mother", "Mother S", "mother"), ("his mother", "Mother S", "mother"),
        ("Mother", "Mother S", "mother"), ("son", "Child S", "child"),
        ("Child S's father", "Father of Child S", "father"),
    ]
    assert p == [Person("Mother S", "mother", 5), Person("Child S", "child", 2), Person("Father of Child S", "father", 1)]


def test_bare_pronouns_and_generic_mothers_are_not_people():
    m, _, _ = run("She told him that a mother should attend. He said the child was fine. Mother S agreed.")
    assert triples(m) == [("Mother S", "Mother S", "mother")]


def test_unlisted_named_bodies_are_recognised_by_shape():
    m, _, _ = run("Officers from Avon and Somerset Constabulary visited. The police referred Child S to "
                  "Kirklees Safeguarding Children Partnership, Wyre Community Safety Partnership and Stockton "
                  "Borough Council Housing Department.")
    assert triples(m, "AGENCY") == [
        ("Avon and Somerset Constabulary", "Avon and Somerset Constabulary", "police"),
        ("police", "Avon and Somerset Constabulary", "police"),  # the generic resolves to the named force
        ("Kirklees Safeguarding Children Partnership", "Kirklees Safeguarding Children Partnership",
         "safeguarding_partnership"),
        ("Wyre Community Safety Partnership", "Wyre Community Safety Partnership", "safeguarding_partnership"),
        ("Stockton Borough Council Housing Department", "Stockton Borough Council Housing Department", "housing"),
    ]


def test_sentence_start_words_are_not_part_of_a_name():
    m, _, _ = run("Following the call Thames Valley Police attended. Later West Mercia Police were told.")
    assert [x.text for x in m] == ["Thames Valley Police", "West Mercia Police"]


def test_generic_without_named_agency_keeps_generic_name_and_rsl_abbreviation():
    m, a, _ = run("The police made a referral to the registered social landlord (RSL). The RSL did not respond.")
    assert triples(m, "AGENCY") == [("police", "Police", "police"),
                                    ("registered social landlord", "Registered Social Landlord", "housing"),
                                    ("RSL", "Registered Social Landlord", "housing"),
                                    ("RSL", "Registered Social Landlord", "housing")]
    assert [(x.agency, x.mentions) for x in a] == [("Police", 1), ("Registered Social Landlord", 3)]


def test_offsets_pages_and_sentences():
    text = "Background.\nThe health visitor saw Child S at home. West Midlands Police were not told."
    secs = sections(text, spans=((len("Background.\n"), 11), (text.index("West"), 12)))
    m, a, _ = entities.extract(secs)
    assert [(x.text, x.start_char, x.end_char, x.page_no, x.sentence) for x in m] == [
        ("health visitor", 16, 30, 11, "The health visitor saw Child S at home."),
        ("Child S", 35, 42, 11, "The health visitor saw Child S at home."),
        ("West Midlands Police", 52, 72, 12, "West Midlands Police were not told."),
    ]
    assert all(text[x.start_char:x.end_char] == x.text for x in m)
    assert a[0] == Agency("West Midlands Police", "police", 1, 12, (1,), False)


def test_appendix_of_agency_reports_marks_and_adds_agencies():
    m, a, _ = run("West Midlands Police attended and the police made a referral.",
                  "Agency Reports\n\nThe following agencies provided full reports:\n\n"
                  "- West Midlands Police.\n- Lakeside Women's Aid (identity withheld).\n- Acme Widgets Ltd.\n\n"
                  "The panel thanks them.", title="Appendix A")
    assert [(x.agency, x.agency_type, x.mentions, x.sections, x.reported) for x in a] == [
        ("West Midlands Police", "police", 3, (1, 2), True),
        ("Lakeside Women's Aid", "voluntary_sector", 1, (2,), True),
        ("Acme Widgets Ltd", "other", 1, (2,), True),
    ]


def test_quoted_pseudonym_in_a_dhr():
    m, _, p = run("This review concerns 'Sarah' (a pseudonym). She lived with her partner. Later Sarah moved "
                  "and the police visited Sarah at home.")
    assert [x.text for x in m if x.label == "PERSON"] == ["Sarah", "Sarah", "Sarah"]
    assert p == [Person("Sarah", "subject", 3)]


@pytest.mark.shared
def test_real_scr_quality(shared_dir):
    from extract.evaluation import gold, review, shared_pdf
    from extract.evaluation.entities import score

    rv = review(shared_pdf())
    r = score(list(rv.sections), gold("scr-coventry-child-s", "entities"), review_type=rv.meta.review_type)
    tp, fp, fn = r["strict"]
    f1 = 2 * tp / (2 * tp + fp + fn)
    assert f1 >= 0.90
    hit, n, _ = r["type_recall"]
    assert hit / n >= 0.95


def test_role_phrase_named_by_apposition_and_subject_child_relatives():
    m, _, _ = run("Mother C and her partner, who is referred to in this report as Male B, were arrested. "
                  "Half Sibling 1 and Child C stayed with the maternal grandmother; the father had left.")
    assert triples(m, "PERSON") == [
        ("Mother C", "Mother C", "mother"), ("her partner", "Male B", "male"), ("Male B", "Male B", "male"),
        ("Half Sibling 1", "Half Sibling 1", "child"), ("Child C", "Child C", "child"),
        ("the maternal grandmother", "Grandmother of Child C", "grandmother"),
        ("the father", "Father of Child C", "father"),
    ]


def test_first_name_used_throughout_is_a_person_but_places_and_covid_are_not():
    text = " ".join([
        "The review concerns Jay, who lived in Harrowdale.", "During Covid the school lost contact with Jay.",
        "Staff in Harrowdale knew Jay well.", "Covid restrictions meant Jay was not seen.",
        "The team at Harrowdale visited Jay twice.", "After Covid ended, Jay returned to school in Harrowdale.",
        "Nobody asked Jay about Covid or about life at Harrowdale.", "The Covid guidance did not mention Jay."])
    m, _, p = run(text)
    assert p == [Person("Jay", "subject", 8)]
    assert {x.text for x in m if x.label == "PERSON"} == {"Jay"}


SOCIAL = "Mr K had been known to social services for years. Social care arranged a care package."


@pytest.mark.parametrize("review_type, norm, kind", [
    ("SCR", "Children's Social Care", "childrens_social_care"),
    ("LCSPR", "Children's Social Care", "childrens_social_care"),
    ("SAR", "Adult Social Care", "adult_social_care"),
    ("DHR", "Adult Social Care", "adult_social_care"),
    ("PFD", "Adult Social Care", "adult_social_care"),
    (None, "Social Care", "social_care"),
])
def test_bare_social_services_belong_to_the_review_type(review_type, norm, kind):
    m, a, _ = entities.extract(sections(SOCIAL), review_type)
    assert {(x.norm, x.kind) for x in m if x.label == "AGENCY"} == {(norm, kind)}
    assert [(x.agency, x.agency_type) for x in a] == [(norm, kind)]


def test_a_name_that_says_whose_social_care_is_kept_in_any_review():
    m, _, _ = entities.extract(sections("Children's Social Care held a strategy meeting."), "SAR")
    assert triples(m, "AGENCY") == [("Children's Social Care", "Children's Social Care", "childrens_social_care")]


def test_the_surgery_is_an_operation_or_a_gp_practice_by_its_sentence():
    m, _, _ = entities.extract(sections("She recovered well after the surgery on her knee. "
                                        "Her husband telephoned the surgery to ask for an appointment."), "SAR")
    got = triples(m, "AGENCY")
    assert len(got) == 1 and got[0][2] == "gp_primary_care" and got[0][0].lower() == "the surgery", got


def test_the_social_care_a_review_names_decides_a_bare_social_services():
    text = "Children's Social Care held a strategy meeting. Social services did not visit again."
    m, _, _ = entities.extract(sections(text), "PFD")  # a coroner's report on a child's death
    assert {x.kind for x in m if x.label == "AGENCY"} == {"childrens_social_care"}
    m, _, _ = entities.extract(sections("Adult Social Care assessed him. Social services closed the case."), "SCR")
    assert {x.kind for x in m if x.label == "AGENCY"} == {"adult_social_care"}


def test_a_named_subject_every_name_form_the_deceased_and_family():
    m, _, people = entities.extract(sections(
        "On 3 May 2021 I commenced an investigation into the death of Daniel James Okoro.",
        "Daniel was taken to hospital by his mother. Mr Okoro had been seen by his GP. Mrs Okoro, his wife, "
        "called an ambulance. The deceased's sister said that DANIEL JAMES OKORO had no plans. He left."),
        "PFD", "Daniel James Okoro")
    got = triples(m, "PERSON")
    assert ("Daniel James Okoro", "Daniel James Okoro", "subject") in got
    assert ("Daniel", "Daniel James Okoro", "subject") in got and ("Mr Okoro", "Daniel James Okoro", "subject") in got
    assert ("DANIEL JAMES OKORO", "Daniel James Okoro", "subject") in got
    assert ("his mother", "Mother of Daniel James Okoro", "mother") in got
    assert ("The deceased's sister", "Sister of Daniel James Okoro", "sibling") in got
    m, _, _ = entities.extract(sections("The deceased's risk was not assessed."), "PFD", "Daniel James Okoro")
    assert ("The deceased", "Daniel James Okoro", "subject") in triples(m, "PERSON")  # his risk: him, as "Daniel's" would be
    assert not any(t == "Mrs Okoro" and k == "subject" for t, _, k in got)  # he is Mr, not Mrs


def test_prisons_named_by_prefix_and_mental_health_hospitals_by_context():
    m, _, _ = run("He was remanded to HMP WOODHILL and later moved to HM Prison Chelmsford. "
                  "He was detained under section 3 of the Mental Health Act and admitted to the ward. "
                  "Two days later he left the hospital without leave. "
                  "In March he was taken to hospital with a fractured wrist.")
    ag = triples(m, "AGENCY")
    assert ("HMP WOODHILL", "HMP Woodhill", "other") in ag and ("HM Prison Chelmsford", "HMP Chelmsford", "other") in ag
    hospitals = [k for t, _, k in ag if t == "hospital"]
    assert hospitals == ["adult_mental_health", "acute_hospital"]


def test_the_trust_and_its_doctors_in_a_mental_health_report():
    m, _, _ = run("He was detained under section 2 of the Mental Health Act. His care coordinator saw him weekly. "
                  "He had a diagnosis of paranoid schizophrenia. The Trust did not review his risk assessment and "
                  "the doctor did not see him before his leave.")
    got = {(t, k) for t, _, k in triples(m)}
    assert ("Trust", "adult_mental_health") in got and ("doctor", "adult_mental_health") in got
    m, _, _ = run("The Trust treated his fractured leg in the emergency department; the doctor set it.")
    assert ("Trust", "NHS Trust", "acute_hospital") in triples(m, "AGENCY")


def test_a_coroners_own_court_is_no_agency_in_a_coroners_report():
    text = ("The Senior Coroner opened the inquest. The court heard that the police attended. "
            "He had appeared at the Crown Court in May.")
    m, _, _ = entities.extract(sections(text), "PFD")
    assert {t for t, _, _ in triples(m, "AGENCY")} == {"police", "Crown Court"}
    m, _, _ = entities.extract(sections(text), "SCR")
    assert "court" in {t.lower() for t, _, _ in triples(m, "AGENCY")}


def test_the_subjects_surname_in_capitals_and_the_sex_its_titles_say():
    m, _, _ = entities.extract(sections(
        "I commenced an investigation into the death of Lee Adrian DANIELS-COLE.",
        "Mr DANIELS-COLE was riding his motorcycle. She said the driver braked; she saw Mr. Daniels Cole fall. "
        "Her colleague said she had called the police."), "PFD", "Lee Adrian DANIELS-COLE")
    got = {t for t, _, k in triples(m, "PERSON") if k == "subject"}
    # the text's own title ("Mr") decides the sex although "she" outnumbers "he"
    assert {"Mr DANIELS-COLE", "Mr. Daniels Cole"} <= got


def test_a_named_mental_health_hospital_is_not_acute_by_its_head():
    m, _, _ = run("He was admitted to Farnham Road Hospital and later to Littlemore hospital. "
                  "In 2019 he had been treated at Northfield General Hospital.")
    got = {(t, k) for t, _, k in triples(m, "AGENCY")}
    assert ("Farnham Road Hospital", "adult_mental_health") in got
    assert ("Littlemore hospital", "adult_mental_health") in got
    assert ("Northfield General Hospital", "acute_hospital") in got


def test_the_team_is_the_team_last_named_and_no_agency_without_one():
    m, _, _ = run("He was referred to the Home Treatment Team on 3 May. The team saw him twice; "
                  "the team leader said the team had no beds.")
    got = [(t, k) for t, _, k in triples(m, "AGENCY")]
    assert got.count(("team", "adult_mental_health")) == 2 and ("Home Treatment Team", "adult_mental_health") in got
    m, _, _ = run("The team played football on Saturdays. The service was held in the church.")
    assert triples(m, "AGENCY") == []


def test_that_team_the_practice_the_trust_and_a_hospitals_short_name_refer_back():
    m, _, _ = run("She was seen by the Crisis Team on 3 May and that team discharged her. She was registered at "
                  "Hollybank Surgery; the practice did not review her. Northshire Partnership NHS Trust ran the ward "
                  "and the trust is exploring options. She was moved to St Gideon's Hospital; while at St Gideon's "
                  "she was not seen by a psychiatrist.")
    got = [(t, k) for t, _, k in triples(m, "AGENCY")]
    assert ("team", "adult_mental_health") in got
    assert ("practice", "gp_primary_care") in got
    kinds = dict(got)
    assert ("trust", kinds["Northshire Partnership NHS Trust"]) in got
    assert [t for t, _ in got].count("St Gideon's") == 1
    # the nouns in their ordinary sense, or with nothing to refer to, are no agency
    m, _, _ = run("The practice of the ward was to lock the door. He lost the trust of his family. "
                  "That team spirit was missing.")
    assert triples(m, "AGENCY") == []


def test_proper_words_before_a_generic_agency_are_its_name_but_months_are_not():
    m, _, _ = run("He was referred to the Youth Mental Health Team and later to Trafford HBTT, and went to "
                  "Leicester emergency department. In March Social Services visited.")
    got = {t for t, _, _ in triples(m, "AGENCY")}
    assert {"Youth Mental Health Team", "Trafford HBTT", "Leicester emergency department", "Social Services"} <= got
    assert "March Social Services" not in got


def test_jobs_of_any_service_take_the_agency_they_work_for():
    m, ags, _ = run("A clinical lead for the Home Treatment Team gave evidence. The mental health lead for Hampshire "
                    "Constabulary explained the policy. His solicitor was told, and a cardiologist and the A&E doctor "
                    "saw him. A prison officer found him.")
    got = {(t, k) for t, _, k in triples(m, "PROFESSIONAL")}
    assert {("clinical lead", "adult_mental_health"), ("mental health lead", "police"), ("solicitor", "courts_legal"),
            ("cardiologist", "acute_hospital"), ("A&E doctor", "acute_hospital")} <= got
    assert "A&E" not in {t for t, _, _ in triples(m, "AGENCY")}  # the doctor's title, not a second mention
    # a practitioner of type "other" adds no made-up service to the review's agencies
    assert "Local Authority" not in {a.agency for a in ags}


def test_a_generic_that_ends_a_named_agency_is_that_agency():
    m, _, _ = run("She had a personal adviser from the Kingsmere Leaving Care service. The Leaving Care service "
                  "should be invited to all meetings.")
    got = [(t, n) for t, n, _ in triples(m, "AGENCY")]
    assert got == [("Kingsmere Leaving Care service", "Kingsmere Leaving Care service"),
                   ("Leaving Care service", "Kingsmere Leaving Care service")]


def test_initials_given_for_a_person_in_role_are_that_person():
    m, _, _ = entities.extract(sections("Holly lived with her mother (MH) and her father (FH). MH told the health "
                                        "visitor that FH had left. Her GP (GP) saw her."), "SCR", "Holly")
    people = [(t, n) for t, n, _ in triples(m, "PERSON")]
    assert people.count(("MH", "Mother of Holly")) == 2 and people.count(("FH", "Father of Holly")) == 2
    assert ("GP", "GP") in [(t, n) for t, n, _ in triples(m, "PROFESSIONAL")]  # a profession's initials stay its own


def test_a_named_subject_with_a_particle_surname_a_short_first_name_or_a_second_subject():
    text = ("Thomas De Winter was found at home; Mr De Winter had been unwell. Ben O’Neill, his friend, was arrested "
            "and Mr O’Neill was taken to hospital.")
    m, _, _ = entities.extract(sections(text), "PFD", "Thomas Edward DE WINTER; Benedict Arthur O’Neill")
    got = {(t, n) for t, n, _ in triples(m, "PERSON")}
    assert {("Thomas De Winter", "Thomas Edward De Winter"), ("Mr De Winter", "Thomas Edward De Winter"),
            ("Ben O’Neill", "Benedict Arthur O’Neill"), ("Mr O’Neill", "Benedict Arthur O’Neill")} <= got


def test_short_trust_names_month_abbreviations_and_consultants():
    m, _, _ = run("Camden and Islington Trust saw her. SEPT had no bed; on 12 SEPT 2019 she was seen by a "
                  "consultant at Leicester Royal Infirmary. The panel was chaired by an independent consultant.")
    got = [(t, k) for t, _, k in triples(m)]
    assert ("Camden and Islington Trust", "adult_mental_health") in got
    assert got.count(("SEPT", "adult_mental_health")) == 1  # not the month of "12 SEPT 2019"
    assert ("Leicester Royal Infirmary", "acute_hospital") in got
    assert [t for t, _ in got].count("consultant") == 1  # the reviewer is no doctor


def test_of_place_names_and_two_named_bodies_joined_by_and():
    m, _, _ = run("She studied at the University of East Anglia and was seen at University Hospitals of Leicester. "
                  "Forward Thinking Birmingham and Birmingham and Solihull Mental Health NHS Foundation Trust met.")
    got = [(t, k) for t, _, k in triples(m, "AGENCY")]
    assert ("University of East Anglia", "education") in got
    assert ("University Hospitals of Leicester", "acute_hospital") in got
    assert ("Forward Thinking Birmingham", "camhs") in got
    assert ("Birmingham and Solihull Mental Health NHS Foundation Trust", "adult_mental_health") in got


def test_the_name_the_subject_was_known_by():
    m, _, _ = entities.extract(sections("The conclusion was that Elizabeth (Libby) Sample died by suicide.",
                                        "Libby was discharged. Libby Sample was not seen again."), "PFD", "Elizabeth Sample")
    got = [t for t, _, k in triples(m, "PERSON") if k == "subject"]
    assert "Libby" in got and "Libby Sample" in got


def test_proper_words_before_a_lower_case_hospital_name_it():
    m, _, _ = run("He was taken to Addenbrooke’s hospital by ambulance, then to the Luton and Dunstable hospital. "
                  "Hospital staff said the NHS hospital was full.")
    got = [t for t, _, _ in triples(m, "AGENCY")]
    assert "Addenbrooke’s hospital" in got and "Luton and Dunstable hospital" in got and "hospital" in got
    m, _, _ = run("He was remanded to Chelmsford prison in May.")
    assert ("Chelmsford prison", "other") in [(t, k) for t, _, k in triples(m, "AGENCY")]


def test_a_kin_noun_coordinated_after_another_shares_its_possessor():
    m, _, _ = entities.extract(sections("He lived with his mother and sister in Didcot."), "PFD", "John Smith")
    assert ("sister", "Sibling of John Smith", "sibling") in triples(m, "PERSON")


def test_a_company_keeps_its_suffix_and_an_adults_social_worker_is_one():
    m, _, _ = run("He was placed with Wexham Vale Children's Homes Ltd in May.")
    assert ("Wexham Vale Children's Homes Ltd", "childrens_social_care") in [(t, k) for t, _, k in triples(m, "AGENCY")]
    m, _, _ = entities.extract(sections("A social worker visited William at home."), "SAR")
    assert ("social worker", "adult social worker", "adult_social_care") in triples(m, "PROFESSIONAL")


def test_professions_of_leaving_care_fire_safety_and_attendance_and_the_national_panel():
    m, _, _ = entities.extract(sections(
        "Her personal adviser visited. The fire safety officer fitted alarms. The education welfare "
        "officer called. The Child Safeguarding Practice Review Panel received the notification; "
        "the Panel agreed. She spent a week on the neonatal unit."), "LCSPR")
    got = {(t, n, k) for t, n, k in triples(m)}
    assert ("personal adviser", "personal adviser", "childrens_social_care") in got
    assert ("fire safety officer", "fire safety officer", "fire_rescue") in got
    assert ("education welfare officer", "education welfare officer", "education") in got
    assert ("Panel", "Child Safeguarding Practice Review Panel", "safeguarding_partnership") in got
    assert any(t == "neonatal unit" and k == "acute_hospital" for t, _, k in got)
    m, _, _ = run("The Panel met four times to agree the findings.")
    assert triples(m, "AGENCY") == []  # no national panel named: the review's own panel is no agency


def test_sexual_health_schools_elective_home_education_and_a_verb_that_is_no_judge():
    m, _, _ = entities.extract(sections(
        "She attended the sexual health clinic, where the sexual health nurse saw her. Her schools and the EHE "
        "team were told; she was no longer on a school roll. She said he was the first person who didn't judge her."),
        "LCSPR")
    got = {(t, k) for t, _, k in triples(m)}
    assert {("sexual health clinic", "acute_hospital"), ("sexual health nurse", "acute_hospital"),
            ("schools", "education"), ("EHE team", "education")} <= got
    assert not any(t in ("school", "judge") for t, _ in got)


def pfd_kinds(text: str, label: str, subject: str = "John Example") -> set[tuple[str, str]]:
    """(text, kind) of the ``label`` mentions of one coroner's-report section about ``subject``."""
    m, _, _ = entities.extract(sections(text), "PFD", subject)
    return {(x.text, x.kind) for x in m if x.label == label}


def test_a_relative_named_after_the_role_is_that_relative_under_the_name():
    text = ("Mrs Example lived with her husband, Peter Sample, in Leeds. Peter found her in the garage. "
            "Mr Sample called an ambulance. Her mother (Mrs Jones) said she was low. Mrs Jones called the GP.")
    m, _, _ = entities.extract(sections(text), "PFD", "Mary Example")
    people = [(x.text, x.kind) for x in m if x.label == "PERSON"]
    assert ("Peter Sample", "partner") in people and ("Peter", "partner") in people
    assert ("Mr Sample", "partner") in people  # the husband's title, from the role
    assert people.count(("Mrs Jones", "mother")) == 2
    assert ("Mrs Example", "subject") in people


def test_a_bare_trust_is_a_body_only_as_a_noun():
    text = ("He was under Sussex Partnership NHS Foundation Trust. He left the ward in contravention of Trust policy. "
            "Letters came from both Trusts. The manager must largely trust the judgement of the officer. "
            "It was a breach of trust.")
    trusts = pfd_kinds(text, "AGENCY")
    assert ("Trust", "adult_mental_health") in trusts and ("Trusts", "adult_mental_health") in trusts
    assert not any(t == "trust" for t, _ in trusts)  # the verb and "breach of trust"


def test_a_team_named_by_the_service_it_gives():
    text = ("He was seen by the CMHT. Neither the GP nor the psychiatric team were aware. A mental health triage "
            "team attended. He remained with the Intake team. The legal team wrote.")
    teams = pfd_kinds(text, "AGENCY")
    assert ("psychiatric team", "adult_mental_health") in teams
    assert ("mental health triage team", "adult_mental_health") in teams
    assert ("Intake team", "adult_mental_health") in teams  # typed as the report's other services
    assert not any("legal" in t for t, _ in teams)


def test_operators_contractors_and_manufacturers_are_agencies_of_type_other():
    text = ("The bus operator, Stagecoach, trained its drivers. The manufacturer issued a recall. The council's "
            "contractor, Balfour Beatty, resurfaced the road. The haulage company had no policy.")
    found = pfd_kinds(text, "AGENCY")
    for name in ("bus operator", "Stagecoach", "manufacturer", "Balfour Beatty", "haulage company"):
        assert (name, "other") in found, name


def test_former_spouses_partners_of_years_and_relatives_after_a_group():
    text = ("His wife of 20 years found him. His former wife said so. Her ex-husband rang. His parents and brother "
            "came. The mother of Child S was not his relative.")
    people = pfd_kinds(text, "PERSON")
    assert ("His wife", "partner") in people
    assert ("His former wife", "ex-partner") in people and ("Her ex-husband", "ex-partner") in people
    assert ("brother", "sibling") in people


# ---- services named by what they do (models/service_phrases.yaml)

@pytest.mark.parametrize("text, phrase, kind", [
    ("He was known to the secondary care crisis team.", "secondary care crisis team", "adult_mental_health"),
    ("She was seen by the mental health and wellbeing team.", "mental health and wellbeing team", "adult_mental_health"),
    ("The psychiatric liaison service saw him in the night.", "psychiatric liaison service", "adult_mental_health"),
    ("He was referred to community drug and alcohol services.", "community drug and alcohol services",
     "substance_misuse_service"),
    ("He was transferred to the neurosurgical unit.", "neurosurgical unit", "acute_hospital"),
    ("She was booked by the maternity department.", "maternity department", "midwifery_maternity"),
    ("He was referred back to primary care mental health.", "primary care mental health", "adult_mental_health"),
    ("He was referred to psychiatry in May.", "psychiatry", "adult_mental_health"),
    ("The older adults mental health team visited.", "older adults mental health team", "adult_mental_health"),
])
def test_a_service_phrase_is_found_whole_by_its_parts(text, phrase, kind):
    m, _, _ = run(text)
    assert [(x.text, x.kind) for x in m if x.label == "AGENCY"] == [(phrase, kind)]


@pytest.mark.parametrize("text", [
    "The access and support team and the outreach and liaison service met.",  # weak cores only: no kind said
    "He had a crisis plan and mental health problems. His mental health deteriorated.",
    "The surgeon spoke to psychiatry trainees about it.",  # 'psychiatry' outside a referral
])
def test_words_that_name_no_kind_of_service_are_no_service_phrase(text):
    m, _, _ = run(text)
    assert [x.text for x in m if x.label == "AGENCY"] == []


def test_a_trusts_own_team_is_two_mentions_and_an_unnamed_trust_takes_its_services_type():
    m, _, _ = run("The Trust's Crisis Resolution and Home Treatment Team assessed him. The CMHT and his care "
                  "coordinator saw him. The Trust accepted the findings.")
    agencies = [(x.text, x.kind) for x in m if x.label == "AGENCY"]
    assert agencies[:2] == [("Trust", "adult_mental_health"),
                            ("Crisis Resolution and Home Treatment Team", "adult_mental_health")]
    assert ("Trust", "adult_mental_health") == agencies[-1]
    m, _, _ = run("He was taken to St John's Hospital. The Trust's surgeons operated.")
    assert [x.text for x in m if x.label == "AGENCY"][0] == "St John's Hospital"


def test_a_lower_case_the_service_points_back_to_the_service_named_last_in_its_section():
    m, _, _ = run("He was referred to the Youth Mental Health Team. He was discharged from the service without "
                  "being seen. The team leader agreed.", "The team decided to close the case.")
    assert [(x.text, x.norm, x.kind) for x in m if x.label == "AGENCY"] == [
        ("Youth Mental Health Team", "Youth Mental Health Team", "adult_mental_health"),
        ("service", "Youth Mental Health Team", "adult_mental_health")]  # none named in the second section
    m, _, _ = run("The service user was seen. The team decided to close the case.")
    assert [x.text for x in m if x.label == "AGENCY"] == []


def test_addresses_places_and_a_place_before_a_lower_case_team_are_not_agencies_or_names():
    # "Priory Road" and "Fernlea Court" are addresses; a court of law is named by its kind
    m, _, _ = run("He was admitted to the Priory in May. He lived on Priory Road, later at Fernlea Court. "
                  "He appeared at Northshire Crown Court.")
    assert [(x.text, x.kind) for x in m if x.label == "AGENCY"] == [
        ("Priory", "adult_mental_health"), ("Northshire Crown Court", "courts_legal")]
    # a place written before a lower-case team is dropped as "local" is; a capitalised name keeps it
    m, _, _ = run("He was referred to the Westshire community mental health team. The Westshire Crisis Team saw him.")
    assert [x.text for x in m if x.label == "AGENCY"] == ["community mental health team", "Westshire Crisis Team"]
    # the head of a hyphened town used again and again is no one's first name
    text = " ".join(f"The crew came from Dunmere-upon-Wyre on day {k}." for k in range(6))
    m, _, _ = entities.extract(sections(text, "The Dunmere ambulance crew left."), "PFD", "John Example")
    assert not [x.text for x in m if x.label == "PERSON" and "Dunmere" in x.text]


def test_job_titles_keep_their_grade_and_ambulance_crews_are_paramedics():
    m, _, _ = run("An expert psychiatrist and a junior psychiatrist gave evidence, with a forensic pathologist. "
                  "The paramedic crews and a first responder attended; ambulance control sent no ambulances.")
    got = [(x.text, x.label, x.kind) for x in m]
    assert ("expert psychiatrist", "PROFESSIONAL", "adult_mental_health") in got
    assert ("junior psychiatrist", "PROFESSIONAL", "adult_mental_health") in got
    assert ("paramedic crews", "PROFESSIONAL", "ambulance") in got and ("first responder", "PROFESSIONAL", "ambulance") in got
    assert ("ambulance control", "AGENCY", "ambulance") in got and ("ambulances", "AGENCY", "ambulance") in got


def test_a_bare_hospital_in_a_report_about_mental_health_care_is_a_mental_health_hospital():
    m, _, _ = run("He was detained under section 2 of the Mental Health Act. His schizophrenia and psychosis were "
                  "treated, and his depression. He was discharged from hospital on a Friday.")
    assert ("hospital", "adult_mental_health") in [(x.text, x.kind) for x in m if x.label == "AGENCY"]
    m, _, _ = run("He was detained under section 2 of the Mental Health Act for psychosis and depression. "
                  "After the overdose he was taken to hospital by ambulance.")
    assert ("hospital", "acute_hospital") in [(x.text, x.kind) for x in m if x.label == "AGENCY"]


def test_a_known_name_with_a_comma_and_a_unit_named_by_one_word():
    m, _, _ = run("He was seen by Tees, Esk and Wear Valley NHS Foundation Trust staff.")
    assert [(x.text, x.norm, x.kind) for x in m if x.label == "AGENCY"] == [
        ("Tees, Esk and Wear Valley NHS Foundation Trust", "Tees, Esk and Wear Valleys NHS Foundation Trust",
         "adult_mental_health")]
    text = ("He was detained under section 2 for psychosis and admitted to the Fernbrook unit. The message did not "
            "reach Fernbrook. " + " ".join(["Fernbrook staff saw him."] * 5))
    m, _, _ = entities.extract(sections(text), "PFD", "John Example")
    got = [(x.text, x.label, x.kind) for x in m if "Fernbrook" in x.text]
    assert got[0] == ("Fernbrook unit", "AGENCY", "adult_mental_health")
    assert all(label == "AGENCY" for _, label, _ in got) and len(got) == 7
    m, _, _ = run("He had a community GP in the town.")
    assert [x.text for x in m if x.label == "PROFESSIONAL"] == ["GP"]


def test_a_family_member_her_childs_mother_and_psycho_social_services():
    m, _, _ = entities.extract(sections("A family member found him. The guidance says the patient and the family "
                                        "member should be consulted. He was offered psycho-social services."),
                               "PFD", "John Example")
    assert [(x.text, x.label, x.kind) for x in m if x.text != "John Example"] == [("A family member", "PERSON", "relative")]
    m, _, _ = entities.extract(sections("Ms Example was unwell and she was alone. Her daughter said she could not "
                                        "stay with her mother. She had told her GP.", "Her mother had died in 2001."),
                               "PFD", "Jane Example")
    got = [(x.text, x.kind) for x in m if x.label == "PERSON" and "mother" in x.text]
    assert got == [("her mother", "subject"), ("Her mother", "mother")]


def test_the_nhs_a_named_place_of_care_and_two_cores_joined_by_or():
    m, _, _ = run("His NHS notes were lost. NHS England agreed.")
    assert [(x.text, x.kind) for x in m if x.label == "AGENCY"] == [("NHS", "other"), ("NHS England", "other")]
    m, _, _ = run("He was detained under section 3 for psychosis and admitted to the Fernlea Centre. The Fernlea "
                  "Centre discharged him to the Crisis or Home Treatment team.")
    assert [(x.text, x.kind) for x in m if x.label == "AGENCY"] == [
        ("Fernlea Centre", "adult_mental_health"), ("Fernlea Centre", "adult_mental_health"),
        ("Crisis or Home Treatment team", "adult_mental_health")]
