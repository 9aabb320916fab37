"""Ranked full-text search over findings, recommendations and sections (BM25 in SQL).

``search(con, query, limit=20) -> list[dict]``

DuckDB's fts extension cannot be downloaded here, so BM25 is computed in one SQL query
over a token table built on the fly: text is lower-cased and split on non-alphanumerics;
a light, identical normalisation (trailing plural "s" dropped from words of 4+ letters,
not "ss") is applied to document and query tokens; English stop words are dropped from
the query.  k1 = 1.2, b = 0.75, idf = ln(1 + (N - df + 0.5) / (df + 0.5)), N and the
average length over all searchable documents.

Documents: every finding, every recommendation, and every section that is not itself the
source of a finding or recommendation (so a finding is not found twice).

All query terms must occur in a hit (``match="any"`` for at least one); a phrase in double quotes must
occur word for word; hits can be limited to a review type, a span of published years and reviews
tagged with a theme.

Each hit: ``review_id``, ``title`` (the review's title), ``year`` and ``review_type`` (the review's), ``kind`` ("finding",
"recommendation", "section"), ``source_id`` (finding_id / rec_id / section_id),
``heading`` (finding title, "Recommendation <number>", or section title), ``section``
(the section number, or None), ``page``, ``score`` (rounded to 4 places) and ``snippet``
(about 160 characters around the first query term, with "…" where cut).  Ties are
broken by review_id, kind and source_id, so results are deterministic.
"""

from __future__ import annotations

import re

import duckdb

STOP_WORDS = frozenset(
    "a an and are as at be been but by for from had has have he her his in into is it its of on or "
    "she that the their them there they this to was were which who will with would not no".split()
)
K1 = 1.2
B = 0.75

# The searchable documents; each part's WHERE is filled by ``_docs``.
_DOCS = r"""
    SELECT f.review_id, 'finding' AS kind, f.finding_id AS source_id,
           coalesce(f.title, replace(f.kind, '_', ' ')) AS heading, s.number AS section,
           f.page_no AS page, coalesce(f.title, '') || ' ' || coalesce(f.text, '') AS body, f.text AS text
    FROM findings f
    LEFT JOIN sections s ON s.review_id = f.review_id AND s.section_id = f.section_id
    WHERE {f}
    UNION ALL
    SELECT r.review_id, 'recommendation', r.rec_id,
           'Recommendation' || coalesce(' ' || r.number, ''), s.number, r.page_no, coalesce(r.text, ''), r.text
    FROM recommendations r
    LEFT JOIN sections s ON s.review_id = r.review_id AND s.section_id = r.section_id
    WHERE {r}
    UNION ALL
    SELECT s.review_id, 'section', s.section_id, s.title, s.number, s.page_start,
           coalesce(s.title, '') || ' ' || coalesce(s.text, ''), s.text
    FROM sections s
    WHERE {s}
      AND NOT EXISTS (SELECT 1 FROM findings f WHERE f.review_id = s.review_id AND f.section_id = s.section_id)
      AND NOT EXISTS (SELECT 1 FROM recommendations r WHERE r.review_id = s.review_id AND r.section_id = s.section_id)
"""

# Their tokens, normalised as the query's are (``_norm``), and each document's length.
_TOKENS = r"""
raw_tokens AS (
    SELECT review_id, kind, source_id, unnest(regexp_split_to_array(lower(body), '[^a-z0-9]+')) AS tok
    FROM docs
),
tokens AS (
    SELECT review_id, kind, source_id,
           CASE WHEN length(tok) >= 4 AND tok LIKE '%s' AND tok NOT LIKE '%ss' THEN left(tok, length(tok) - 1) ELSE tok END AS tok
    FROM raw_tokens
    WHERE tok <> ''
)"""

