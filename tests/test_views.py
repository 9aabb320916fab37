"""Cross-review views: schema.sql + one view file on an in-memory DuckDB, hand-made rows."""

from __future__ import annotations

import duckdb
import pytest

from extract.store import SQL_DIR


def _con(view: str) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute((SQL_DIR / "schema.sql").read_text())
    con.execute((SQL_DIR / "views" / f"{view}.sql").read_text())
    con.executemany(
        "INSERT INTO reviews (review_id, sha256, source_path, title, published_year, review_type) VALUES (?, ?, ?, ?, ?, ?)",
        [
            ("r1", "s1", "a.pdf", "SCR Child A", 2014, "SCR"),
            ("r2", "s2", "b.pdf", "LCSPR Child B", 2021, "LCSPR"),
            ("r3", "s3", "c.pdf", "DHR Sarah", 2019, "DHR"),
            ("r4", "s4", "d.pdf", "SAR William", None, "SAR"),
        ],
    )
    tags = [
        # review, code, locus, source_table, source_id
        ("r1", "C01", "finding", "findings", 1),
        ("r1", "C01", "finding", "findings", 2),
        ("r1", "C01", "recommendation", "recommendations", 1),
        ("r1", "C02", "narrative", "sections", 5),
        ("r1", "C03", "finding", "findings", 2),
        ("r1", "P02", "finding", "findings", 1),
        ("r2", "C01", "narrative", "sections", 3),
        ("r2", "C02", "finding", "findings", 1),
        ("r2", "C03", "finding", "sections", 9),
        ("r2", "C01", "finding", "findings", 1),
        ("r3", "P02", "recommendation", "recommendations", 4),
        ("r3", "C01", "narrative", "sections", 2),
        ("r4", "C02", "finding", "findings", 7),
        ("r4", "C03", "narrative", "sections", 1),
    ]
    con.executemany(
        "INSERT INTO theme_tags (review_id, code, locus, source_table, source_id, page_no, evidence) VALUES (?, ?, ?, ?, ?, 1, 'x')",
        tags,
    )
    # praise is counted apart: these never reach reviews/findings nor the co-occurrence pairs
    con.executemany(
        "INSERT INTO theme_tags (review_id, code, locus, source_table, source_id, page_no, evidence, polarity) "
        "VALUES (?, ?, 'finding', 'findings', ?, 1, 'x', 'good_practice')",
        [("r2", "P02", 5), ("r3", "P03", 2), ("r1", "P03", 3)])
    con.executemany("INSERT INTO themes VALUES (?, ?, ?, 'd')", [
        ("C01", "context", "Domestic abuse"), ("C02", "context", "Parental mental health"),
        ("C03", "context", "Parental substance misuse"), ("P02", "practice", "Information sharing"),
        ("P03", "practice", "Multi-agency working & communication")])
    return con


def test_recurring_themes_counts_reviews_findings_recommendations_and_years():
    con = _con("recurring_themes")
    rows = con.execute("SELECT * FROM recurring_themes").fetchall()
    assert [d[0] for d in con.description] == ["theme", "theme_label", "reviews", "findings", "recommendations",
                                               "first_year", "last_year", "good_practice_reviews",
                                               "good_practice_findings", "facet"]
    assert rows == [
        # findings r1#1, r1#2, r2#1; rec r1#1; years 2014/2021/2019
        ("C01", "Domestic abuse", 3, 3, 1, 2014, 2021, 0, 0, "context"),
        # r4 has no year: ignored in the range
        ("C02", "Parental mental health", 3, 2, 0, 2014, 2021, 0, 0, "context"),
        ("C03", "Parental substance misuse", 3, 1, 0, 2014, 2021, 0, 0, "context"),
        # r2's praise of information sharing is not a second review with an information-sharing failure
        ("P02", "Information sharing", 2, 1, 1, 2014, 2019, 1, 1, "practice"),
        ("P03", "Multi-agency working & communication", 0, 0, 0, None, None, 2, 2, "practice"),
    ]


