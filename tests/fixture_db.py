"""A small hand-made review database shared by the query, report and export tests.

Three reviews, written through ``store.load`` so they are exactly what an ingest writes:

A  SCR 2015 "Child S"  (aaaa…)  C01 p1, C07 p2, P01 p1; findings/good practice; events with a death
B  DHR 2019 "Sarah"    (bbbb…)  C01 p2; a vague (summer) death date
C  LCSPR 2021 "Child Q" (cccc…) C01 p1, C07 p1 twice; 'was not brought' twice; no events
"""

from __future__ import annotations

from datetime import date

from extract import store
from extract.model import (Agency, Document, Event, Finding, Line, Mention, Page, Recommendation, Review,
                           ReviewMeta, Role, Section, ThemeTag)

A, B, C = "a" * 16, "b" * 16, "c" * 16

A_FINDINGS = ("Professionals took Mother S at face value. UHCW and West Midlands Police shared little.\n"
              "Child S was not\nbrought to the clinic by Mother S.")
A_GOOD = "The Health Visiting service at UHCW followed up every missed appointment."
A_RECS = "The LSCB should review its escalation policy. UHCW should audit missed appointments."
C_TEXT = "Child Q was not brought to the GP. Later she WAS NOT BROUGHT to the dentist."


def _doc(rid: str, pages: int) -> Document:
    ps = tuple(Page(n, 595, 842, (Line(n, f"page {n}", 72, 200, 100, 110, 11, False, False, 0, Role.BODY),),
                    chars=6) for n in range(1, pages + 1))
    return Document(f"/data/{rid}.pdf", rid * 4, ps)


def _mention(sec: Section, text: str, norm: str, kind: str, label: str = "AGENCY") -> Mention:
    s = sec.text.index(text)
    return Mention(sec.section_id, sec.page_at(s), s, s + len(text), label, text, norm, kind)


def review_a() -> Review:
    s1 = Section(1, None, 1, "4.2", "Key findings", 1, 1, 2, A_FINDINGS, ((A_FINDINGS.index("Child S was"), 2),))
    s2 = Section(2, None, 2, "4.3", "Good practice", 1, 2, 2, A_GOOD)
    s3 = Section(3, None, 3, "5", "Recommendations", 1, 3, 3, A_RECS)
    mentions = (_mention(s1, "UHCW", "University Hospitals Coventry", "acute_hospital"),
                _mention(s1, "West Midlands Police", "West Midlands Police", "police"),
                _mention(s2, "Health Visiting service", "Health Visiting", "health_visiting"),
                _mention(s2, "UHCW", "University Hospitals Coventry", "acute_hospital"),
                _mention(s3, "UHCW", "University Hospitals Coventry", "acute_hospital"))
    return Review(
        A, _doc(A, 3), ReviewMeta("Serious Case Review concerning Child S", "Child S", "Coventry LSCB", None,
                                  date(2015, 3, 1), 2015, "SCR"),
        (s1, s2, s3), mentions=mentions,
        agencies=(Agency("University Hospitals Coventry", "acute_hospital", 3, 1, (1, 2, 3)),
                  Agency("West Midlands Police", "police", 1, 1, (1,)),
                  Agency("Health Visiting", "health_visiting", 1, 2, (2,))),
        events=(Event(1, 1, 1, None, date(2010, 6, 1), date(2010, 6, 30), "registration", "Registered with GP.",
                      agencies=("GP",)),
                Event(2, 1, 2, None, date(2011, 1, 10), date(2011, 1, 10), "injury", "Bruising seen.",
                      agencies=("University Hospitals Coventry",)),
                Event(3, 1, 2, None, date(2011, 3, 1), date(2011, 3, 1), "death", "Child S died.",
                      agencies=("West Midlands Police",)),
                Event(4, 1, 2, None, None, None, "contact", "Undated contact.")),
        findings=(Finding(1, 1, 1, "finding", "4.2.1", "Face value", "Professionals took Mother S at face value.",
                          ("P01",)),
                  Finding(2, 1, 2, "learning", "4.2.2", "Not brought", "Child S was not brought."),
                  Finding(3, 2, 2, "good_practice", None, None, A_GOOD)),
        recommendations=(Recommendation(1, 3, 3, "1", "The LSCB should review its escalation policy.",
                                        ("Coventry LSCB",), ("safeguarding_partnership",), "multi_agency"),
                         Recommendation(2, 3, 3, "2", "UHCW should audit missed appointments.",
                                        ("University Hospitals Coventry",), ("acute_hospital",), "single_agency")),
        theme_tags=(ThemeTag("C01", "narrative", "sections", 1, 1, "domestic abuse", 1),
                    ThemeTag("C07", "narrative", "sections", 1, 2, "unknown man", 1),
                    ThemeTag("P01", "finding", "findings", 1, 1, "face value", 1)),
    )


def review_b() -> Review:
    text = "Sarah was seen by her GP in January 2016. Sarah was killed in the summer of 2016."
    s1 = Section(1, None, 1, "1", "Chronology", 1, 1, 2, text, ((text.index("Sarah was killed"), 2),))
    return Review(
        B, _doc(B, 2), ReviewMeta("Domestic Homicide Review into the death of 'Sarah'", "Sarah", None, None,
                                  None, 2019, "DHR"),
        (s1,),
        mentions=(_mention(s1, "GP", "GP practice", "gp_primary_care"),),
        events=(Event(1, 1, 1, None, date(2016, 1, 1), date(2016, 1, 31), "contact", "Seen by her GP.",
                      agencies=("GP practice",)),
                Event(2, 1, 2, None, date(2016, 6, 1), date(2016, 8, 31), "death", "Sarah was killed.")),
        findings=(Finding(1, 1, 2, "finding", "1", None, "The GP did not ask about abuse."),),
        recommendations=(Recommendation(1, 1, 2, "R1", "GPs and the ambulance service should ask.",
                                        ("GP practice", "Ambulance service"), ("gp_primary_care", "ambulance"),
                                        "multi_agency"),),
        theme_tags=(ThemeTag("C01", "finding", "findings", 1, 2, "coercive control", 1),
                    # praise: counted apart from the concerns in the report and the views
                    ThemeTag("P02", "finding", "findings", 1, 2, "shared promptly", 1, polarity="good_practice",
                             score=0.93, method="classifier")),
    )


def review_c() -> Review:
    s1 = Section(1, None, 1, None, "Background", 1, 1, 1, "Child Q lived with her mother.")
    s2 = Section(2, None, 2, "2", "Health", 1, 1, 2, C_TEXT, ((C_TEXT.index("Later"), 2),))
    return Review(
        C, _doc(C, 2), ReviewMeta("Local Child Safeguarding Practice Review: Child Q", "Child Q", None, None,
                                  date(2021, 5, 4), 2021, "LCSPR"),
        (s1, s2),
        theme_tags=(ThemeTag("C01", "narrative", "sections", 1, 1, "domestic abuse", 1),
                    ThemeTag("C07", "narrative", "sections", 1, 1, "unknown men", 1),
                    ThemeTag("C07", "narrative", "sections", 2, 1, "mother's partner", 1)),
    )


def build(db=":memory:"):
    """A connection holding the three reviews (theme labels come from models/themes.yaml via store)."""
    con = store.connect(db)
    for review in (review_a(), review_b(), review_c()):
        store.load(con, review)
    return con