# BM25 over postings: ``{postings}`` and ``{lengths}`` are the stored index's tables, or CTEs that
# tokenise every document on the fly (a database made before the index existed).
_RANK = r"""
stats AS (
    SELECT count(*) AS n, avg(dl) AS avgdl FROM {lengths}
),
q AS (
    SELECT DISTINCT unnest(?::VARCHAR[]) AS tok
),
tf AS (
    SELECT p.review_id, p.kind, p.source_id, p.tok, p.tf
    FROM {postings} p JOIN q USING (tok)
),
df AS (
    SELECT tok, count(*) AS df FROM tf GROUP BY tok
),
matched AS (  -- documents holding at least ? distinct query terms (all of them unless --any)
    SELECT review_id, kind, source_id FROM tf GROUP BY ALL HAVING count(DISTINCT tok) >= ?
),
scored AS (
    SELECT tf.review_id, tf.kind, tf.source_id,
           sum(ln(1 + (stats.n - df.df + 0.5) / (df.df + 0.5))
               * tf.tf * (? + 1) / (tf.tf + ? * (1 - ? + ? * d.dl / stats.avgdl))) AS score
    FROM tf
    JOIN matched USING (review_id, kind, source_id)
    JOIN df USING (tok)
    JOIN {lengths} d USING (review_id, kind, source_id)
    CROSS JOIN stats
    GROUP BY ALL
),
hit_reviews AS (SELECT DISTINCT review_id FROM scored),
docs AS ({docs})
SELECT s.review_id, rv.title, s.kind, s.source_id, d.heading, d.section, d.page, s.score, d.text,
       rv.published_year, rv.review_type
FROM scored s
JOIN docs d USING (review_id, kind, source_id)
LEFT JOIN reviews rv USING (review_id)
WHERE (?::VARCHAR IS NULL OR rv.review_type = ?)
  AND (?::INTEGER IS NULL OR rv.published_year >= ?)
  AND (?::INTEGER IS NULL OR rv.published_year <= ?)
  AND (?::VARCHAR IS NULL OR EXISTS (SELECT 1 FROM theme_tags tt WHERE tt.review_id = s.review_id AND tt.code = ?))
  AND list_bool_and(list_transform(?::VARCHAR[], lambda p: regexp_matches(lower(d.body), p))) IS NOT FALSE
  AND list_bool_or(list_transform(?::VARCHAR[], lambda p: regexp_matches(lower(d.body), p))) IS NOT TRUE
ORDER BY s.score DESC, s.review_id, s.kind, s.source_id
LIMIT ?
"""

def _docs(cond: str) -> str:
    """_DOCS restricted by ``cond``, a condition on ``{rid}`` (each part's review_id)."""
    return _DOCS.format(**{a: cond.format(rid=f"{a}.review_id") for a in "frs"})


_ONE = "{rid} = ?"  # one review's documents, for the index


# Search with the stored index: only the hit reviews' documents are assembled for snippets.
_SQL_INDEXED = "WITH " + _RANK.format(postings="search_postings", lengths="search_docs",
                                      docs=_docs("{rid} IN (SELECT review_id FROM hit_reviews)"))
# Search without it: every document is tokenised on the fly.
_SQL_SCAN = ("WITH docs_all AS (" + _docs("TRUE") + ")," + _TOKENS.replace("FROM docs", "FROM docs_all") + """,
doc_len AS (SELECT review_id, kind, source_id, count(*) AS dl FROM tokens GROUP BY ALL),
postings AS (SELECT review_id, kind, source_id, tok, count(*) AS tf FROM tokens GROUP BY ALL),"""
             + _RANK.format(postings="postings", lengths="doc_len", docs="SELECT * FROM docs_all"))

_INDEX_SQL = [
    "INSERT INTO search_postings WITH docs AS (" + _docs(_ONE) + ")," + _TOKENS
    + " SELECT review_id, kind, source_id, tok, count(*) FROM tokens GROUP BY ALL",
    "INSERT INTO search_docs WITH docs AS (" + _docs(_ONE) + ")," + _TOKENS
    + " SELECT review_id, kind, source_id, count(*) FROM tokens GROUP BY ALL",
]


def index_review(con: duckdb.DuckDBPyConnection, review_id: str) -> None:
    """Store one review's postings (term frequencies) and document lengths for ``search``: run by
    ``store.load`` in the review's own transaction, so the index is never out of step with its rows."""
    con.execute("DELETE FROM search_postings WHERE review_id = ?", [review_id])
    con.execute("DELETE FROM search_docs WHERE review_id = ?", [review_id])
    for sql in _INDEX_SQL:
        con.execute(sql, [review_id] * sql.count("?"))


def index_missing(con: duckdb.DuckDBPyConnection) -> int:
    """Index the reviews the index does not hold (a database made before it existed); returns how many."""
    todo = [r[0] for r in con.execute(
        "SELECT review_id FROM reviews WHERE review_id NOT IN (SELECT DISTINCT review_id FROM search_docs)").fetchall()]
    for rid in todo:
        index_review(con, rid)
    return len(todo)


def _indexed(con: duckdb.DuckDBPyConnection) -> bool:
    """True when the stored index covers every review (else search tokenises on the fly)."""
    try:
        missing = con.execute("SELECT count(*) FROM reviews WHERE review_id NOT IN "
                              "(SELECT DISTINCT review_id FROM search_docs)").fetchone()[0]
    except duckdb.CatalogException:  # a database from before the index
        return False
    return missing == 0


def _norm(tok: str) -> str:
    if len(tok) >= 4 and tok.endswith("s") and not tok.endswith("ss"):
        return tok[:-1]
    return tok


