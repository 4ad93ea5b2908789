-- What the citizen (or the desk) typed, where it differs from the clean official form stored in
-- purpose and fields_json: {"purpose": "...", "fields": {"<key>": "..."}}. Staff see both.
ALTER TABLE requests ADD COLUMN original_text_json TEXT NOT NULL DEFAULT '{}';
