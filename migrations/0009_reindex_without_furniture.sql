-- Plain texts now tell page furniture (comment forms, image names) and licence boilerplate from
-- their text, and leave them out of the search index: index every text again, in the background
-- of the next search, as for a text just added.
DELETE FROM search_indexed;
