"""Exact outputs of the temporal tagger on realistic review sentences."""

from __future__ import annotations

import shutil
from datetime import date
from xml.etree import ElementTree as ET

import pytest

from extract import MODELS_DIR
from extract.errors import ExtractError
from extract.model import Section
from extract.timex import annotate, annotate_sections, interval_value, load_vocab_file, narrow, to_timeml, vocab


def one(text: str, dct: date | None = None):
    ts = [t for t in annotate(text, dct)]
    assert len(ts) == 1, [(t.text, t.value) for t in ts]
    return ts[0]


def D(s: str) -> date:
    return date.fromisoformat(s)


@pytest.mark.parametrize(
    "text, span, value, mod, earliest, latest, gran",
    [
        ("In early summer 2010 Mother S registered with a GP.", "early summer 2010", "2010-SU", "START", "2010-06-01", "2010-06-30", "season"),
        ("Child S was seen in the early winter of 2010 by a midwife.", "the early winter of 2010", "2010-WI", "START", "2010-12-01", "2010-12-31", "season"),
        ("She was cautioned in the winter of 2011.", "the winter of 2011", "2011-WI", None, "2011-12-01", "2012-02-29", "season"),
        ("His licence expired in mid-summer 2013.", "mid-summer 2013", "2013-SU", "MID", "2013-07-01", "2013-07-31", "season"),
        ("They met in the late autumn of 2013.", "the late autumn of 2013", "2013-FA", "END", "2013-11-01", "2013-11-30", "season"),
        ("Mother S was born in Birmingham at the end of 1989.", "the end of 1989", "1989", "END", "1989-09-01", "1989-12-31", "year"),
        ("He was put before the courts in early 2013.", "early 2013", "2013", "START", "2013-01-01", "2013-04-30", "year"),
        ("Supervision took place over the second half of 2012.", "the second half of 2012", "2012-H2", None, "2012-07-01", "2012-12-31", "half"),
        ("On 26th November 2013 the chair agreed.", "26th November 2013", "2013-11-26", None, "2013-11-26", "2013-11-26", "day"),
        ("The form is dated 16/07/06.", "16/07/06", "2006-07-16", None, "2006-07-16", "2006-07-16", "day"),
        ("The visit on 02.09.2021 was missed.", "02.09.2021", "2021-09-02", None, "2021-09-02", "2021-09-02", "day"),
        ("A meeting in June 2014 discussed Early Help.", "June 2014", "2014-06", None, "2014-06-01", "2014-06-30", "month"),
        ("It happened in early June 2014.", "early June 2014", "2014-06", "START", "2014-06-01", "2014-06-10", "month"),
        ("The family moved in the third quarter of 2012.", "the third quarter of 2012", "2012-Q3", None, "2012-07-01", "2012-09-30", "quarter"),
        ("Mother S grew up in the late 1990s.", "the late 1990s", "199", "END", "1997-01-01", "1999-12-31", "decade"),
    ],
)
def test_absolute_dates(text, span, value, mod, earliest, latest, gran):
    t = one(text)
    assert (t.text, t.type, t.value, t.mod, t.earliest, t.latest, t.granularity) == (
        span, "DATE", value, mod, D(earliest), D(latest), gran)
    assert text[t.start_char:t.end_char] == span


def test_blurred_range_gives_two_timexes():
    ts = annotate("Towards the end of 2012 and the first half of 2013 Mother S attended classes.")
    assert [(t.text, t.value, t.mod, t.earliest, t.latest) for t in ts] == [
        ("the end of 2012", "2012", "END", D("2012-09-01"), D("2012-12-31")),
        ("the first half of 2013", "2013-H1", None, D("2013-01-01"), D("2013-06-30")),
    ]


def test_explicit_ranges():
    ts = annotate("Male B had been in prison between March 2013 and April 2013. "
                  "The order ran from 29th January 2013 until 9th October 2014.")
    assert [(t.text, t.value) for t in ts] == [
        ("March 2013", "2013-03"), ("April 2013", "2013-04"),
        ("29th January 2013", "2013-01-29"), ("9th October 2014", "2014-10-09")]


