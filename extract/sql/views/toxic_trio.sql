-- The "toxic trio" is derived, never tagged: reviews with domestic abuse (C01), parental
-- mental health (C02) and parental substance misuse (C03) all tagged, at any locus.
-- in_findings is true when all three are also tagged outside the narrative (in findings,
-- recommendations or analysis sections).
CREATE OR REPLACE VIEW toxic_trio AS
WITH trio AS (
    SELECT review_id, code, locus
    FROM theme_tags
    WHERE code IN ('C01', 'C02', 'C03')
),
per_review AS (
    SELECT review_id,
           count(DISTINCT code) AS codes,
           count(DISTINCT CASE WHEN locus <> 'narrative' THEN code END) AS finding_codes
    FROM trio
    GROUP BY review_id
)
SELECT p.review_id,
       r.title,
       r.published_year,
       r.review_type,
       p.finding_codes = 3 AS in_findings
FROM per_review p
LEFT JOIN reviews r USING (review_id)
WHERE p.codes = 3
ORDER BY r.published_year NULLS LAST, p.review_id;
