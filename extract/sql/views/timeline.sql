-- The case chronology of each review: events in order of their date interval, then document order.
-- Vague dates keep their width (earliest..latest); undated events sort last.
CREATE OR REPLACE VIEW timeline AS
WITH ordered AS (
    SELECT
        e.review_id,
        row_number() OVER (
            PARTITION BY e.review_id
            ORDER BY e.earliest NULLS LAST, e.latest NULLS LAST, s.ordinal, e.start_char
        ) AS seq,
        e.earliest,
        e.latest,
        t.text AS date_text,
        t.granularity,
        e.event_type,
        e.agencies,
        e.people,
        e.sentence,
        e.page_no,
        s.number AS section_number,
        e.event_id,
        e.section_id
    FROM events e
    LEFT JOIN timexes t ON t.review_id = e.review_id AND t.timex_id = e.timex_id
    LEFT JOIN sections s ON s.review_id = e.review_id AND s.section_id = e.section_id
)
SELECT * FROM ordered