def test_relative_expressions_anchor_on_last_narrative_date():
    text = ("Child S was seen on 3rd March 2013. The following day he was taken to hospital. "
            "Later that month he was discharged. Two weeks later the family moved.")
    ts = annotate(text, dct=date(2015, 6, 1))
    got = [(t.timex_id, t.text, t.value, t.earliest, t.latest, t.anchor_id) for t in ts]
    assert got == [
        (1, "3rd March 2013", "2013-03-03", D("2013-03-03"), D("2013-03-03"), None),
        (2, "The following day", "2013-03-04", D("2013-03-04"), D("2013-03-04"), 1),
        (3, "Later that month", "2013-03", D("2013-03-05"), D("2013-03-31"), 2),
        (4, "Two weeks later", "2013-SP", D("2013-03-19"), D("2013-04-14"), 3),
    ]


def test_relative_to_a_season_keeps_the_width():
    ts = annotate("In autumn 2013 Child S was injured. He died the following day.")
    assert [(t.value, t.earliest, t.latest, t.granularity, t.anchor_id) for t in ts] == [
        ("2013-FA", D("2013-09-01"), D("2013-11-30"), "season", None),
        ("2013-H2", D("2013-09-02"), D("2013-12-01"), "season", 1)]


def test_within_months_of_that_assessment():
    ts = annotate("Child S was assessed in June 2013. Within four months of that assessment, he was injured.")
    t = ts[1]
    assert (t.text, t.value, t.earliest, t.latest, t.anchor_id) == (
        "Within four months of that assessment", "2013", D("2013-06-01"), D("2013-10-31"), 1)


def test_ages_resolve_against_a_vague_birth():
    text = ("Mother S was born at the end of 1989. Child S was born in the early winter of 2010. "
            "At a fourteen week check he was well. At the next health check at two years seven months old he "
            "was seen by a nurse. He was aged two years and ten months when he died. "
            "He was less than two months old when they left the refuge.")
    ts = annotate(text)
    got = [(t.timex_id, t.text, t.type, t.value, t.mod, t.earliest, t.latest, t.anchor_id) for t in ts]
    assert got == [
        (1, "the end of 1989", "DATE", "1989", "END", D("1989-09-01"), D("1989-12-31"), None),
        (2, "the early winter of 2010", "DATE", "2010-WI", "START", D("2010-12-01"), D("2010-12-31"), None),
        # ages are TimeML DURATIONs; the birth plus the age is the interval, anchored on the birth
        (3, "fourteen week", "DURATION", "P14W", None, D("2011-03-09"), D("2011-04-08"), 2),
        (4, "two years seven months", "DURATION", "P2Y7M", None, D("2013-07-01"), D("2013-07-31"), 2),
        (5, "two years and ten months", "DURATION", "P2Y10M", None, D("2013-10-01"), D("2013-10-31"), 2),
        (6, "less than two months", "DURATION", "P2M", "LESS_THAN", D("2010-12-01"), D("2011-02-28"), 2),
    ]


def test_age_range_and_birthday():
    ts = annotate("Child S was born in winter 2010. The review at eight to ten months was missed, "
                  "and the check due by his first birthday.")
    assert [(t.text, t.value, t.mod, t.earliest, t.latest) for t in ts[1:]] == [
        ("eight to ten months", "PXM", None, D("2011-08-01"), D("2011-12-31")),
        ("his first birthday", "2011-WI", "ON_OR_BEFORE", D("2011-12-01"), D("2012-02-29")),
    ]


def test_age_without_birth_is_a_duration_without_an_interval():
    ts = annotate("A 52-year-old man was arrested, aged 52 years.")
    assert [(t.text, t.type, t.value, t.earliest) for t in ts] == [
        ("52-year-old", "DURATION", "P52Y", None), ("52 years", "DURATION", "P52Y", None)]
    assert all(t.reason == "age with no known birth date" for t in ts)
    # news (a DCT and narrative=False) follows TimeBank, which leaves ages untagged
    assert annotate("A 52-year-old man was arrested.", date(1998, 8, 7)) == []


def test_impossible_and_implausible_dates_are_kept_with_a_reason():
    ts = annotate("The referral is dated 31st February 2013. The letter says 12/13/2012. It was filed in 2089.")
    assert [(t.text, t.value, t.earliest, t.latest) for t in ts] == [
        ("31st February 2013", None, None, None), ("12/13/2012", None, None, None), ("2089", "2089", None, None)]
    assert "impossible date" in ts[0].reason and "as US month/day it would be 2012-12-13" in ts[1].reason
    assert "outside" in ts[2].reason


