-- Recommendations per addressee agency type: a recommendation addressed to two agencies of
-- different types counts once for each type; one with no addressee counts under
-- 'unaddressed', an addressee of unknown type under 'unknown'.
--   recommendations  distinct recommendations; reviews  distinct reviews;
--   multi_agency / single_agency / national  recommendations by scope.
CREATE OR REPLACE VIEW recommendations_by_agency_type AS
WITH typed AS (
    SELECT review_id, rec_id, scope,
           CASE WHEN addressee_types IS NULL OR len(addressee_types) = 0 THEN ['unaddressed']
                ELSE addressee_types END AS types
    FROM recommendations
),
exploded AS (
    SELECT DISTINCT review_id, rec_id, scope,
           coalesce(nullif(unnest(types), ''), 'unknown') AS agency_type
    FROM typed
)
SELECT agency_type,
       count(DISTINCT review_id || '#' || rec_id) AS recommendations,
       count(DISTINCT review_id) AS reviews,
       count(DISTINCT CASE WHEN scope = 'multi_agency' THEN review_id || '#' || rec_id END) AS multi_agency,
       count(DISTINCT CASE WHEN scope = 'single_agency' THEN review_id || '#' || rec_id END) AS single_agency,
       count(DISTINCT CASE WHEN scope = 'national' THEN review_id || '#' || rec_id END) AS national
FROM exploded
GROUP BY agency_type
ORDER BY recommendations DESC, agency_type;
