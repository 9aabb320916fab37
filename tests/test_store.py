from datetime import date

import pytest

from extract import PIPELINE_VERSION, store
from extract.model import (Agency, Document, Event, Finding, Line, Mention, Page, Person, Recommendation,
                           Review, ReviewMeta, Role, Section, ThemeTag, Timex)


def make_review(sha="a" * 64, path="/data/scr-child-s.pdf", title="Serious Case Review concerning Child S"):
    lines = (Line(1, "Coventry LSCB – SCR Child S", 72, 300, 30, 40, 9, False, False, 0, Role.HEADER),
             Line(1, "4.2 Key findings", 72, 200, 100, 114, 14, True, False),
             Line(1, "Page 1 of 2", 250, 320, 800, 810, 9, False, False, 0, Role.PAGE_NUMBER))
    doc = Document(path, sha, (Page(1, 595, 842, lines, chars=60), Page(2, 595, 842, (), chars=0)))
    sec = Section(1, None, 1, "4.2", "Key findings", 2, 1, 2, "Professionals took Mother S at face value.",
                  ((10, 2),))
    return Review(
        sha[:16], doc,
        ReviewMeta(title, "Child S", "Coventry Local Safeguarding Children Board", "Stephen Ashley",
                   date(2015, 3, 1), 2015, "SCR"),
        (sec,),
        mentions=(Mention(1, 1, 19, 27, "PERSON", "Mother S", "Mother S", "mother", sec.text),),
        agencies=(Agency("West Midlands Police", "police", 3, 1, (1,), True),),
        people=(Person("Mother S", "mother", 1),),
        timexes=(Timex(1, 1, 1, 0, 16, "early summer 2010", "DATE", "2010-SU", "START",
                       date(2010, 6, 1), date(2010, 6, 30), "season"),),
        events=(Event(1, 1, 1, 1, date(2010, 6, 1), date(2010, 6, 30), "registration", "…",
                      agencies=("UHCW",), people=("Mother S",)),),
        findings=(Finding(1, 1, 1, "finding", "4.2.1", "Overall Finding", "text", ("P01",)),),
        recommendations=(Recommendation(1, 1, 1, "5.1", "The LSCB should…", ("Coventry LSCB",),
                                        ("safeguarding_partnership",), "multi_agency", ("P03",)),),
        theme_tags=(ThemeTag("P01", "finding", "findings", 1, 1, "face value", 1, 19, 29),),
    )


def test_round_trip_every_table():
    con = store.connect()
    r = make_review()
    store.load(con, r)
    for table in store.ROW_TABLES:
        assert store.read_objects(con, table, r.review_id) == list(getattr(r, table)), table
    row = con.execute("SELECT title, published, published_year, review_type, page_count, status, pipeline_version,"
                      " source_paths FROM reviews").fetchone()
    assert row == ("Serious Case Review concerning Child S", date(2015, 3, 1), 2015, "SCR", 2, "ok",
                   PIPELINE_VERSION, ["/data/scr-child-s.pdf"])
    assert con.execute("SELECT page_no, body_text, header_text, footer_text FROM pages ORDER BY 1").fetchall() == [
        (1, "4.2 Key findings", "Coventry LSCB – SCR Child S", "Page 1 of 2"), (2, None, None, None)]


def test_reload_replaces_rows_and_keeps_paths():
    con = store.connect()
    store.load(con, make_review())
    store.add_path(con, "a" * 16, "/data/copy of scr.pdf")
    store.load(con, make_review(title="Retitled"))
    assert con.execute("SELECT count(*), any_value(title), any_value(source_paths) FROM reviews").fetchone() == (
        1, "Retitled", ["/data/scr-child-s.pdf", "/data/copy of scr.pdf"])
    assert con.execute("SELECT count(*) FROM sections").fetchone() == (1,)


def test_changed_file_at_same_path_replaces_old_review():
    con = store.connect()
    store.load(con, make_review(sha="a" * 64))
    store.load(con, make_review(sha="b" * 64))
    assert con.execute("SELECT review_id FROM reviews").fetchall() == [("b" * 16,)]
    assert con.execute("SELECT DISTINCT review_id FROM mentions").fetchall() == [("b" * 16,)]


def test_failed_load_leaves_earlier_rows_untouched():
    con = store.connect()
    store.load(con, make_review())
    bad = make_review(title="Half written")
    # a section row whose parent is not an integer fails inside the transaction
    bad = Review(bad.review_id, bad.document, bad.meta,
                 (Section(1, "not-an-int", 1, "1", "x", 1, 1, 1, "t"),), mentions=bad.mentions)
    with pytest.raises(Exception):
        store.load(con, bad)
    assert con.execute("SELECT title FROM reviews").fetchall() == [("Serious Case Review concerning Child S",)]
    assert con.execute("SELECT count(*) FROM mentions").fetchone() == (1,)


def test_current_keys_on_sha_and_pipeline_version():
    con = store.connect()
    store.load(con, make_review())
    assert store.current(con, "a" * 64) == "a" * 16
    con.execute("UPDATE reviews SET pipeline_version = '0.0.0-old'")
    assert store.current(con, "a" * 64) is None