def test_two_digit_year_pivot():
    assert one("Seen on 16/07/89.").value == "1989-07-16"
    assert one("Seen on 16/07/06.", dct=date(2016, 1, 1)).value == "2006-07-16"


def test_process_dates_and_legislation_years():
    text = ("The review was commissioned on 26th November 2013. Guidance is in Working Together 2013 and the "
            "Housing Act 1996 and the Offender Rehabilitation Act (ORA) 2014. "
            "Child S was seen in June 2012. The panel met in January 2014. The following day he was seen again.")
    ts = annotate(text)
    got = [(t.text, t.value, t.is_process_date, t.earliest, t.anchor_id) for t in ts]
    assert got == [
        ("26th November 2013", "2013-11-26", True, D("2013-11-26"), None),
        ("2013", "2013", True, None, None),
        ("1996", "1996", True, None, None),
        ("2014", "2014", True, None, None),
        ("June 2012", "2012-06", False, D("2012-06-01"), None),
        ("January 2014", "2014-01", True, D("2014-01-01"), None),
        # process dates never anchor: the following day is after June 2012
        ("The following day", "2012-SU", False, D("2012-06-02"), 5),
    ]
    assert ts[1].reason and "legislation" in ts[1].reason
    assert "2006/90" not in [t.text for t in annotate("Statutory Instrument 2006/90 applies.")]


def test_footnote_dates_are_process_dates():
    text = "Male B was released in April 2013.\n\n¹⁴ The Act came into force on 1st February 2015."
    assert [(t.text, t.is_process_date) for t in annotate(text)] == [("April 2013", False), ("1st February 2015", True)]


def test_durations_sets_and_refs():
    ts = annotate("For a period of two years and four months, over twenty years, nearly three years, 28 weeks "
                  "and he was seen weekly; staff are now trained and it has recently changed.")
    assert [(t.text, t.type, t.value, t.mod) for t in ts] == [
        ("two years and four months", "DURATION", "P2Y4M", None),
        ("over twenty years", "DURATION", "P20Y", "MORE_THAN"),
        ("nearly three years", "DURATION", "P3Y", "LESS_THAN"),
        ("28 weeks", "DURATION", "P28W", None),
        ("weekly", "SET", "P1W", None),
        ("now", "DATE", "PRESENT_REF", None),
        ("recently", "DATE", "PAST_REF", None),
    ]


def test_not_dates():
    text = ("Early Help was offered at Care Pathway 1 under section 47 in para. 4.2.3 with 15% missed; "
            "a second opportunity arose. She may attend.")
    assert annotate(text) == []


def test_news_mode_uses_the_dct():
    ts = annotate("Shares fell Friday and last year; the bombing on Aug. 7 killed 12.", dct=date(1998, 8, 10))
    assert [(t.text, t.value) for t in ts] == [("Friday", "1998-08-07"), ("last year", "1997"), ("Aug. 7", "1998-08-07")]


def test_annotate_sections_carries_anchor_and_birth_across_sections():
    s1 = Section(1, None, 1, "1", "Introduction", 1, 1, 2, "Child S was born in the early winter of 2010.\nHe thrived.",
                 page_spans=((0, 1), (30, 2)))
    s2 = Section(2, None, 2, "1.4", "Methodology", 1, 3, 3, "The panel first met in March 2014.")
    s3 = Section(3, None, 3, "2", "Chronology", 1, 3, 4, "At ten weeks old he was seen. The following day he was ill.")
    ts = annotate_sections([s1, s2, s3])
    got = [(t.timex_id, t.section_id, t.page_no, t.text, t.is_process_date, t.anchor_id, t.earliest) for t in ts]
    assert got == [
        (1, 1, 1, "the early winter of 2010", False, None, D("2010-12-01")),
        (2, 2, 3, "March 2014", True, None, D("2014-03-01")),
        (3, 3, 3, "ten weeks", False, 1, D("2011-02-09")),
        (4, 3, 3, "The following day", False, 3, D("2011-02-10")),
    ]
    assert s3.text[ts[2].start_char:ts[2].end_char] == "ten weeks"


