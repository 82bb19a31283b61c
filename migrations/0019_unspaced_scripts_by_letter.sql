-- Letters of scripts written without spaces (Chinese, Japanese, Thai...) are now indexed one
-- by one (see `search/unspaced.rs`): every text is indexed again by the next search.
DELETE FROM search_indexed;
