-- Base tables. Table and column names are a public interface: researchers write
-- SQL against them. Add columns freely; never rename.

CREATE TABLE IF NOT EXISTS reviews (
    review_id        VARCHAR PRIMARY KEY,  -- first 16 hex of the file's sha256
    sha256           VARCHAR NOT NULL,
    source_path      VARCHAR NOT NULL,     -- first path (absolute, links resolved) it was ingested from
    source_paths     VARCHAR[],            -- every current path with these bytes
    title            VARCHAR,
    subject          VARCHAR,
    partnership      VARCHAR,
    author           VARCHAR,
    published        DATE,
    published_year   INTEGER,
    review_type      VARCHAR,              -- SCR, LCSPR, DHR, SAR, PFD, national, other
    page_count       INTEGER,
    status           VARCHAR,              -- ok, no_text_layer, cid_garbage
    pipeline_version VARCHAR,
    ingested_at      TIMESTAMP,
    warnings         VARCHAR[]
);

CREATE TABLE IF NOT EXISTS pages (
    review_id      VARCHAR NOT NULL,
    page_no        INTEGER NOT NULL,       -- 1-based physical page
    body_text      VARCHAR,
    header_text    VARCHAR,
    footer_text    VARCHAR,
    footnotes_text VARCHAR,
    toc_text       VARCHAR,
    cover_text     VARCHAR,
    char_count     INTEGER,
    cid_glyphs     INTEGER,
    sidebar_text   VARCHAR,                -- a brochure's side column: "In this section", pull quotes
    PRIMARY KEY (review_id, page_no)
);
ALTER TABLE pages ADD COLUMN IF NOT EXISTS sidebar_text VARCHAR;  -- databases made before sidebars were kept apart

CREATE TABLE IF NOT EXISTS sections (
    review_id  VARCHAR NOT NULL,
    section_id INTEGER NOT NULL,
    parent_id  INTEGER,
    ordinal    INTEGER,
    number     VARCHAR,
    title      VARCHAR,
    level      INTEGER,
    page_start INTEGER,
    page_end   INTEGER,
    text       VARCHAR,                    -- the section's own body text
    page_spans INTEGER[][],                -- [start_char, page_no] where text moves to another page
    PRIMARY KEY (review_id, section_id)
);

CREATE TABLE IF NOT EXISTS mentions (
    review_id  VARCHAR NOT NULL,
    mention_id INTEGER NOT NULL,
    section_id INTEGER,
    page_no    INTEGER,
    start_char INTEGER,                    -- offsets into sections.text
    end_char   INTEGER,
    label      VARCHAR,                    -- AGENCY, PERSON, PROFESSIONAL
    text       VARCHAR,
    norm       VARCHAR,                    -- canonical name
    kind       VARCHAR,                    -- agency_type, or role
    sentence   VARCHAR,
    PRIMARY KEY (review_id, mention_id)
);

CREATE TABLE IF NOT EXISTS agencies (
    review_id   VARCHAR NOT NULL,
    agency      VARCHAR NOT NULL,
    agency_type VARCHAR,
    mentions    INTEGER,
    first_page  INTEGER,
    sections    INTEGER[],
    reported    BOOLEAN                    -- in the appendix of agencies that provided reports
);

CREATE TABLE IF NOT EXISTS people (
    review_id VARCHAR NOT NULL,
    person    VARCHAR NOT NULL,
    role      VARCHAR,
    mentions  INTEGER
);

CREATE TABLE IF NOT EXISTS timexes (
    review_id       VARCHAR NOT NULL,
    timex_id        INTEGER NOT NULL,
    section_id      INTEGER,
    page_no         INTEGER,
    start_char      INTEGER,
    end_char        INTEGER,
    text            VARCHAR,
    type            VARCHAR,               -- DATE, DURATION, SET, TIME
    value           VARCHAR,               -- TIMEX3 value
    mod             VARCHAR,
    earliest        DATE,
    latest          DATE,
    granularity     VARCHAR,
    anchor_id       INTEGER,
    is_process_date BOOLEAN,
    reason          VARCHAR,
    range_with      INTEGER,               -- timex_id of the other point of a range ("between 4 and 9 May 2019")
    PRIMARY KEY (review_id, timex_id)
);

CREATE TABLE IF NOT EXISTS events (
    review_id  VARCHAR NOT NULL,
    event_id   INTEGER NOT NULL,
    section_id INTEGER,
    page_no    INTEGER,
    timex_id   INTEGER,
    earliest   DATE,
    latest     DATE,
    event_type VARCHAR,
    sentence   VARCHAR,
    start_char INTEGER,
    end_char   INTEGER,
    agencies   VARCHAR[],
    people     VARCHAR[],
    PRIMARY KEY (review_id, event_id)
);

