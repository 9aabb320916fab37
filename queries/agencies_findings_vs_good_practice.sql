-- name: agencies_findings_vs_good_practice
-- description: Agencies most often named around findings (criticism, learning, concerns) versus good practice: an agency counts for a finding when it is mentioned in that finding's section.
-- params: min_count=1
--
-- in_findings       distinct findings of kind finding, area_for_improvement, learning or concern
-- in_good_practice  distinct findings of kind good_practice
-- reviews           distinct reviews contributing either count
-- Agencies are AGENCY mentions (mentions.norm, type from mentions.kind) in the same section as
-- the finding, so several findings in one section share that section's agencies.
WITH finding_agencies AS (
    SELECT DISTINCT f.review_id, f.finding_id, f.kind, m.norm AS agency, m.kind AS agency_type
    FROM findings f
    JOIN mentions m ON m.review_id = f.review_id AND m.section_id = f.section_id AND m.label = 'AGENCY'
)
SELECT agency,
       min(agency_type) AS agency_type,
       count(DISTINCT CASE WHEN kind <> 'good_practice' THEN review_id || '#' || finding_id END) AS in_findings,
       count(DISTINCT CASE WHEN kind = 'good_practice' THEN review_id || '#' || finding_id END) AS in_good_practice,
       count(DISTINCT review_id) AS reviews
FROM finding_agencies
GROUP BY agency
HAVING count(DISTINCT review_id || '#' || finding_id) >= $min_count
ORDER BY in_findings DESC, in_good_practice DESC, agency;
