-- rebuilds tables: run with foreign keys off and checked before commit (db::migrate).
-- A city deployment: every kelurahan keeps its own database; the city's own database holds the
-- accounts above them. camat reads its kecamatan's kelurahan, kota reads all, kota_admin also
-- administers kelurahan accounts. SQLite cannot change a CHECK in place, hence the copy.
CREATE TABLE staff_users_new (
    id               INTEGER PRIMARY KEY,
    username         TEXT NOT NULL UNIQUE COLLATE NOCASE,
    full_name        TEXT NOT NULL DEFAULT '',
    role             TEXT NOT NULL
                     CHECK (role IN ('admin', 'operator', 'lurah', 'rt', 'camat', 'kota', 'kota_admin')),
    rt_id            INTEGER REFERENCES rts(id),
    kecamatan        TEXT,
    password_hash    TEXT NOT NULL,
    failed_logins    INTEGER NOT NULL DEFAULT 0,
    locked_until     TEXT,
    is_demo          INTEGER NOT NULL DEFAULT 0,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    disabled_at      TEXT,
    CHECK ((role = 'rt') = (rt_id IS NOT NULL)),
    CHECK ((role = 'camat') = (kecamatan IS NOT NULL))
);
INSERT INTO staff_users_new (id, username, full_name, role, rt_id, password_hash, failed_logins, locked_until,
                             is_demo, created_at, updated_at, disabled_at)
    SELECT id, username, full_name, role, rt_id, password_hash, failed_logins, locked_until,
           is_demo, created_at, updated_at, disabled_at
    FROM staff_users;
DROP TABLE staff_users;
ALTER TABLE staff_users_new RENAME TO staff_users;

-- One city number: the kelurahan a citizen who is in no registry chose (kecamatan first, then
-- kelurahan), kept in the city's database. kelurahan_code is NULL while the choice is under way.
CREATE TABLE city_newcomers (
    sender_key      TEXT PRIMARY KEY,
    kecamatan       TEXT,
    kelurahan_code  TEXT,
    asked_at        TEXT NOT NULL,
    chosen_at       TEXT
);
