-- What recurs across reviews: one row per theme code with
--   reviews          distinct reviews with the theme at any locus (finding, recommendation, narrative)
--   findings         distinct findings tagged with it
--   recommendations  distinct recommendations tagged with it
--   first_year, last_year  range of reviews.published_year over those reviews (NULL years ignored)
-- Source: theme_tags (written by extract/themes.py).
CREATE OR REPLACE VIEW recurring_themes AS
WITH tags AS (
    SELECT DISTINCT review_id, code, source_table, source_id
    FROM theme_tags
),
counts AS (
    SELECT code,
           count(DISTINCT review_id) AS reviews,
           count(DISTINCT CASE WHEN source_table = 'findings' THEN review_id || '#' || source_id END) AS findings,
           count(DISTINCT CASE WHEN source_table = 'recommendations' THEN review_id || '#' || source_id END) AS recommendations
    FROM tags
    GROUP BY code
),
review_codes AS (
    SELECT DISTINCT review_id, code FROM tags
),
years AS (
    SELECT rc.code,
           min(r.published_year) AS first_year,
           max(r.published_year) AS last_year
    FROM review_codes rc
    JOIN reviews r USING (review_id)
    GROUP BY rc.code
)
SELECT c.code AS theme,
       c.reviews,
       c.findings,
       c.recommendations,
       y.first_year,
       y.last_year
FROM counts c
LEFT JOIN years y USING (code)
ORDER BY c.reviews DESC, c.findings DESC, theme;
