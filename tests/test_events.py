"""Events: chronology DATE + trigger, agencies/people from mentions, sentence splitting, vocabulary validation."""

from __future__ import annotations

from datetime import date

import pytest

from extract.errors import ExtractError
from extract.events import extract_events, load_triggers, sentence_spans
from extract.model import Mention, Section
from extract.timex import annotate_sections

TEXT = (
    "Child S was born in the early winter of 2010 at University Hospital Coventry. "
    "The review panel met in March 2014. "
    "In the winter of 2011 Mother S was arrested for shoplifting by West Midlands Police and cautioned. "
    "Dr. Khan saw Child S at para. 4.2 of the plan when he was fourteen weeks old. "
    "Male B had been in prison between March 2013 and April 2013. "
    "Mother S was described as a caring parent."
)


def mention(text: str, label: str, norm: str, sec: Section) -> Mention:
    s = sec.text.index(text)
    return Mention(sec.section_id, 1, s, s + len(text), label, text, norm)


def test_extract_events_exact():
    sec = Section(4, None, 4, "3.2", "The first year", 2, 10, 11, TEXT, page_spans=((0, 10), (200, 11)))
    txs = annotate_sections([sec])
    ments = [mention("West Midlands Police", "AGENCY", "West Midlands Police", sec),
             mention("Mother S was arrested", "PERSON", "Mother S", sec),
             mention("Dr. Khan", "PERSON", "Dr Khan", sec),
             mention("Male B", "PERSON", "Male B", sec)]
    evs = extract_events([sec], txs, ments)
    got = [(e.event_id, e.event_type, e.earliest, e.latest, e.page_no, e.agencies, e.people, e.sentence[:30]) for e in evs]
    assert got == [
        (1, "birth", date(2010, 12, 1), date(2010, 12, 31), 10, (), (), "Child S was born in the early "),
        # the process date (panel met) makes no event
        (2, "arrest", date(2011, 12, 1), date(2012, 2, 29), 10, ("West Midlands Police",), ("Mother S",),
         "In the winter of 2011 Mother S"),
        (3, "visit", date(2011, 3, 9), date(2011, 4, 8), 11, (), ("Dr Khan",), "Dr. Khan saw Child S at para. "),
        # two dates, one trigger: one event over the union of the range
        (4, "custody", date(2013, 3, 1), date(2013, 4, 30), 11, (), ("Male B",), "Male B had been in prison betw"),
    ]
    e = evs[1]
    assert sec.text[e.start_char:e.end_char] == e.sentence
    assert e.timex_id == next(t.timex_id for t in txs if t.text == "the winter of 2011")
    assert evs[3].timex_id == next(t.timex_id for t in txs if t.text == "March 2013")


def test_no_events_without_dates_or_triggers():
    sec = Section(1, None, 1, None, "Summary", 1, 1, 1, "Mother S was arrested. In 2012 the weather was mild.")
    assert extract_events([sec], annotate_sections([sec])) == []


def test_death_beats_generic_triggers_and_relative_dates_count():
    sec = Section(1, None, 1, None, "Autumn 2013", 1, 1, 1,
                  "In autumn 2013 Child S was taken by ambulance to hospital. He died the following day.")
    evs = extract_events([sec], annotate_sections([sec]))
    assert [(e.event_type, e.earliest, e.latest) for e in evs] == [
        ("admission", date(2013, 9, 1), date(2013, 11, 30)), ("death", date(2013, 9, 2), date(2013, 12, 1))]


def test_sentence_splitter_keeps_abbreviations():
    text = ("Dr. Patel reviewed para. 4.2 and the s.47 enquiry under No. 3 of the plan. "
            "The referral went to Child S. Mother S agreed.\n\n- a bullet point\n1.2 Heading")
    assert [text[s:e] for s, e in sentence_spans(text)] == [
        "Dr. Patel reviewed para. 4.2 and the s.47 enquiry under No. 3 of the plan.",
        "The referral went to Child S.",
        "Mother S agreed.",
        "- a bullet point",
        "1.2 Heading",
    ]


def test_trigger_vocabulary_validation(tmp_path):
    good = load_triggers()
    assert good.type_of["arrested"] == "arrest" and good.type_of["died"] == "death"
    bad = tmp_path / "events.yaml"
    bad.write_text("event_types:\n  arrest:\n    triggers: [arrested]\n    trigers: [held]\n")
    with pytest.raises(ExtractError, match=r"events.yaml: events: line 4: unknown key 'trigers'"):
        load_triggers(bad)
    bad.write_text("event_types:\n  arrest:\n    triggers: [arrested]\nversion: 2\n")
    with pytest.raises(ExtractError, match=r"line 4: unknown key 'version'"):
        load_triggers(bad)
    bad.write_text("event_types:\n  Arrest:\n    triggers: []\n")
    with pytest.raises(ExtractError, match=r"line 2: event type 'Arrest' must be lower_snake_case"):
        load_triggers(bad)


def test_each_clause_gets_its_own_event():
    sec = Section(1, None, 1, None, "Background", 1, 1, 1,
                  "In 2009 he was convicted of assault, and in 2011 he was referred to the MARAC; "
                  "he was arrested two days later.")
    evs = extract_events([sec], annotate_sections([sec]))
    assert [(e.event_type, e.earliest, e.latest) for e in evs] == [
        ("conviction", date(2009, 1, 1), date(2009, 12, 31)),
        ("referral", date(2011, 1, 1), date(2011, 12, 31)),
        ("arrest", date(2011, 1, 3), date(2012, 1, 2)),
    ]


