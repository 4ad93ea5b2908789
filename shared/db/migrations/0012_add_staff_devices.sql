-- Browsers a staff member has logged in from. Failed guesses by somebody else lock an account
-- for unknown browsers only, so one person cannot lock every staff member out; the cookie holds
-- a random 256-bit token, of which only the SHA-256 is stored. One browser (the counter's PC)
-- may be known to several accounts.
CREATE TABLE staff_devices (
    token_hash    TEXT NOT NULL,
    staff_id      INTEGER NOT NULL REFERENCES staff_users(id) ON DELETE CASCADE,
    created_at    TEXT NOT NULL,
    last_used_at  TEXT NOT NULL,
    PRIMARY KEY (token_hash, staff_id)
);
CREATE INDEX staff_devices_staff ON staff_devices(staff_id);