_EXCLUDED = re.compile(r'(?:^|\s)-([A-Za-z0-9][A-Za-z0-9\'’-]*)')


def excluded(query: str) -> list[str]:
    """The words written with a leading minus outside quotes ("curiosity -professional")."""
    bare = re.sub(r'"[^"]*"', " ", query)
    return [_norm(w.lower()) for w in _EXCLUDED.findall(bare)]


def query_tokens(query: str) -> list[str]:
    """Normalised query terms, stop words dropped, first-seen order, no repeats; excluded words
    ("-word") are not terms."""
    out: list[str] = []
    parts = re.split(r'("[^"]*")', query)
    query = "".join(p if p.startswith('"') else _EXCLUDED.sub(" ", p) for p in parts)
    for t in re.split(r"[^a-z0-9]+", query.lower()):
        if t and t not in STOP_WORDS:
            n = _norm(t)
            if n not in out:
                out.append(n)
    return out


def snippet(text: str, terms: list[str], width: int = 160) -> str:
    """About ``width`` characters of ``text`` around the first query term."""
    flat = re.sub(r"\s+", " ", text or "").strip()
    pos = None
    for m in re.finditer(r"[A-Za-z0-9]+", flat):
        if _norm(m.group(0).lower()) in terms:
            pos = m.start()
            break
    if pos is None:
        pos = 0
    start = max(0, pos - width // 3)
    if start > 0:
        sp = flat.find(" ", start)
        start = sp + 1 if 0 <= sp < pos else start
    end = min(len(flat), start + width)
    if end < len(flat):
        sp = flat.rfind(" ", start, end)
        end = sp if sp > pos else end
    return ("…" if start > 0 else "") + flat[start:end] + ("…" if end < len(flat) else "")


def mark(text: str, terms: list[str], left: str = "**", right: str = "**") -> str:
    """``text`` with each word that matches a query term wrapped in ``left``/``right`` ("**abuse**")."""
    def one(m: re.Match) -> str:
        return f"{left}{m.group(0)}{right}" if _norm(m.group(0).lower()) in terms else m.group(0)
    return re.sub(r"[A-Za-z0-9]+", one, text)


def phrases(query: str) -> list[list[str]]:
    """The double-quoted phrases of ``query``, as normalised tokens (stop words kept: "not brought")."""
    out = []
    for m in re.finditer(r'"([^"]+)"', query):
        toks = [_norm(t) for t in re.split(r"[^a-z0-9]+", m.group(1).lower()) if t]
        if len(toks) > 1:
            out.append(toks)
    return out


def _phrase_pattern(toks: list[str]) -> str:
    """RE2 pattern for the tokens in a row, each with or without the plural "s" the index drops."""
    return r"(^|[^a-z0-9])" + r"[^a-z0-9]+".join(re.escape(t) + "s?" for t in toks) + r"($|[^a-z0-9])"


def search(con: duckdb.DuckDBPyConnection, query: str, limit: int = 20, match: str = "all",
           review_type: str | None = None, year_from: int | None = None, year_to: int | None = None,
           theme: str | None = None, use_index: bool | None = None) -> list[dict]:
    """BM25-ranked hits for ``query`` (see module docstring for the hit fields).

    ``match="all"``: a hit holds every query term (``"any"``: at least one). A phrase in double quotes
    ("professional curiosity") must occur as written, word for word; a word with a leading minus
    ("-police") must not occur in a hit. Filters: the review's type, its
    published year from/to (inclusive), and a theme code the review is tagged with. The stored index
    is used when it covers every review (``use_index`` forces the choice: the tests compare both)."""
    if match not in ("all", "any"):
        raise ValueError(f"match must be 'all' or 'any', not {match!r}")
    terms = query_tokens(query)
    if not terms or limit <= 0:
        return []
    need = len(terms) if match == "all" else 1
    pats = [_phrase_pattern(p) for p in phrases(query)]
    nots = [_phrase_pattern([w]) for w in excluded(query)]
    theme = theme.upper() if theme else None
    sql = _SQL_INDEXED if (use_index if use_index is not None else _indexed(con)) else _SQL_SCAN
    rows = con.execute(sql, [terms, need, K1, K1, B, B, review_type, review_type, year_from, year_from,
                              year_to, year_to, theme, theme, pats, nots, limit]).fetchall()
    return [
        {"review_id": r[0], "title": r[1], "kind": r[2], "source_id": r[3], "heading": r[4],
         "section": r[5], "page": r[6], "score": round(float(r[7]), 4), "snippet": snippet(r[8] or "", terms),
         "year": r[9], "review_type": r[10]}
        for r in rows
    ]
