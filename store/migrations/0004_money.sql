-- involve schema, version 4: expenses, involvement payments, rates, thresholds and petty cash.
-- Money is integer pence (columns named *_pence), never a float. Quantities
-- (miles, hours) are integer hundredths. Dates are London dates YYYY-MM-DD.

-- Dated rates: the rate of a kind for a date is the row of that kind with
-- the latest effective_from on or before the date.
--   mileage  per mile driven             care     childcare or carer cover, per hour
--   hourly   involvement, per hour       meeting  involvement, per meeting
--   fixed    involvement, a fixed fee
CREATE TABLE rates (
    id             TEXT PRIMARY KEY,
    kind           TEXT NOT NULL CHECK (kind IN ('mileage', 'care', 'hourly', 'meeting', 'fixed')),
    name           TEXT NOT NULL DEFAULT '',
    amount_pence   INTEGER NOT NULL CHECK (amount_pence BETWEEN 0 AND 100000000),
    effective_from TEXT NOT NULL CHECK (effective_from GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1,
    UNIQUE (kind, effective_from)
) STRICT;

-- HMRC's approved mileage allowance payment for cars and vans, 45p a mile
-- for the first 10,000 business miles, in force from 6 April 2011.
INSERT INTO rates (id, kind, name, amount_pence, effective_from, created_at, updated_at, version)
VALUES ('01300000-0000-7000-8000-000000000045', 'mileage', 'HMRC approved mileage rate', 45, '2011-04-06',
        strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), 1);

