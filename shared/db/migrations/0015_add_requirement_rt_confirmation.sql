-- A check the RT head's approval itself confirms (the old paper cover letter): ticked in the
-- RT's name when the RT approves, so staff do not tick what the system already recorded.
-- Requests filed before this version keep their checklists as they were.
ALTER TABLE request_requirements ADD COLUMN confirmed_by_rt INTEGER NOT NULL DEFAULT 0
    CHECK (confirmed_by_rt IN (0, 1));
