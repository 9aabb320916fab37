-- name: time_to_incident_by_review
-- description: Per review: the first dated event (first agency contact), the latest dated death/injury event (the incident), and the days between, with their pages.
-- params: incident_types=death,injury
--
-- The rows behind time_to_incident. Ties on a date are broken by event_id (document order).
WITH dated AS (
    SELECT *, list_contains(list_transform(string_split($incident_types, ','), lambda x: trim(x)), event_type) AS is_incident
    FROM events
    WHERE earliest IS NOT NULL
),
firsts AS (
    SELECT review_id, arg_min(event_id, (earliest, event_id)) AS event_id FROM dated GROUP BY review_id
),
incidents AS (
    SELECT review_id, arg_max(event_id, (earliest, -event_id)) AS event_id FROM dated WHERE is_incident GROUP BY review_id
)
SELECT r.review_id, r.title, r.review_type,
       f.earliest AS first_contact, f.event_type AS first_type, f.page_no AS first_page,
       i.earliest AS incident, i.event_type AS incident_type, i.page_no AS incident_page,
       i.earliest - f.earliest AS days
FROM incidents ii
JOIN dated i ON i.review_id = ii.review_id AND i.event_id = ii.event_id
JOIN firsts ff ON ff.review_id = ii.review_id
JOIN dated f ON f.review_id = ff.review_id AND f.event_id = ff.event_id
JOIN reviews r ON r.review_id = ii.review_id
ORDER BY days DESC, r.review_id;
