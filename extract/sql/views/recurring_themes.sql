-- What recurs across reviews: one row per theme code.
--   theme, theme_label       the code and its label (models/themes.yaml, via the themes table)
--   reviews                  distinct reviews where the theme is raised as a concern (a failing, gap
--                            or risk) at any locus: finding, recommendation or narrative
--   findings                 distinct findings tagged with it as a concern
--   recommendations          distinct recommendations tagged with it
--   first_year, last_year    range of reviews.published_year over the `reviews` above (NULL years ignored)
--   good_practice_reviews    distinct reviews where the theme is praised as good practice
--   good_practice_findings   distinct findings tagged with it as good practice
--   facet                    context, harm or practice
-- Good practice is counted apart, never inside `reviews`/`findings`: a "Good practice" section's
-- information sharing is not a finding of failed information sharing.
-- Source: theme_tags (written by extract/themes.py), themes.
CREATE OR REPLACE VIEW recurring_themes AS
WITH tags AS (
    SELECT DISTINCT review_id, code, source_table, source_id, coalesce(polarity, 'concern') AS polarity
    FROM theme_tags
),
counts AS (
    SELECT code,
           count(DISTINCT CASE WHEN polarity = 'concern' THEN review_id END) AS reviews,
           count(DISTINCT CASE WHEN polarity = 'concern' AND source_table = 'findings'
                               THEN review_id || '#' || source_id END) AS findings,
           count(DISTINCT CASE WHEN polarity = 'concern' AND source_table = 'recommendations'
                               THEN review_id || '#' || source_id END) AS recommendations,
           count(DISTINCT CASE WHEN polarity = 'good_practice' THEN review_id END) AS good_practice_reviews,
           count(DISTINCT CASE WHEN polarity = 'good_practice' AND source_table = 'findings'
                               THEN review_id || '#' || source_id END) AS good_practice_findings
    FROM tags
    GROUP BY code
),
years AS (
    SELECT t.code,
           min(r.published_year) AS first_year,
           max(r.published_year) AS last_year
    FROM (SELECT DISTINCT review_id, code FROM tags WHERE polarity = 'concern') t
    JOIN reviews r USING (review_id)
    GROUP BY t.code
)
SELECT c.code AS theme,
       th.label AS theme_label,
       c.reviews,
       c.findings,
       c.recommendations,
       y.first_year,
       y.last_year,
       c.good_practice_reviews,
       c.good_practice_findings,
       th.facet
FROM counts c
LEFT JOIN years y USING (code)
LEFT JOIN themes th USING (code)
ORDER BY c.reviews DESC, c.findings DESC, theme;
