-- involve schema, version 5: the anthology (stories, versions, consent, full-text search).
SELECT 1;
