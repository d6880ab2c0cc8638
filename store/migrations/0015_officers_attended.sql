-- involve schema: each meeting counts the senior officers who came to it,
-- so that when each forum last met one (the dashboard's first frame) is a
-- seek in one small index rather than a join through the register.
--
-- officers is how many people whose role is senior officer are marked
-- attended in the meeting's register: a number, naming no one, derived
-- from the register and People and kept equal to them by the triggers
-- below (the view officer_attendance still says which meetings count, and
-- a test keeps the two equal). former_officers (migration 0011) is how
-- many such officers were erased since; together they say whether a
-- meeting met a senior officer.
--
-- The triggers do not touch updated_at or version: the count is not an
-- edit of the meeting, and marking the register must not make an open
-- edit of the meeting stale. Erasing an officer moves them from officers
-- to former_officers: the registry's entry "attendance" adds them to
-- former_officers, and deleting their register line takes them off
-- officers (attendance_officers_delete). A migration that makes meetings,
-- attendance or people again must make these triggers again too.
ALTER TABLE meetings ADD COLUMN officers INTEGER NOT NULL DEFAULT 0 CHECK (officers >= 0);
UPDATE meetings SET officers = o.n
    FROM (SELECT a.meeting_id, count(*) AS n
        FROM people p CROSS JOIN attendance a ON a.person_id = p.id AND a.status = 'attended'
        WHERE p.role = 'senior_officer' GROUP BY a.meeting_id) AS o
    WHERE o.meeting_id = meetings.id;

-- A register line marked attended, of a senior officer, made, changed or
-- deleted.
CREATE TRIGGER attendance_officers_insert AFTER INSERT ON attendance
WHEN new.status = 'attended' AND (SELECT role FROM people WHERE id = new.person_id) = 'senior_officer'
BEGIN
    UPDATE meetings SET officers = officers + 1 WHERE id = new.meeting_id;
END;

CREATE TRIGGER attendance_officers_update AFTER UPDATE OF status, meeting_id, person_id ON attendance
WHEN (old.status = 'attended' OR new.status = 'attended')
    AND ((old.status = 'attended') != (new.status = 'attended')
        OR old.meeting_id IS NOT new.meeting_id OR old.person_id IS NOT new.person_id)
BEGIN
    UPDATE meetings SET officers = officers - 1
    WHERE id = old.meeting_id AND old.status = 'attended'
        AND (SELECT role FROM people WHERE id = old.person_id) = 'senior_officer';
    UPDATE meetings SET officers = officers + 1
    WHERE id = new.meeting_id AND new.status = 'attended'
        AND (SELECT role FROM people WHERE id = new.person_id) = 'senior_officer';
END;

-- When a person's row is deleted, the cascade deletes their register
-- lines after it has gone, so the trigger below cannot read their role
-- then: people_officers_delete takes them off first.
CREATE TRIGGER attendance_officers_delete AFTER DELETE ON attendance
WHEN old.status = 'attended' AND (SELECT role FROM people WHERE id = old.person_id) = 'senior_officer'
BEGIN
    UPDATE meetings SET officers = officers - 1 WHERE id = old.meeting_id;
END;

-- A person becoming, or ceasing to be, a senior officer; a senior officer
-- deleted with their register.
CREATE TRIGGER people_officers_role AFTER UPDATE OF role ON people
WHEN (old.role = 'senior_officer') != (new.role = 'senior_officer')
BEGIN
    UPDATE meetings SET officers = officers + CASE WHEN new.role = 'senior_officer' THEN 1 ELSE -1 END
    WHERE id IN (SELECT meeting_id FROM attendance WHERE person_id = new.id AND status = 'attended');
END;

CREATE TRIGGER people_officers_delete BEFORE DELETE ON people
WHEN old.role = 'senior_officer'
BEGIN
    UPDATE meetings SET officers = officers - 1
    WHERE id IN (SELECT meeting_id FROM attendance WHERE person_id = old.id AND status = 'attended');
END;

-- Each forum's meetings, not cancelled, that met a senior officer (still
-- in People or erased since), by start: the latest up to a day is one
-- seek. It replaces the index of those with former officers alone.
CREATE INDEX meetings_officers ON meetings (forum_id, starts_at)
    WHERE officers + former_officers > 0 AND status != 'cancelled';
DROP INDEX meetings_former_officers;