def test_negated_triggers_make_no_event():
    sec = Section(1, None, 1, None, "Chronology", 1, 1, 1,
                  "Between March 2015 and December 2015 there was no agency contact. "
                  "In May 2016 Mother S did not attend the appointment. In June 2016 he was not arrested.")
    evs = extract_events([sec], annotate_sections([sec]))
    assert [(e.event_type, e.earliest) for e in evs] == [("appointment_missed", date(2016, 5, 1))]


def test_plans_and_counterfactuals_are_not_events():
    sec = Section(1, None, 1, None, "Learning", 1, 1, 1,
                  "The workforce will be visited by 2015. A referral should have been made in May 2016. "
                  "A referral was made in June 2016.")
    evs = extract_events([sec], annotate_sections([sec]))
    assert [(e.event_type, e.earliest) for e in evs] == [("referral", date(2016, 6, 1))]


def _events(text: str, dct: date | None = None):
    sec = Section(1, None, 1, "4", "Circumstances of the death", 1, 1, 1, text)
    return extract_events([sec], annotate_sections([sec], dct))


def test_incident_told_after_its_day_takes_that_day():
    # the day is stated, the collision comes four sentences on, in the same paragraph
    evs = _events("At about 6.10pm on 3 March 2019 a van left the depot. It turned right at the lights. "
                  "The road was wet. The driver was tired. Mr Z was struck by the van and fell.", date(2020, 1, 5))
    assert [(e.event_type, e.earliest) for e in evs] == [("injury", date(2019, 3, 3))]
    assert evs[0].sentence.startswith("Mr Z was struck")


def test_carried_incident_not_added_when_that_day_already_has_one():
    evs = _events("On 3 March 2019 Mr Z died at home. He was pronounced dead by a paramedic.", date(2020, 1, 5))
    assert [(e.event_type, e.earliest) for e in evs] == [("death", date(2019, 3, 3))]


def test_incident_not_carried_across_many_sentences_or_when_modal():
    evs = _events("On 3 March 2019 Mr Z went out.\n\nHe walked. He ate. He slept.\n\nHe was struck by a car.",
                  date(2020, 1, 5))
    assert evs == []
    assert _events("On 3 March 2019 Mr Z went out. A barrier would have stopped a collision.", date(2020, 1, 5)) == []


def test_a_death_at_the_scene_takes_the_day_of_the_incident_its_passage_tells():
    text = ("On 16 October 2024 Mr Z was driving to work on the M20. He was in lane 2. A van was ahead of him. "
            "He caught up with the van. There was a collision between the two vehicles. The van stopped. The car "
            "crossed the verge. It came to rest on the slip road. Other drivers stopped to help. "
            "Mr Z sadly died at the scene.")
    got = [(e.event_type, e.earliest) for e in _events(text, date(2025, 4, 1))]
    assert ("injury", date(2024, 10, 16)) in got and ("death", date(2024, 10, 16)) in got
    # a death told far from its day, not at the scene, is not dated by it
    far = text.replace("sadly died at the scene", "died some weeks later in hospital")
    assert "death" not in [e.event_type for e in _events(far, date(2025, 4, 1))]


def test_clock_time_carries_the_event_of_its_own_clause():
    evs = _events("On 6 December 2022 Mr Z was cycling to school, when at 7:58am he collided with a bus.",
                  date(2023, 5, 1))
    assert ("injury", date(2022, 12, 6)) in [(e.event_type, e.earliest) for e in evs]


def test_blocked_phrase_is_not_a_trigger():
    evs = _events("On 8 August 2015 a lorry, registration number AB12 CDE, was driven along the road.", date(2016, 1, 1))
    assert [e.event_type for e in evs] == []


def test_the_day_of_death_is_never_a_process_date():
    text = ("On 15 May 2019 I opened an inquest into the death of Mr Z, who died on 30 November 2018 in his van. "
            "The inquest heard that he was notified of the death of his brother on 2 December 2017.")
    sec = Section(1, None, 1, "3", "Investigation and inquest", 1, 1, 1, text)
    txs = {t.text: t.is_process_date for t in annotate_sections([sec], date(2020, 6, 1))}
    assert txs == {"15 May 2019": True, "30 November 2018": False, "2 December 2017": True}
    evs = extract_events([sec], annotate_sections([sec], date(2020, 6, 1)))
    assert [(e.event_type, e.earliest) for e in evs] == [("death", date(2018, 11, 30))]


def test_a_dated_sentence_that_says_the_person_died_dates_the_death():
    # "seen" is the trigger nearest the date, but the sentence also says he died on that day
    evs = _events("On 8 February 2019 he left the ward. The following day he was seen by members of the public "
                  "to walk onto the line, despite the warnings, and to step in front of a train, where he died.",
                  date(2020, 1, 5))
    assert ("death", date(2019, 2, 9)) in [(e.event_type, e.earliest) for e in evs]
    # "the deceased" names the person, not the death: no death on the day of a visit
    evs = _events("On 8 February 2019 the deceased was seen by his GP.", date(2020, 1, 5))
    assert "death" not in [e.event_type for e in evs]


def test_the_inquest_conclusion_dates_the_death_and_the_opening_is_process():
    text = ("On 10 February 2022 an investigation was commenced into the death of Mr Z. "
            "The conclusion of the inquest was as follows: On 1 February 2022 Mr Z died after being hit by a lorry.")
    sec = Section(1, None, 1, "3", "Investigation and inquest", 1, 1, 1, text)
    txs = {t.text: t.is_process_date for t in annotate_sections([sec], date(2022, 6, 1))}
    assert txs == {"10 February 2022": True, "1 February 2022": False}
    evs = extract_events([sec], annotate_sections([sec], date(2022, 6, 1)))
    assert [(e.event_type, e.earliest) for e in evs] == [("death", date(2022, 2, 1))]