def test_to_timeml_is_tempeval3_format():
    text = "In early summer 2010 she moved & settled for two years."
    ts = annotate(text)
    xml = to_timeml(text, ts, date(2014, 7, 1), docid="scr-x")
    root = ET.fromstring(xml)
    assert root.tag == "TimeML" and root.findtext("DOCID") == "scr-x"
    dct = root.find("DCT/TIMEX3")
    assert dct.attrib["tid"] == "t0" and dct.attrib["value"] == "2014-07-01" and dct.attrib["functionInDocument"] == "CREATION_TIME"
    tags = root.find("TEXT").findall("TIMEX3")
    assert [(e.attrib["tid"], e.attrib["type"], e.attrib["value"], e.attrib.get("mod"), e.text) for e in tags] == [
        ("t1", "DATE", "2010-SU", "START", "early summer 2010"), ("t2", "DURATION", "P2Y", None, "two years")]
    assert "".join(root.find("TEXT").itertext()) == text


def test_interval_value_and_narrow():
    assert interval_value(D("2011-01-12"), D("2011-02-25")) == "2010-WI"
    assert interval_value(D("2011-08-01"), D("2011-10-31")) == "2011-H2"
    assert interval_value(D("2010-12-02"), D("2011-03-01"), "D") == "XXXX-XX-XX"
    assert narrow(D("2013-01-01"), D("2013-12-31"), "year", "MID") == (D("2013-05-01"), D("2013-08-31"))
    assert narrow(D("2013-03-01"), D("2013-03-31"), "month", "END") == (D("2013-03-21"), D("2013-03-31"))


def test_vocab_validation_names_file_and_line(tmp_path):
    for f in (MODELS_DIR / "timex").glob("*.yaml"):
        shutil.copy(f, tmp_path / f.name)
    bad = tmp_path / "modifiers.yaml"
    bad.write_text(bad.read_text().replace("  early: START", "  early: START\n  eraly_typo: SOON"))
    with pytest.raises(ExtractError) as ei:
        load_vocab_file(bad)
    msg = str(ei.value)
    assert "modifiers.yaml" in msg and "line 5" in msg and "SOON" in msg
    bad2 = tmp_path / "numbers.yaml"
    bad2.write_text("cardinals: {one: 1}\nvague: []\nordinals: {}\nunits: {day: D}\nextra: 1\n")
    with pytest.raises(ExtractError, match=r"numbers.yaml: timex: line 5: unknown key 'extra'"):
        load_vocab_file(bad2)
    assert vocab().seasons["winter"]["code"] == "WI"


def test_age_takes_the_birth_of_the_named_child_even_when_stated_later():
    text = ("This review concerns Child Q, who was aged five years and four months when she was admitted. "
            "Child Q lived with Half Sibling 1 (born in 2017). Father Q left when Child Q was about eighteen months "
            "old. Mother Q booked at twenty-two weeks with the midwife. Child Q was born in the spring of 2015. "
            "Sarah was thirty-four years old.")
    ts = annotate(text)
    got = [(t.timex_id, t.text, t.type, t.value, t.mod, t.earliest, t.latest, t.anchor_id) for t in ts]
    assert got == [
        (1, "five years and four months", "DURATION", "P5Y4M", None, D("2020-07-01"), D("2020-09-30"), 5),
        (2, "2017", "DATE", "2017", None, D("2017-01-01"), D("2017-12-31"), None),
        (3, "about eighteen months", "DURATION", "P18M", "APPROX", D("2016-09-01"), D("2016-11-30"), 5),
        # a gestational age is a plain duration; an adult's age has no birth to anchor it
        (4, "twenty-two weeks", "DURATION", "P22W", None, None, None, None),
        (5, "the spring of 2015", "DATE", "2015-SP", None, D("2015-03-01"), D("2015-05-31"), None),
        (6, "thirty-four years", "DURATION", "P34Y", None, None, None, None),
    ]


