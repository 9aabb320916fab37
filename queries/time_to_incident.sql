-- name: time_to_incident
-- description: Median days from first agency contact (the review's earliest dated event) to the incident (its latest dated death/injury event), by review type and overall ('all').
-- params: incident_types=death,injury
--
-- Per review: first = min(events.earliest) over all dated events; incident = the event of a
-- type in incident_types (comma-separated) with the latest earliest-date. Days are measured
-- between the two earliest dates, so a vague incident date ("summer 2016") counts from its
-- start. Reviews without a dated incident are left out. See time_to_incident_by_review
-- for the per-review rows behind each median.
WITH per_review AS (
    SELECT review_id,
           min(earliest) AS first_contact,
           max(earliest) FILTER (WHERE list_contains(list_transform(string_split($incident_types, ','), lambda x: trim(x)),
                                                     event_type)) AS incident
    FROM events
    WHERE earliest IS NOT NULL
    GROUP BY review_id
)
SELECT coalesce(r.review_type, CASE WHEN GROUPING(r.review_type) = 1 THEN 'all' END) AS review_type,
       count(*) AS reviews,
       median(p.incident - p.first_contact) AS median_days,
       min(p.incident - p.first_contact) AS min_days,
       max(p.incident - p.first_contact) AS max_days
FROM per_review p
JOIN reviews r USING (review_id)
WHERE p.incident IS NOT NULL
GROUP BY GROUPING SETS ((r.review_type), ())
ORDER BY GROUPING(r.review_type), r.review_type NULLS LAST;
