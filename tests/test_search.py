"""BM25 search over findings, recommendations and sections."""

from __future__ import annotations

import math

import duckdb
import pytest

from extract.search import _indexed, index_missing, query_tokens, search, snippet
from extract.store import SQL_DIR

SECTIONS = [
    # review, section_id, number, title, page_start, text
    ("r1", 1, "4.2.2", "Early Help", 28, "Intro."),
    ("r1", 2, "3.3.2", "Police contact", 22, "Police attended after neighbours reported domestic abuse at the address."),
    ("r1", 3, "5.1", "Recommendation One", 36, "The Coventry LSCB should monitor the plans."),
    ("r2", 1, "2", "Background", 4, "Sarah moved to the town in 2015 with her two children."),
    ("r2", 5, "7", "Recommendations", 30, ""),
]
FINDINGS = [
    ("r1", 1, 1, 28, "finding", "4.2.2", "Early Help",
     "There were occasions when agencies missed opportunities to provide early help to the family."),
]
RECS = [
    ("r1", 1, 3, 36, "5.1", "The Coventry LSCB should monitor the plans for changes in structure."),
    ("r2", 1, 5, 30, "1", "The Community Safety Partnership should commission domestic abuse training for GPs."),
]


@pytest.fixture(params=["stored index", "tokenised on the fly"])
def con(request):
    """The same rows searched through the stored index and, as a database from before it, without."""
    c = duckdb.connect()
    c.execute((SQL_DIR / "schema.sql").read_text())
    c.executemany("INSERT INTO reviews (review_id, sha256, source_path, title) VALUES (?, ?, ?, ?)",
                  [("r1", "a", "a.pdf", "SCR Child S"), ("r2", "b", "b.pdf", "DHR Sarah")])
    c.executemany("INSERT INTO sections (review_id, section_id, number, title, page_start, text) VALUES (?, ?, ?, ?, ?, ?)", SECTIONS)
    c.executemany("INSERT INTO findings (review_id, finding_id, section_id, page_no, kind, number, title, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", FINDINGS)
    c.executemany("INSERT INTO recommendations (review_id, rec_id, section_id, page_no, number, text) VALUES (?, ?, ?, ?, ?, ?)", RECS)
    if request.param == "stored index":
        assert index_missing(c) == 2 and _indexed(c)
    else:
        assert not _indexed(c)
    return c


def _bm25(docs: dict, terms: list[str], k1=1.2, b=0.75) -> dict:
    """Reference BM25 in plain Python over already-normalised token lists."""
    n = len(docs)
    avgdl = sum(len(t) for t in docs.values()) / n
    out = {}
    for key, toks in docs.items():
        s = 0.0
        for q in terms:
            tf = toks.count(q)
            if not tf:
                continue
            df = sum(1 for t in docs.values() if q in t)
            s += math.log(1 + (n - df + 0.5) / (df + 0.5)) * tf * (k1 + 1) / (tf + k1 * (1 - b + b * len(toks) / avgdl))
        if s:
            out[key] = round(s, 4)
    return out


def test_query_tokens_drop_stop_words_and_plural_s():
    assert query_tokens("The missed appointments of children, and GPs") == ["missed", "appointment", "children", "gps"]
    assert query_tokens("the of and") == []


def test_hits_exact_fields_and_order(con):
    hits = search(con, "domestic abuse")
    # documents searched: finding r1#1, recs r1#1 r2#1, sections r1#2 and r2#1 (sections r1#1,
    # r1#3 and r2#5 are sources of a finding / recommendation and are not searched twice)
    # same tf; the recommendation is shorter (13 tokens vs 14), so it ranks first
    assert [(h["review_id"], h["kind"], h["source_id"], h["score"]) for h in hits] == [
        ("r2", "recommendation", 1, 1.8357), ("r1", "section", 2, 1.7744)]
    by = {(h["review_id"], h["kind"], h["source_id"]): h for h in hits}
    sec = by[("r1", "section", 2)]
    assert sec == {"review_id": "r1", "title": "SCR Child S", "kind": "section", "source_id": 2,
                   "heading": "Police contact", "section": "3.3.2", "page": 22, "score": sec["score"],
                   "snippet": "Police attended after neighbours reported domestic abuse at the address.",
                   "year": None, "review_type": None}
    rec = by[("r2", "recommendation", 1)]
    assert (rec["heading"], rec["section"], rec["page"], rec["title"]) == ("Recommendation 1", "7", 30, "DHR Sarah")