def test_plain_text_headings_mark_process_sections():
    text = ("Timescales\nThe chair decided on 8th March 2017 that the criteria were met.\n\n"
            "Chronology\nOn 22nd May 2016 a neighbour called the police. The panel first met in May 2017.")
    assert [(t.text, t.is_process_date) for t in annotate(text)] == [
        ("8th March 2017", True), ("22nd May 2016", False), ("May 2017", True)]


def test_yearless_month_in_a_range_takes_the_range_year():
    ts = annotate("The review was paused between June and November 2017. Nobody saw her between 20th March "
                  "and 27th August 2020.")
    assert [(t.text, t.value) for t in ts] == [
        ("June", "2017-06"), ("November 2017", "2017-11"), ("20th March", "2020-03-20"), ("27th August 2020", "2020-08-27")]
    assert [t.is_process_date for t in ts] == [True, True, False, False]


def test_season_without_year_and_of_that_year():
    ts = annotate("They met in early 2013 and he moved in during the late summer of that year. "
                  "On 27th August 2020 her grandmother visited for the first time since the spring.")
    assert [(t.text, t.value, t.mod, t.earliest, t.latest) for t in ts] == [
        ("early 2013", "2013", "START", D("2013-01-01"), D("2013-04-30")),
        ("the late summer of that year", "2013-SU", "END", D("2013-08-01"), D("2013-08-31")),
        ("27th August 2020", "2020-08-27", None, D("2020-08-27"), D("2020-08-27")),
        ("the spring", "2020-SP", None, D("2020-03-01"), D("2020-05-31")),
    ]


def test_title_runs_and_citations_are_not_times():
    ts = annotate("Working Together to Safeguard Children 2018 applies (Home Office, 2016), see the Advice for "
                  "Practitioners (2018). She moved in 2016.")
    assert [(t.text, t.is_process_date, t.earliest) for t in ts] == [
        ("2018", True, None), ("2016", True, None), ("2018", True, None), ("2016", False, D("2016-01-01"))]


def test_uk_financial_years():
    ts = annotate("Referrals rose in 2013/14 and in the financial year 2015-16 (SI 2006/90).")
    assert [(t.text, t.value, t.earliest, t.latest, t.granularity) for t in ts] == [
        ("2013/14", "FY2013", D("2013-04-01"), D("2014-03-31"), "year"),
        ("the financial year 2015-16", "FY2015", D("2015-04-01"), D("2016-03-31"), "year")]


def test_holidays_and_approximate_dates():
    ts = annotate("Mother S spent Christmas 2012 with family. In June 2013 she moved; at Easter she left. "
                  "He was found on or about 4th June 2021.")
    assert [(t.text, t.value, t.mod, t.earliest) for t in ts] == [
        ("Christmas 2012", "2012-12-25", None, D("2012-12-25")),
        ("June 2013", "2013-06", None, D("2013-06-01")),
        ("Easter", "2013-03-31", None, D("2013-03-31")),
        ("4th June 2021", "2021-06-04", "APPROX", D("2021-06-04")),
    ]


def test_counts_and_clock_times_are_not_years():
    ts = annotate("There were 2000 referrals and at 1830 hours police came. In 2013 children were seen.")
    assert [(t.text, t.type, t.value) for t in ts] == [
        ("1830 hours", "TIME", "XXXX-XX-XXT18:30"), ("2013", "DATE", "2013")]


def test_day_ranges_school_terms_and_bare_ages():
    ts = annotate("Child X was born on 2nd May 2001. The review panel met Child X, aged 14, on 3rd-4th May 2015; "
                  "she missed school in the spring term 2016. Mother X, aged 34, attended.")
    assert [(t.text, t.value, t.earliest, t.latest, t.anchor_id, t.is_process_date) for t in ts] == [
        ("2nd May 2001", "2001-05-02", D("2001-05-02"), D("2001-05-02"), None, False),
        ("14", "P14Y", D("2015-05-02"), D("2015-05-02"), 1, False),  # an age is never a process date
        # a range of days is two TIMEX3s, the first taking its month and year from the second
        ("3rd", "2015-05-03", D("2015-05-03"), D("2015-05-03"), None, True),
        ("4th May 2015", "2015-05-04", D("2015-05-04"), D("2015-05-04"), None, True),
        ("the spring term 2016", "2016-Q1", D("2016-01-01"), D("2016-03-31"), None, False),
        ("34", "P34Y", None, None, None, False),
    ]
    assert (ts[2].range_with, ts[3].range_with) == (ts[3].timex_id, ts[2].timex_id)


