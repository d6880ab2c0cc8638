-- involve schema, version 3: transport to meetings (bookings and runs).
--
-- One row per person, meeting and leg (the journey there, or home): whether
-- the journey is still to book, booked with a firm (and its reference),
-- confirmed, or cancelled; the run it belongs to and the estimated pickup
-- time from the run sheet; and, afterwards, whether the person travelled.
-- The vehicle settings (seats, wheelchair seats, minutes per pickup...) are
-- in the settings table under the keys transport_* (see store/transport.go).
CREATE TABLE transport_bookings (
    id          TEXT PRIMARY KEY,
    meeting_id  TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    person_id   TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    leg         TEXT NOT NULL CHECK (leg IN ('there', 'home')),
    status      TEXT NOT NULL DEFAULT 'to_book' CHECK (status IN
                ('to_book', 'booked', 'confirmed', 'cancelled')),
    firm        TEXT NOT NULL DEFAULT '',
    reference   TEXT NOT NULL DEFAULT '',
    -- estimated pickup, an instant in UTC (RFC 3339); '' when not planned
    pickup_at   TEXT NOT NULL DEFAULT '',
    -- the run number on the run sheet; 0 when not planned
    run         INTEGER NOT NULL DEFAULT 0 CHECK (run >= 0),
    travelled   TEXT NOT NULL DEFAULT 'unknown' CHECK (travelled IN ('unknown', 'yes', 'no')),
    notes       TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1,
    UNIQUE (meeting_id, person_id, leg)
) STRICT;
CREATE INDEX transport_bookings_person ON transport_bookings (person_id);