CREATE TABLE IF NOT EXISTS findings (
    review_id  VARCHAR NOT NULL,
    finding_id INTEGER NOT NULL,
    section_id INTEGER,
    page_no    INTEGER,
    kind       VARCHAR,                    -- finding, good_practice, area_for_improvement, learning, concern
    number     VARCHAR,
    title      VARCHAR,
    text       VARCHAR,
    themes     VARCHAR[],
    PRIMARY KEY (review_id, finding_id)
);

CREATE TABLE IF NOT EXISTS recommendations (
    review_id       VARCHAR NOT NULL,
    rec_id          INTEGER NOT NULL,
    section_id      INTEGER,
    page_no         INTEGER,
    number          VARCHAR,
    text            VARCHAR,
    addressees      VARCHAR[],
    addressee_types VARCHAR[],
    scope           VARCHAR,               -- multi_agency, single_agency, national
    themes          VARCHAR[],
    PRIMARY KEY (review_id, rec_id)
);

CREATE TABLE IF NOT EXISTS themes (
    code       VARCHAR PRIMARY KEY,
    facet      VARCHAR,                    -- context, harm, practice
    label      VARCHAR,
    definition VARCHAR
);

-- Display names of agency types (mirrors models/agency_types.yaml); is_agency false for the words
-- that are not agencies ('unknown', 'unaddressed', 'other', 'no agency named'), with a note.
CREATE TABLE IF NOT EXISTS agency_types (
    code       VARCHAR PRIMARY KEY,
    label      VARCHAR,
    is_agency  BOOLEAN,
    note       VARCHAR
);

CREATE TABLE IF NOT EXISTS theme_tags (
    review_id    VARCHAR NOT NULL,
    code         VARCHAR NOT NULL,
    locus        VARCHAR,                  -- finding, recommendation, narrative
    source_table VARCHAR,
    source_id    INTEGER,
    page_no      INTEGER,
    evidence     VARCHAR,
    section_id   INTEGER,
    start_char   INTEGER,
    end_char     INTEGER,
    polarity     VARCHAR DEFAULT 'concern', -- concern | good_practice
    score        DOUBLE,                   -- classifier probability (NULL for a rule tag)
    method       VARCHAR                   -- classifier | rule
);
-- databases made before these columns existed get them
ALTER TABLE theme_tags ADD COLUMN IF NOT EXISTS polarity VARCHAR DEFAULT 'concern';
ALTER TABLE theme_tags ADD COLUMN IF NOT EXISTS score DOUBLE;
ALTER TABLE theme_tags ADD COLUMN IF NOT EXISTS method VARCHAR;
ALTER TABLE timexes ADD COLUMN IF NOT EXISTS range_with INTEGER;

-- One current row per (file, bytes) that failed: a file that fails again gets its count
-- raised, not a new row; new bytes at the path replace the row; a file that loads clears it.
CREATE TABLE IF NOT EXISTS ingest_errors (
    source_path VARCHAR,                   -- absolute path, as in reviews.source_path
    sha256      VARCHAR,
    stage       VARCHAR,
    page_no     INTEGER,
    message     VARCHAR,
    occurred_at TIMESTAMP                  -- the last time it failed
);
ALTER TABLE reviews ADD COLUMN IF NOT EXISTS coroner VARCHAR;       -- PFD only (NULL otherwise)
ALTER TABLE reviews ADD COLUMN IF NOT EXISTS coroner_area VARCHAR;  -- PFD only
ALTER TABLE reviews ADD COLUMN IF NOT EXISTS deceased VARCHAR;      -- PFD only, as printed
ALTER TABLE ingest_errors ADD COLUMN IF NOT EXISTS attempts INTEGER DEFAULT 1;
ALTER TABLE ingest_errors ADD COLUMN IF NOT EXISTS first_seen TIMESTAMP;
ALTER TABLE ingest_errors ADD COLUMN IF NOT EXISTS pipeline_version VARCHAR;

-- File names that are not valid UTF-8 are stored in the text columns with each bad byte
-- written \xNN; this table keeps their real bytes, so the name is never lost.
CREATE TABLE IF NOT EXISTS path_bytes (
    source_path VARCHAR PRIMARY KEY,
    raw         BLOB NOT NULL
);

-- The search index (extract/search.py): each searchable document's term frequencies and length,
-- written with the review in its transaction and deleted with it.
CREATE TABLE IF NOT EXISTS search_postings (
    review_id VARCHAR,
    kind      VARCHAR,                     -- finding, recommendation, section
    source_id INTEGER,                     -- finding_id, rec_id or section_id
    tok       VARCHAR,                     -- lower-cased, plural s dropped (search._norm)
    tf        INTEGER
);
CREATE TABLE IF NOT EXISTS search_docs (
    review_id VARCHAR,
    kind      VARCHAR,
    source_id INTEGER,
    dl        INTEGER                      -- tokens in the document
);
