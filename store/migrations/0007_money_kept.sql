-- involve schema, version 7: records of money outlive the people and the
-- meetings they were for.
--
-- Money already paid is a record the partnership must keep, and a closed
-- (reconciled) cash book must never change. So:
--
--   * Erasing a person deletes what was not yet paid to them (claims and
--     payments claimed, approved or rejected) and keeps what was paid,
--     anonymised: person_id becomes NULL, shown as "a former member", with
--     no name and no link to them (store/people.go clears the free text
--     too). A CHECK holds the rule: only a paid record may have no person,
--     so a person whose unpaid records are still there cannot be deleted
--     by any path that forgets them.
--
--   * Deleting a meeting (or its forum, which deletes its meetings) keeps
--     its claims, payments and petty cash. The meeting's row goes; a row in
--     former_meetings keeps what the money records need to say what they
--     were for: the meeting's id, date and venue and its forum's id and
--     name at the time. Claims, payments and petty cash point at it with
--     former_meeting_id (and no longer at meetings), so a cash book keeps
--     its lines and `expenses report --forum "Old Name"` still finds the
--     claims. Only meetings with money records leave a former_meetings row.
--
-- Why a table of former meetings rather than copies of the forum name and
-- date on every money record: the snapshot is taken once, when the meeting
-- goes, so it can never disagree with a meeting that still exists (a live
-- meeting's date and forum are read from meetings, as before); and the
-- cash book of a deleted meeting is still found by one id.
--
-- SQLite cannot change a column's foreign key in place, so claims,
-- payments and petty_cash are rebuilt (create, copy, drop, rename). The
-- trigger that reads them is dropped first and written again at the end.

DROP TRIGGER meetings_keep_money;

CREATE TABLE former_meetings (
    id         TEXT PRIMARY KEY,            -- the deleted meeting's id
    forum_id   TEXT NOT NULL,               -- its forum's id (the forum may be gone too)
    forum_name TEXT NOT NULL DEFAULT '',    -- its forum's name when it was deleted
    starts_at  TEXT NOT NULL,
    ends_at    TEXT NOT NULL,
    venue      TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,               -- when the meeting was deleted
    updated_at TEXT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX former_meetings_forum ON former_meetings (forum_id);

CREATE TABLE claims_new (
    id                TEXT PRIMARY KEY,
    -- NULL: paid to someone since erased ("a former member").
    person_id         TEXT REFERENCES people (id) ON DELETE SET NULL,
    meeting_id        TEXT REFERENCES meetings (id) ON DELETE SET NULL,
    activity          TEXT NOT NULL DEFAULT '',
    claim_date        TEXT NOT NULL CHECK (claim_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    category          TEXT NOT NULL CHECK (category IN
                      ('fare', 'taxi', 'mileage', 'parking', 'care', 'subsistence', 'other')),
    quantity          INTEGER NOT NULL DEFAULT 0 CHECK (quantity BETWEEN 0 AND 1000000),
    rate_pence        INTEGER NOT NULL DEFAULT 0 CHECK (rate_pence BETWEEN 0 AND 100000000),
    amount_pence      INTEGER NOT NULL CHECK (amount_pence BETWEEN 0 AND 100000000),
    description       TEXT NOT NULL DEFAULT '',
    receipt           INTEGER NOT NULL DEFAULT 0 CHECK (receipt IN (0, 1)),
    receipt_ref       TEXT NOT NULL DEFAULT '',
    status            TEXT NOT NULL DEFAULT 'claimed' CHECK (status IN ('claimed', 'approved', 'paid', 'rejected')),
    reject_reason     TEXT NOT NULL DEFAULT '',
    paid_how          TEXT NOT NULL DEFAULT '' CHECK (paid_how IN ('', 'cash', 'voucher', 'bank', 'payroll')),
    paid_on           TEXT NOT NULL DEFAULT '',
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    version           INTEGER NOT NULL DEFAULT 1,
    -- The deleted meeting it was for (then meeting_id is NULL).
    former_meeting_id TEXT REFERENCES former_meetings (id),
    CHECK ((status = 'paid') = (paid_how != '' AND paid_on != '')),
    CHECK ((status = 'rejected') = (reject_reason != '')),
    CHECK (person_id IS NOT NULL OR status = 'paid'),
    CHECK (meeting_id IS NULL OR former_meeting_id IS NULL)
) STRICT;
INSERT INTO claims_new (id, person_id, meeting_id, activity, claim_date, category, quantity, rate_pence, amount_pence,
        description, receipt, receipt_ref, status, reject_reason, paid_how, paid_on, created_at, updated_at, version)
    SELECT id, person_id, meeting_id, activity, claim_date, category, quantity, rate_pence, amount_pence,
        description, receipt, receipt_ref, status, reject_reason, paid_how, paid_on, created_at, updated_at, version
    FROM claims;
DROP TABLE claims;
ALTER TABLE claims_new RENAME TO claims;
CREATE INDEX claims_person ON claims (person_id, claim_date);
CREATE INDEX claims_meeting ON claims (meeting_id);
CREATE INDEX claims_former_meeting ON claims (former_meeting_id) WHERE former_meeting_id IS NOT NULL;
CREATE INDEX claims_date ON claims (claim_date);

-- ledger_date is the day a payment's money counts on in the ledger, the
-- rule of store.MoneyDate written in SQL for the all-people summary: the
-- day it was paid, or while unpaid the day of the involvement.
CREATE TABLE payments_new (
    id                TEXT PRIMARY KEY,
    -- NULL: paid to someone since erased ("a former member").
    person_id         TEXT REFERENCES people (id) ON DELETE SET NULL,
    meeting_id        TEXT REFERENCES meetings (id) ON DELETE SET NULL,
    activity          TEXT NOT NULL DEFAULT '',
    payment_date      TEXT NOT NULL CHECK (payment_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    basis             TEXT NOT NULL CHECK (basis IN ('hourly', 'meeting', 'fixed')),
    hours             INTEGER NOT NULL DEFAULT 0 CHECK (hours BETWEEN 0 AND 1000000),
    rate_pence        INTEGER NOT NULL DEFAULT 0 CHECK (rate_pence BETWEEN 0 AND 100000000),
    amount_pence      INTEGER NOT NULL CHECK (amount_pence BETWEEN 0 AND 100000000),
    choice            TEXT NOT NULL DEFAULT 'accept' CHECK (choice IN ('accept', 'reduce', 'decline', 'donate')),
    reduced_pence     INTEGER NOT NULL DEFAULT 0 CHECK (reduced_pence >= 0 AND reduced_pence <= amount_pence),
    note              TEXT NOT NULL DEFAULT '',
    status            TEXT NOT NULL DEFAULT 'claimed' CHECK (status IN ('claimed', 'approved', 'paid', 'rejected')),
    reject_reason     TEXT NOT NULL DEFAULT '',
    paid_how          TEXT NOT NULL DEFAULT '' CHECK (paid_how IN ('', 'cash', 'voucher', 'bank', 'payroll')),
    paid_on           TEXT NOT NULL DEFAULT '',
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    version           INTEGER NOT NULL DEFAULT 1,
    ledger_date       TEXT GENERATED ALWAYS AS (CASE WHEN status = 'paid' THEN paid_on ELSE payment_date END) VIRTUAL,
    former_meeting_id TEXT REFERENCES former_meetings (id),
    CHECK ((status = 'paid') = (paid_how != '' AND paid_on != '')),
    CHECK ((status = 'rejected') = (reject_reason != '')),
    CHECK (choice != 'decline' OR status != 'paid'),
    CHECK (person_id IS NOT NULL OR status = 'paid'),
    CHECK (meeting_id IS NULL OR former_meeting_id IS NULL)
) STRICT;
INSERT INTO payments_new (id, person_id, meeting_id, activity, payment_date, basis, hours, rate_pence, amount_pence,
        choice, reduced_pence, note, status, reject_reason, paid_how, paid_on, created_at, updated_at, version)
    SELECT id, person_id, meeting_id, activity, payment_date, basis, hours, rate_pence, amount_pence,
        choice, reduced_pence, note, status, reject_reason, paid_how, paid_on, created_at, updated_at, version
    FROM payments;
DROP TABLE payments;
ALTER TABLE payments_new RENAME TO payments;
CREATE INDEX payments_person ON payments (person_id, ledger_date);
CREATE INDEX payments_person_date ON payments (person_id, payment_date);
CREATE INDEX payments_meeting ON payments (meeting_id);
CREATE INDEX payments_former_meeting ON payments (former_meeting_id) WHERE former_meeting_id IS NOT NULL;
CREATE INDEX payments_ledger ON payments (ledger_date, status, person_id, choice, amount_pence, reduced_pence);
CREATE INDEX payments_date ON payments (payment_date, status, person_id, hours);

-- A meeting's petty cash, kept when the meeting goes: it then belongs to
-- the former meeting instead. Exactly one of the two is set.
CREATE TABLE petty_cash_new (
    id                TEXT PRIMARY KEY,
    meeting_id        TEXT UNIQUE REFERENCES meetings (id) ON DELETE SET NULL,
    float_pence       INTEGER NOT NULL DEFAULT 0 CHECK (float_pence BETWEEN 0 AND 100000000),
    counted           INTEGER NOT NULL DEFAULT 0 CHECK (counted IN (0, 1)),
    counted_pence     INTEGER NOT NULL DEFAULT 0 CHECK (counted_pence BETWEEN 0 AND 100000000),
    reconciled        INTEGER NOT NULL DEFAULT 0 CHECK (reconciled IN (0, 1)),
    reconciled_on     TEXT NOT NULL DEFAULT '',
    note              TEXT NOT NULL DEFAULT '',
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    version           INTEGER NOT NULL DEFAULT 1,
    former_meeting_id TEXT UNIQUE REFERENCES former_meetings (id),
    CHECK (reconciled = 0 OR counted = 1),
    CHECK ((meeting_id IS NULL) != (former_meeting_id IS NULL))
) STRICT;
INSERT INTO petty_cash_new (id, meeting_id, float_pence, counted, counted_pence, reconciled, reconciled_on, note,
        created_at, updated_at, version)
    SELECT id, meeting_id, float_pence, counted, counted_pence, reconciled, reconciled_on, note,
        created_at, updated_at, version
    FROM petty_cash;
DROP TABLE petty_cash;
ALTER TABLE petty_cash_new RENAME TO petty_cash;

-- A forum's meetings go before the forum itself (rather than by the
-- cascade, which runs once the forum's row is gone), so that the trigger
-- below can still read the forum's name.
CREATE TRIGGER forums_meetings_first BEFORE DELETE ON forums
BEGIN
    DELETE FROM meetings WHERE forum_id = old.id;
END;

-- When a meeting goes, its claims, payments and petty cash stay (they are
-- records of money) and point at a former_meetings row instead. Claims and
-- payments with no activity of their own also say in activity which
-- meeting they were for, as before.
CREATE TRIGGER meetings_keep_money BEFORE DELETE ON meetings
WHEN EXISTS (SELECT 1 FROM claims WHERE meeting_id = old.id)
  OR EXISTS (SELECT 1 FROM payments WHERE meeting_id = old.id)
  OR EXISTS (SELECT 1 FROM petty_cash WHERE meeting_id = old.id)
BEGIN
    INSERT INTO former_meetings (id, forum_id, forum_name, starts_at, ends_at, venue, created_at, updated_at)
    VALUES (old.id, old.forum_id, coalesce((SELECT name FROM forums WHERE id = old.forum_id), ''),
        old.starts_at, old.ends_at, old.venue,
        strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));
    UPDATE claims SET meeting_id = NULL, former_meeting_id = old.id,
        activity = CASE WHEN trim(activity) != '' THEN activity ELSE
            coalesce((SELECT name FROM forums WHERE id = old.forum_id) || ' meeting', 'Meeting')
            || ' on ' || substr(old.starts_at, 1, 10) || ' (since deleted)' END,
        updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), version = version + 1
        WHERE meeting_id = old.id;
    UPDATE payments SET meeting_id = NULL, former_meeting_id = old.id,
        activity = CASE WHEN trim(activity) != '' THEN activity ELSE
            coalesce((SELECT name FROM forums WHERE id = old.forum_id) || ' meeting', 'Meeting')
            || ' on ' || substr(old.starts_at, 1, 10) || ' (since deleted)' END,
        updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), version = version + 1
        WHERE meeting_id = old.id;
    UPDATE petty_cash SET meeting_id = NULL, former_meeting_id = old.id,
        updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), version = version + 1
        WHERE meeting_id = old.id;
END;