def test_clock_times_sets_per_hour_and_pluperfect_months():
    ts = annotate("On 21st March 2022 she was seen at 18.02 and observed four times an hour; the notes were "
                  "uploaded at 16:06. On 2nd February 2017 the GP had received the notification in December.")
    assert [(t.text, t.type, t.value) for t in ts] == [
        ("21st March 2022", "DATE", "2022-03-21"), ("18.02", "TIME", "2022-03-21T18:02"),
        ("four times an hour", "SET", "PT1H"), ("16:06", "TIME", "2022-03-21T16:06"),
        ("2nd February 2017", "DATE", "2017-02-02"), ("December", "DATE", "2016-12")]
    assert annotate("Shares traded between 2.35 and 2.46 pence.") == []


def test_news_conventions_issue_11():
    # TimeML / TimeBank values in news mode (a DCT, narrative=False); invented sentences
    def tag(text, dct):
        return [(t.text, t.type, t.value) for t in annotate(text, dct, narrative=False)]

    # decades as years (TimeBank); "a couple of" is two
    assert tag("Prices have been flat for almost three decades.", D("2001-05-09")) == [
        ("almost three decades", "DURATION", "P30Y")]
    assert tag("Demand may stay weak for a couple of years.", D("2001-05-09")) == [
        ("a couple of years", "DURATION", "P2Y")]
    # an adjectival duration or quarter leaves "the" outside; "N more units" is a duration
    assert tag("The firm blamed the 90-day strike and the second-quarter slump.", D("2001-05-09")) == [
        ("90-day", "DURATION", "P90D"), ("second-quarter", "DATE", "2001-Q2")]
    assert tag("The lease runs for three more years.", D("2001-05-09")) == [("three more years", "DURATION", "P3Y")]
    # a rate is a SET, not a duration
    assert tag("The plant will make 4,000 engines a year.", D("2001-05-09")) == [("a year", "SET", "P1Y")]
    # a quarter after the DCT's is last year's in a report; a month after "ended" is past
    assert tag("The chain said profits fell in the third quarter.", D("2002-02-04")) == [
        ("the third quarter", "DATE", "2001-Q3")]
    assert tag("In the fiscal year ended Feb. 28, sales rose.", D("2001-11-20")) == [
        ("the fiscal year", "DURATION", "P1Y"), ("Feb. 28", "DATE", "2001-02-28")]
    assert tag("In February, the board brought in a new auditor.", D("2001-11-20")) == [
        ("February", "DATE", "2001-02")]
    # a clock time with its day is one TIME; a plan "had been due" is past
    assert tag("The bid had been due to lapse at noon Friday.", D("2001-11-20")) == [
        ("noon Friday", "TIME", "2001-11-16T12:00")]
    assert tag("The offer runs until 5 p.m. EST, Dec. 3.", D("2001-11-20")) == [
        ("5 p.m. EST, Dec. 3", "TIME", "2001-12-03T17:00")]
    # holidays: the last Thanksgiving before the DCT; "Later Monday" is the weekday alone
    assert tag("The boat sank last Thanksgiving.", D("2002-03-12")) == [("last Thanksgiving", "DATE", "2001-11-22")]
    assert tag("Later Monday, the pair met again.", D("2002-03-13")) == [("Monday", "DATE", "2002-03-11")]
    # a half, a reporting period, a spoken year, a first name
    assert tag("Sales slowed in the last half of 1996 and in the 1995 period.", D("1997-03-03")) == [
        ("the last half of 1996", "DATE", "1996-H2"), ("the 1995 period", "DATE", "1995")]
    assert tag("Prices peaked in the summer of nineteen ninety-one.", D("1997-03-03")) == [
        ("the summer of nineteen ninety-one", "DATE", "1991-SU")]
    assert tag("The ministers and Jan Novak signed it.", D("1997-03-03")) == []
    assert tag("They closed the plant this past winter.", D("1997-03-03")) == [("this past winter", "DATE", "1996-WI")]
    assert tag("A ruling is due in the week of April 14.", D("1997-03-03")) == [("the week of April 14", "DATE", "1997-W16")]