def test_scores_equal_reference_bm25(con):
    import re

    def toks(s):
        return [query_tokens(t)[0] if query_tokens(t) else t for t in re.split(r"[^a-z0-9]+", s.lower()) if t]

    docs = {
        ("r1", "finding", 1): toks("Early Help " + FINDINGS[0][7]),
        ("r1", "recommendation", 1): toks(RECS[0][5]),
        ("r2", "recommendation", 1): toks(RECS[1][5]),
        ("r1", "section", 2): toks("Police contact " + SECTIONS[1][5]),
        ("r2", "section", 1): toks("Background " + SECTIONS[3][5]),
    }
    for q in ("domestic abuse", "early help opportunities", "Coventry LSCB plans", "children"):
        terms = query_tokens(q)
        got = {(h["review_id"], h["kind"], h["source_id"]): h["score"] for h in search(con, q, match="any")}
        assert got == _bm25(docs, terms), q


def test_ranking_prefers_more_matching_terms(con):
    hits = search(con, "early help opportunities family")
    assert [(h["kind"], h["source_id"], h["heading"], h["section"], h["page"]) for h in hits] == [
        ("finding", 1, "Early Help", "4.2.2", 28)]
    assert search(con, "LSCB", limit=1)[0]["heading"] == "Recommendation 5.1"
    assert search(con, "nothingmatcheshere") == []
    assert search(con, "domestic", limit=0) == []


def test_snippet_windows_around_first_term():
    text = "word " * 60 + "the domestic abuse incident " + "tail " * 60
    s = snippet(text, ["domestic"])
    assert s.startswith("…") and s.endswith("…")
    assert "domestic abuse incident" in s
    assert len(s) <= 162
    assert snippet("short text here", ["absent"]) == "short text here"


def test_matches_are_marked_for_a_reader():
    from extract.search import mark
    assert mark("Domestic abuse and abuses were seen", ["domestic", "abuse"]) == \
        "**Domestic** **abuse** and **abuses** were seen"


def test_end_to_end_sections_to_store_views_and_search():
    """Inline sections -> findings/themes -> store.load -> views and search over the stored rows."""
    from extract import store
    from extract.findings import extract
    from extract.model import Document, Review, ReviewMeta, Section
    from extract.themes import tag_all

    secs = (
        Section(1, None, 1, "4", "Key findings", 1, 27, 27, ""),
        Section(2, 1, 2, "4.1", "Information sharing", 2, 27, 28,
                "Agencies did not share information about the domestic abuse.\n\nThe father was known to "
                "the substance misuse service for heroin use.", ((0, 27), (64, 28))),
        Section(3, None, 3, "5", "Recommendations", 1, 30, 30,
                "1. The Coventry LSCB should review how information is shared."),
    )
    findings, recs = extract(secs)
    tags, findings, recs = tag_all(findings, recs, secs)
    review = Review("rev1", Document("a.pdf", "ab" * 32, ()), ReviewMeta(title="SCR Child Z", published_year=2016),
                    secs, findings=tuple(findings), recommendations=tuple(recs), theme_tags=tuple(tags))
    con = store.connect()
    store.load(con, review)
    rows = con.execute("SELECT theme, reviews, findings, recommendations, first_year, last_year "
                       "FROM recurring_themes ORDER BY theme").fetchall()
    by = {r[0]: r[1:] for r in rows}
    # the finding names domestic abuse, heroin use and information not shared; the recommendation sharing
    assert by["C01"] == (1, 1, 0, 2016, 2016) and by["C03"][:2] == (1, 1)
    assert by["P02"] == (1, 1, 1, 2016, 2016)
    [(fid, kind, number, title, codes)] = con.execute("SELECT finding_id, kind, number, title, themes FROM findings").fetchall()
    assert (fid, kind, number, title) == (1, "finding", "4.1", "Information sharing")
    assert {"C01", "C03", "P02"} <= set(codes)
    [(page, evidence)] = con.execute("SELECT page_no, evidence FROM theme_tags WHERE code = 'C03'").fetchall()
    assert page == 28 and "substance misuse" in evidence
    hits = search(con, "heroin")
    assert [(h["kind"], h["heading"], h["section"], h["page"], h["title"]) for h in hits] == [
        ("finding", "Information sharing", "4.1", 27, "SCR Child Z")]


