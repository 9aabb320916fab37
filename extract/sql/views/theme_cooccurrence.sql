-- Theme pairs by the number of reviews tagged with both (any locus), theme_a < theme_b.
CREATE OR REPLACE VIEW theme_cooccurrence AS
WITH review_codes AS (
    SELECT DISTINCT review_id, code FROM theme_tags
),
pairs AS (
    SELECT a.code AS theme_a, b.code AS theme_b, a.review_id
    FROM review_codes a
    JOIN review_codes b ON a.review_id = b.review_id AND a.code < b.code
)
SELECT theme_a, theme_b, count(DISTINCT review_id) AS reviews
FROM pairs
GROUP BY theme_a, theme_b
ORDER BY reviews DESC, theme_a, theme_b;
