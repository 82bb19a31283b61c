-- Each annotation's tags on its own row too, sorted, one per line: a page of a group's text
-- shows thousands of annotations, and looking up each one's tags cost a third of reading them
-- (issue 34). `annotation_tags` stays the index that finds annotations by tag.
ALTER TABLE annotations ADD COLUMN tags TEXT NOT NULL DEFAULT '';
UPDATE annotations SET tags = (
    SELECT group_concat(tag, char(10)) FROM (
        SELECT tag FROM annotation_tags t WHERE t.annotation_id = annotations.id ORDER BY tag))
WHERE id IN (SELECT annotation_id FROM annotation_tags);