-- Dated thresholds the benefit-aware ledger checks payments against. They
-- change every April; none is written here. weekly_payments and
-- monthly_payments are in pence; monthly_hours in hundredths of an hour
-- (when no monthly_hours row applies, the program's default of 30 hours does).
CREATE TABLE thresholds (
    id             TEXT PRIMARY KEY,
    kind           TEXT NOT NULL CHECK (kind IN ('weekly_payments', 'monthly_payments', 'monthly_hours')),
    amount         INTEGER NOT NULL CHECK (amount BETWEEN 0 AND 100000000),
    effective_from TEXT NOT NULL CHECK (effective_from GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    note           TEXT NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1,
    UNIQUE (kind, effective_from)
) STRICT;

-- Expense claims: one line a person, for a meeting or (meeting_id NULL)
-- for other involvement described in activity. A claim outlives its
-- meeting: deleting the meeting keeps the claim and says in activity which
-- meeting it was (see the trigger below). Erasing the person erases it.
CREATE TABLE claims (
    id            TEXT PRIMARY KEY,
    person_id     TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    meeting_id    TEXT REFERENCES meetings (id) ON DELETE SET NULL,
    activity      TEXT NOT NULL DEFAULT '',
    claim_date    TEXT NOT NULL CHECK (claim_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    category      TEXT NOT NULL CHECK (category IN
                  ('fare', 'taxi', 'mileage', 'parking', 'care', 'subsistence', 'other')),
    quantity      INTEGER NOT NULL DEFAULT 0 CHECK (quantity BETWEEN 0 AND 1000000),
    rate_pence    INTEGER NOT NULL DEFAULT 0 CHECK (rate_pence BETWEEN 0 AND 100000000),
    amount_pence  INTEGER NOT NULL CHECK (amount_pence BETWEEN 0 AND 100000000),
    description   TEXT NOT NULL DEFAULT '',
    receipt       INTEGER NOT NULL DEFAULT 0 CHECK (receipt IN (0, 1)),
    receipt_ref   TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL DEFAULT 'claimed' CHECK (status IN ('claimed', 'approved', 'paid', 'rejected')),
    reject_reason TEXT NOT NULL DEFAULT '',
    paid_how      TEXT NOT NULL DEFAULT '' CHECK (paid_how IN ('', 'cash', 'voucher', 'bank', 'payroll')),
    paid_on       TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1,
    CHECK ((status = 'paid') = (paid_how != '' AND paid_on != '')),
    CHECK ((status = 'rejected') = (reject_reason != ''))
) STRICT;
CREATE INDEX claims_person ON claims (person_id, claim_date);
CREATE INDEX claims_meeting ON claims (meeting_id);
CREATE INDEX claims_date ON claims (claim_date);

-- Involvement payments, kept apart from expenses. amount_pence is what the
-- rate gives; the person may accept it, reduce it (to reduced_pence),
-- decline it or donate it. ledger_date is the date the benefit-aware ledger
-- counts it on: the day it was paid, or while unpaid the day of the activity.
CREATE TABLE payments (
    id            TEXT PRIMARY KEY,
    person_id     TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    meeting_id    TEXT REFERENCES meetings (id) ON DELETE SET NULL,
    activity      TEXT NOT NULL DEFAULT '',
    payment_date  TEXT NOT NULL CHECK (payment_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    basis         TEXT NOT NULL CHECK (basis IN ('hourly', 'meeting', 'fixed')),
    hours         INTEGER NOT NULL DEFAULT 0 CHECK (hours BETWEEN 0 AND 1000000),
    rate_pence    INTEGER NOT NULL DEFAULT 0 CHECK (rate_pence BETWEEN 0 AND 100000000),
    amount_pence  INTEGER NOT NULL CHECK (amount_pence BETWEEN 0 AND 100000000),
    choice        TEXT NOT NULL DEFAULT 'accept' CHECK (choice IN ('accept', 'reduce', 'decline', 'donate')),
    reduced_pence INTEGER NOT NULL DEFAULT 0 CHECK (reduced_pence >= 0 AND reduced_pence <= amount_pence),
    note          TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL DEFAULT 'claimed' CHECK (status IN ('claimed', 'approved', 'paid', 'rejected')),
    reject_reason TEXT NOT NULL DEFAULT '',
    paid_how      TEXT NOT NULL DEFAULT '' CHECK (paid_how IN ('', 'cash', 'voucher', 'bank', 'payroll')),
    paid_on       TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1,
    ledger_date   TEXT GENERATED ALWAYS AS (CASE WHEN status = 'paid' THEN paid_on ELSE payment_date END) VIRTUAL,
    CHECK ((status = 'paid') = (paid_how != '' AND paid_on != '')),
    CHECK ((status = 'rejected') = (reject_reason != '')),
    CHECK (choice != 'decline' OR status != 'paid')
) STRICT;
CREATE INDEX payments_person ON payments (person_id, ledger_date);
CREATE INDEX payments_person_date ON payments (person_id, payment_date);
CREATE INDEX payments_meeting ON payments (meeting_id);
-- Covering indexes for the all-people ledger summary (Standings).
CREATE INDEX payments_ledger ON payments (ledger_date, status, person_id, choice, amount_pence, reduced_pence);
CREATE INDEX payments_date ON payments (payment_date, status, person_id, hours);

-- Petty cash for a meeting: the float taken, the cash counted back and
-- whether it was reconciled. Cash paid out is not stored here: it is the
-- claims and payments for the meeting paid in cash.
CREATE TABLE petty_cash (
    id            TEXT PRIMARY KEY,
    meeting_id    TEXT NOT NULL UNIQUE REFERENCES meetings (id) ON DELETE CASCADE,
    float_pence   INTEGER NOT NULL DEFAULT 0 CHECK (float_pence BETWEEN 0 AND 100000000),
    counted       INTEGER NOT NULL DEFAULT 0 CHECK (counted IN (0, 1)),
    counted_pence INTEGER NOT NULL DEFAULT 0 CHECK (counted_pence BETWEEN 0 AND 100000000),
    reconciled    INTEGER NOT NULL DEFAULT 0 CHECK (reconciled IN (0, 1)),
    reconciled_on TEXT NOT NULL DEFAULT '',
    note          TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1,
    CHECK (reconciled = 0 OR counted = 1)
) STRICT;

-- When a meeting goes, its claims and payments stay (they are records of
-- money) and say which meeting they were for.
CREATE TRIGGER meetings_keep_money BEFORE DELETE ON meetings
BEGIN
    UPDATE claims SET activity = coalesce((SELECT name FROM forums WHERE id = old.forum_id) || ' meeting', 'Meeting')
            || ' on ' || substr(old.starts_at, 1, 10) || ' (since deleted)',
        version = version + 1
        WHERE meeting_id = old.id AND trim(activity) = '';
    UPDATE payments SET activity = coalesce((SELECT name FROM forums WHERE id = old.forum_id) || ' meeting', 'Meeting')
            || ' on ' || substr(old.starts_at, 1, 10) || ' (since deleted)',
        version = version + 1
        WHERE meeting_id = old.id AND trim(activity) = '';
END;
