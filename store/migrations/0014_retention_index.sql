-- involve schema: the dashboard's count of people's rights due, quicker.
-- Who has taken part recently by their own record (first recorded, or
-- consent given) is the registry's involvement for people: an index on it
-- and their ids finds the few people it leaves by a range scan, rather
-- than by reading everyone's row each time the dashboard is drawn. The
-- consents to be contacted due for review are counted from an index too.

CREATE INDEX people_involved ON people (max(substr(created_at, 1, 10), consent_date), id);
CREATE INDEX people_consent_review ON people (consent_review) WHERE consent = 1 AND consent_review != '';
