-- name: themes_by_year
-- description: Themes recurring by year: for each publication year and theme, how many distinct reviews raise the theme as a concern (at any locus), with the theme label.
-- params: min_reviews=1
--
-- Counts reviews, not mentions: a review tagged C01 twenty times counts once.
-- Reviews with no published_year are grouped under NULL (shown last).
-- Labels come from the themes table (NULL where the taxonomy has not been loaded).
WITH review_codes AS (
    SELECT DISTINCT review_id, code FROM theme_tags
    WHERE coalesce(polarity, 'concern') = 'concern'  -- praise is not a recurring failing
)
SELECT r.published_year,
       rc.code AS theme,
       any_value(t.label) AS theme_label,
       count(DISTINCT rc.review_id) AS reviews,
       list(DISTINCT rc.review_id ORDER BY rc.review_id) AS review_ids
FROM review_codes rc
JOIN reviews r USING (review_id)
LEFT JOIN themes t ON t.code = rc.code
GROUP BY r.published_year, rc.code
HAVING count(DISTINCT rc.review_id) >= $min_reviews
ORDER BY r.published_year NULLS LAST, reviews DESC, theme;
