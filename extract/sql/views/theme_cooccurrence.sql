-- Theme pairs by the number of reviews that raise both as concerns (any locus), theme_a < theme_b,
-- each code with its taxonomy label beside it. Good-practice tags are left out (see recurring_themes).
CREATE OR REPLACE VIEW theme_cooccurrence AS
WITH review_codes AS (
    SELECT DISTINCT review_id, code FROM theme_tags WHERE coalesce(polarity, 'concern') = 'concern'
),
pairs AS (
    SELECT a.code AS theme_a, b.code AS theme_b, a.review_id
    FROM review_codes a
    JOIN review_codes b ON a.review_id = b.review_id AND a.code < b.code
)
SELECT p.theme_a, ta.label AS theme_a_label, p.theme_b, tb.label AS theme_b_label,
       count(DISTINCT p.review_id) AS reviews
FROM pairs p
LEFT JOIN themes ta ON ta.code = p.theme_a
LEFT JOIN themes tb ON tb.code = p.theme_b
GROUP BY p.theme_a, p.theme_b, ta.label, tb.label
ORDER BY reviews DESC, p.theme_a, p.theme_b;
