-- Recommendations per addressee agency type: a recommendation addressed to two agencies of
-- different types counts once for each type; one with no addressee counts under
-- 'unaddressed', an addressee of unknown type under 'unknown'.
--   agency_type_label  its display name (models/agency_types.yaml); is_agency false for 'unaddressed',
--                      'unknown' and 'other', which sort last
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
       coalesce(any_value(t.label), agency_type) AS agency_type_label,
       coalesce(any_value(t.is_agency), true) AS is_agency,
       count(DISTINCT review_id || '#' || rec_id) AS recommendations,
       count(DISTINCT review_id) AS reviews,
       count(DISTINCT CASE WHEN scope = 'multi_agency' THEN review_id || '#' || rec_id END) AS multi_agency,
       count(DISTINCT CASE WHEN scope = 'single_agency' THEN review_id || '#' || rec_id END) AS single_agency,
       count(DISTINCT CASE WHEN scope = 'national' THEN review_id || '#' || rec_id END) AS national
FROM exploded
LEFT JOIN agency_types t ON t.code = exploded.agency_type
GROUP BY agency_type
ORDER BY is_agency DESC, recommendations DESC, agency_type;
