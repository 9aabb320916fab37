-- name: theme_pair_reviews
-- description: Reviews where two themes co-occur (default: domestic abuse C01 with unknown/invisible men C07), with the pages each theme is evidenced on.
-- params: theme_a=C01, theme_b=C07
--
-- A review qualifies when both codes are tagged anywhere in it (finding, recommendation or
-- narrative). a_pages / b_pages list the distinct pages of the tags, for checking the evidence.
WITH a AS (
    SELECT review_id, list(DISTINCT page_no ORDER BY page_no) AS pages
    FROM theme_tags WHERE code = $theme_a GROUP BY review_id
),
b AS (
    SELECT review_id, list(DISTINCT page_no ORDER BY page_no) AS pages
    FROM theme_tags WHERE code = $theme_b GROUP BY review_id
)
SELECT r.review_id, r.title, r.review_type, r.published_year,
       a.pages AS a_pages, b.pages AS b_pages,
       (SELECT label FROM themes WHERE code = $theme_a) AS theme_a_label,
       (SELECT label FROM themes WHERE code = $theme_b) AS theme_b_label
FROM a
JOIN b USING (review_id)
JOIN reviews r USING (review_id)
ORDER BY r.published_year NULLS LAST, r.review_id;
