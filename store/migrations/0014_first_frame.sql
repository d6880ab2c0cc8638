-- involve schema: indexes for what the dashboard counts first, so that it
-- is drawn sooner on a large database.
--
-- Who has taken part recently by their own record (first recorded, or
-- consent given) is the registry's involvement for people: an index on it
-- and their ids finds the few people it leaves for the retention review
-- by a range scan, rather than by reading everyone's row. The consents to
-- be contacted due for review are counted from an index too.
CREATE INDEX people_involved ON people (max(substr(created_at, 1, 10), consent_date), id);
CREATE INDEX people_consent_review ON people (consent_review) WHERE consent = 1 AND consent_review != '';

-- When each forum last met a senior officer (the view officer_attendance)
-- is read from indexes alone: the senior officers' ids by role, and each
-- meeting they came to by id, with its forum and start.
DROP INDEX people_role;
CREATE INDEX people_role ON people (role, id);
CREATE INDEX meetings_held ON meetings (id, starts_at, forum_id, status) WHERE status != 'cancelled';