def test_theme_cooccurrence_pairs_by_reviews():
    con = _con("theme_cooccurrence")
    rows = con.execute("SELECT * FROM theme_cooccurrence").fetchall()
    # review code sets: r1 {C01 C02 C03 P02}, r2 {C01 C02 C03}, r3 {C01 P02}, r4 {C02 C03}
    assert [d[0] for d in con.description] == ["theme_a", "theme_a_label", "theme_b", "theme_b_label", "reviews"]
    assert [(r[0], r[2], r[4]) for r in rows] == [
        ("C02", "C03", 3),
        ("C01", "C02", 2),
        ("C01", "C03", 2),
        ("C01", "P02", 2),
        ("C02", "P02", 1),
        ("C03", "P02", 1),
    ]
    assert rows[0][:4] == ("C02", "Parental mental health", "C03", "Parental substance misuse")


def test_toxic_trio_needs_all_three_codes():
    con = _con("toxic_trio")
    rows = con.execute("SELECT * FROM toxic_trio").fetchall()
    # r1: C01 finding, C02 only narrative, C03 finding -> in_findings false
    # r2: C01 finding+narrative, C02 finding, C03 analysis section -> in_findings true
    # r3 lacks C02/C03; r4 lacks C01
    assert rows == [("r1", "SCR Child A", 2014, "SCR", False), ("r2", "LCSPR Child B", 2021, "LCSPR", True)]


def test_recommendations_by_agency_type():
    con = duckdb.connect()
    con.execute((SQL_DIR / "schema.sql").read_text())
    con.execute((SQL_DIR / "views" / "recommendations_by_agency_type.sql").read_text())
    con.executemany(
        "INSERT INTO recommendations (review_id, rec_id, number, text, addressees, addressee_types, scope) VALUES (?, ?, ?, 't', ?, ?, ?)",
        [
            ("r1", 1, "5.1", ["Coventry Local Safeguarding Children Board"], ["safeguarding_partnership"], "multi_agency"),
            ("r1", 2, "5.2", ["Coventry Local Safeguarding Children Board"], ["safeguarding_partnership"], "multi_agency"),
            ("r2", 1, "1", ["West Midlands Police", "Probation Service"], ["police", "probation"], "multi_agency"),
            ("r2", 2, "2", ["West Midlands Police"], ["police"], "single_agency"),
            ("r3", 1, None, ["NHS England", "Priory Group"], ["national_body", ""], "national"),
            ("r3", 2, "3", [], [], None),
            ("r3", 3, "4", ["A Police", "B Police"], ["police", "police"], "multi_agency"),
        ],
    )
    from extract.labels import agency_type_rows
    con.executemany("INSERT INTO agency_types VALUES (?, ?, ?, ?)",
                    [(r["code"], r["label"], r["is_agency"], r["note"]) for r in agency_type_rows()])
    rows = con.execute("SELECT * FROM recommendations_by_agency_type").fetchall()
    assert [d[0] for d in con.description] == [
        "agency_type", "agency_type_label", "is_agency", "recommendations", "reviews", "multi_agency",
        "single_agency", "national"]
    assert rows == [
        ("police", "Police", True, 3, 2, 2, 1, 0),  # r3#3 has two police addressees: counted once
        ("safeguarding_partnership", "Safeguarding partnership / board", True, 2, 1, 2, 0, 0),
        ("national_body", "National body", True, 1, 1, 0, 0, 1),
        ("probation", "Probation", True, 1, 1, 1, 0, 0),
        # the words that are not agencies come last, each with its display name
        ("unaddressed", "No addressee", False, 1, 1, 0, 0, 0),
        ("unknown", "Unknown type", False, 1, 1, 0, 0, 1),
    ]


@pytest.mark.parametrize("view", ["recurring_themes", "theme_cooccurrence", "recommendations_by_agency_type", "toxic_trio"])
def test_each_view_file_is_one_create_or_replace_view(view):
    text = (SQL_DIR / "views" / f"{view}.sql").read_text()
    body = "\n".join(l for l in text.splitlines() if not l.strip().startswith("--"))
    assert body.count("CREATE OR REPLACE VIEW") == 1
    assert f"CREATE OR REPLACE VIEW {view} AS" in body
    assert body.strip().endswith(";") and body.count(";") == 1