def test_every_term_must_match_unless_any(con):
    """"professional curiosity" once returned hits for "professional" alone: now every term must occur."""
    assert search(con, "domestic nothingmatcheshere") == []
    assert search(con, "domestic nothingmatcheshere", match="any") == search(con, "domestic", match="any")
    with pytest.raises(ValueError):
        search(con, "domestic", match="some")


def test_a_quoted_phrase_must_occur_word_for_word(con):
    both = {(h["review_id"], h["kind"], h["source_id"]) for h in search(con, "domestic abuse")}
    assert {(h["review_id"], h["kind"], h["source_id"]) for h in search(con, '"domestic abuse"')} == both
    assert search(con, '"abuse domestic"') == []  # both words, not in that order


def test_a_minus_word_excludes_hits_holding_it(con):
    every = {(h["review_id"], h["kind"]) for h in search(con, "domestic abuse")}
    assert ("r2", "recommendation") in every
    left = {(h["review_id"], h["kind"]) for h in search(con, "domestic abuse -gps")}
    assert left == every - {("r2", "recommendation")}  # "GPs" (plural folded) is in that recommendation
    assert search(con, '"domestic abuse" -training -abuse') == []
    from extract.search import excluded, query_tokens
    assert excluded('curiosity -police "self-neglect" -GPs') == ["police", "gps"]
    assert query_tokens('curiosity -police "self-neglect"') == ["curiosity", "self", "neglect"]


def test_filters_by_review_type_year_and_theme(con):
    con.execute("UPDATE reviews SET review_type = 'DHR', published_year = 2019 WHERE review_id = 'r2'")
    con.execute("UPDATE reviews SET review_type = 'SCR', published_year = 2014 WHERE review_id = 'r1'")
    assert {h["review_id"] for h in search(con, "domestic abuse", review_type="DHR")} == {"r2"}
    assert {h["review_id"] for h in search(con, "domestic abuse", year_to=2015)} == {"r1"}
    assert {h["review_id"] for h in search(con, "domestic abuse", year_from=2015, year_to=2020)} == {"r2"}
    assert search(con, "domestic abuse", theme="c01") == []  # no review of the fixture is tagged
    hit = search(con, "domestic abuse", review_type="DHR")[0]
    assert (hit["year"], hit["review_type"]) == (2019, "DHR")


def test_the_index_follows_the_reviews_it_was_built_from(con):
    """Replacing or deleting a review replaces or deletes its postings (store does both in one transaction)."""
    from extract import store

    index_missing(con)
    before = con.execute("select count(*) from search_postings where review_id = 'r2'").fetchone()[0]
    assert before > 0
    store.delete_review(con, "r2")
    assert con.execute("select count(*) from search_postings where review_id = 'r2'").fetchone()[0] == 0
    assert con.execute("select count(*) from search_docs where review_id = 'r2'").fetchone()[0] == 0
    assert [h["review_id"] for h in search(con, "domestic abuse")] == ["r1"]
