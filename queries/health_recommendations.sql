-- name: health_recommendations
-- description: Recommendations addressed to health bodies (any addressee of a health agency type), with the section and page they are on.
-- params: types=acute_hospital,gp_primary_care,health_visiting,midwifery_maternity,camhs,adult_mental_health,community_paediatrics,school_nursing,ambulance
--
-- types is a comma-separated list of agency types (models/agencies.jsonl); a recommendation
-- matches when any of its addressee_types is in the list. health_types shows which matched.
WITH wanted AS (
    SELECT list_transform(string_split($types, ','), lambda x: trim(x)) AS types
)
SELECT rec.review_id,
       r.title,
       rec.number,
       s.number AS section_number,
       s.title AS section_title,
       rec.page_no,
       rec.addressees,
       list_sort(list_distinct(list_intersect(rec.addressee_types, w.types))) AS health_types,
       rec.scope,
       rec.text
FROM recommendations rec
CROSS JOIN wanted w
JOIN reviews r USING (review_id)
LEFT JOIN sections s ON s.review_id = rec.review_id AND s.section_id = rec.section_id
WHERE list_has_any(rec.addressee_types, w.types)
ORDER BY rec.review_id, rec.rec_id;
