from datetime import date

import pytest
from typer.testing import CliRunner

import fixture_db
from extract import queries
from extract.cli import app
from extract.queries import QueryError, run_query

A, B, C = fixture_db.A, fixture_db.B, fixture_db.C
TITLE_A = "Serious Case Review concerning Child S"
TITLE_B = "Domestic Homicide Review into the death of 'Sarah'"
TITLE_C = "Local Child Safeguarding Practice Review: Child Q"


@pytest.fixture(scope="module")
def con():
    return fixture_db.build()


def test_library_lists_every_query_with_header():
    qs = {q.name: q for q in queries.list_queries()}
    assert set(qs) >= {"themes_by_year", "theme_pair_reviews", "health_recommendations",
                       "agencies_findings_vs_good_practice", "time_to_incident", "time_to_incident_by_review",
                       "was_not_brought"}
    assert qs["theme_pair_reviews"].params == {"theme_a": "C01", "theme_b": "C07"}
    assert qs["themes_by_year"].params == {"min_reviews": 1}
    assert qs["health_recommendations"].params["types"].split(",")[:2] == ["acute_hospital", "gp_primary_care"]
    assert all(q.description for q in qs.values())


def test_themes_by_year_counts_reviews_not_tags(con):
    cols, rows = run_query(con, "themes_by_year")
    assert cols == ["published_year", "theme", "theme_label", "reviews", "review_ids"]
    assert rows == [(2015, "C01", "Domestic abuse", 1, [A]), (2015, "C07", "Unknown / invisible men", 1, [A]),
                    (2015, "P01", "Professional curiosity", 1, [A]), (2019, "C01", "Domestic abuse", 1, [B]),
                    (2021, "C01", "Domestic abuse", 1, [C]), (2021, "C07", "Unknown / invisible men", 1, [C])]
    assert run_query(con, "themes_by_year", {"min_reviews": "2"})[1] == []


def test_domestic_abuse_with_unknown_men(con):
    cols, rows = run_query(con, "theme_pair_reviews")
    da, men = "Domestic abuse", "Unknown / invisible men"
    assert cols[-2:] == ["theme_a_label", "theme_b_label"]
    assert rows == [(A, TITLE_A, "SCR", 2015, [1], [2], da, men), (C, TITLE_C, "LCSPR", 2021, [1], [1], da, men)]
    assert run_query(con, "theme_pair_reviews", {"theme_b": "P01"})[1] == [
        (A, TITLE_A, "SCR", 2015, [1], [1], da, "Professional curiosity")]


def test_recommendations_to_health_bodies(con):
    cols, rows = run_query(con, "health_recommendations")
    assert [(r[0], r[2], r[3], r[5], r[7]) for r in rows] == [
        (A, "2", "5", 3, ["acute_hospital"]), (B, "R1", "1", 2, ["ambulance", "gp_primary_care"])]
    rows = run_query(con, "health_recommendations", {"types": "ambulance, police"})[1]
    assert [(r[0], r[2], r[7]) for r in rows] == [(B, "R1", ["ambulance"])]


def test_agencies_in_findings_vs_good_practice(con):
    cols, rows = run_query(con, "agencies_findings_vs_good_practice")
    assert cols == ["agency", "agency_type", "in_findings", "in_good_practice", "reviews"]
    assert rows == [("University Hospitals Coventry", "acute_hospital", 2, 1, 1),
                    ("West Midlands Police", "police", 2, 0, 1),
                    ("GP practice", "gp_primary_care", 1, 0, 1),
                    ("Health Visiting", "health_visiting", 0, 1, 1)]
    assert [r[0] for r in run_query(con, "agencies_findings_vs_good_practice", {"min_count": 3})[1]] == [
        "University Hospitals Coventry"]


