-- name: was_not_brought
-- description: Reviews mentioning a phrase (default 'was not brought'), one row per section: occurrences, the page of the first occurrence and a snippet around it.
-- params: phrase=was not brought
--
-- Case-insensitive; any run of whitespace (including a line break) matches a space in the
-- phrase. page_no is the page of the first occurrence in the section (via page_spans).
-- Searches section body text, so running headers/footers and the contents page never match.
WITH pat AS (
    SELECT '(?i)' || regexp_replace(regexp_escape(trim($phrase)), '(\\?\s)+', '\\s+', 'g') AS p
),
hits AS (
    SELECT s.review_id, s.section_id, s.number, s.title, s.page_start, s.page_spans, s.text,
           len(regexp_extract_all(s.text, pat.p)) AS occurrences,
           strpos(s.text, regexp_extract(s.text, pat.p)) - 1 AS pos
    FROM sections s, pat
    WHERE regexp_matches(s.text, pat.p)
)
SELECT h.review_id,
       r.title,
       h.number AS section_number,
       h.title AS section_title,
       coalesce(list_last(list_transform(list_filter(h.page_spans, lambda sp: sp[1] <= h.pos), lambda sp: sp[2])),
                h.page_start) AS page_no,
       h.occurrences,
       regexp_replace(substr(h.text, greatest(h.pos - 60, 0) + 1, 160), '\s+', ' ', 'g') AS snippet
FROM hits h
JOIN reviews r USING (review_id)
ORDER BY h.review_id, h.section_id;