def test_median_time_to_incident(con):
    cols, rows = run_query(con, "time_to_incident")
    # A: 2010-06-01 -> death 2011-03-01 = 273 days; B: 2016-01-01 -> summer 2016 (from 1 June) = 152 days
    assert rows == [("DHR", 1, 152.0, 152, 152), ("SCR", 1, 273.0, 273, 273), ("all", 2, 212.5, 152, 273)]
    cols, rows = run_query(con, "time_to_incident_by_review")
    assert [(r[0], r[3], r[5], r[6], r[7], r[8], r[9]) for r in rows] == [
        (A, date(2010, 6, 1), 1, date(2011, 3, 1), "death", 2, 273),
        (B, date(2016, 1, 1), 1, date(2016, 6, 1), "death", 2, 152)]
    # injury only: A's injury on 2011-01-10 is 223 days after first contact; B has none
    assert run_query(con, "time_to_incident", {"incident_types": "injury"})[1] == [
        ("SCR", 1, 223.0, 223, 223), ("all", 1, 223.0, 223, 223)]


def test_was_not_brought_across_line_breaks_with_page(con):
    cols, rows = run_query(con, "was_not_brought")
    assert [(r[0], r[2], r[4], r[5]) for r in rows] == [(A, "4.2", 2, 1), (C, "2", 1, 2)]
    assert "Child S was not brought to the clinic" in rows[0][6]
    rows = run_query(con, "was_not_brought", {"phrase": "at face value."})[1]
    assert [(r[0], r[4], r[5]) for r in rows] == [(A, 1, 1)]  # '.' is literal, not a wildcard


def test_unknown_query_and_params_are_clear_errors(con):
    with pytest.raises(QueryError, match=r"unknown query 'nope'; known: .*themes_by_year"):
        run_query(con, "nope")
    with pytest.raises(QueryError, match=r"query 'themes_by_year' has no parameter 'year' \(its parameters: min_reviews\)"):
        run_query(con, "themes_by_year", {"year": "2015"})
    with pytest.raises(QueryError, match=r"parameter 'min_reviews' must be int like its default 1, got 'two'"):
        run_query(con, "themes_by_year", {"min_reviews": "two"})
    with pytest.raises(QueryError, match="bad --param 'x': expected name=value"):
        queries.parse_params(["x"])


def test_bad_query_files_are_rejected(tmp_path):
    (tmp_path / "q.sql").write_text("-- name: q\n-- description: d\n-- params: a=1\nSELECT $a + $b\n")
    with pytest.raises(QueryError, match=r"q.sql:3: params header disagrees with the SQL \(used but not declared: \$b\)"):
        queries.list_queries(tmp_path)
    (tmp_path / "q.sql").write_text("-- name: other\n-- description: d\n-- params:\nSELECT 1\n")
    with pytest.raises(QueryError, match="name 'other' differs from the file name 'q'"):
        queries.list_queries(tmp_path)
    (tmp_path / "q.sql").write_text("-- name: q\n-- params:\nSELECT 1\n")
    with pytest.raises(QueryError, match=r"no '-- description:' line"):
        queries.list_queries(tmp_path)
    (tmp_path / "q.sql").write_text("-- name: q\n-- description: d\n-- params: n=2, s=a,b\n"
                                    "-- a comment with $notaparam\nSELECT $n * 2 AS x, $s AS s\n")
    import duckdb
    assert queries.run_query(duckdb.connect(), "q", {"n": "5"}, tmp_path) == (["x", "s"], [(10, "a,b")])


def test_cli_query_and_list(tmp_path):
    db = tmp_path / "r.duckdb"
    fixture_db.build(db).close()
    runner = CliRunner()
    res = runner.invoke(app, ["query", "--list"])
    assert res.exit_code == 0 and "was_not_brought" in res.output and "Reviews mentioning a phrase" in res.output
    res = runner.invoke(app, ["query", "theme_pair_reviews", "--param", "theme_b=P01", "--format", "csv",
                              "--db", str(db)])
    assert res.exit_code == 0, res.output
    assert res.output.strip() == ("review_id,title,review_type,published_year,a_pages,b_pages,theme_a_label,theme_b_label\n"
                                  f"{A},{TITLE_A},SCR,2015,1,1,Domestic abuse,Professional curiosity")
    res = runner.invoke(app, ["query", "theme_pair_reviews", "--param", "theme=P01", "--db", str(db)])
    assert res.exit_code == 1 and "has no parameter 'theme'" in res.output
    res = runner.invoke(app, ["query", "--db", str(db)])
    assert res.exit_code == 1 and "give a query name or --list" in res.output
