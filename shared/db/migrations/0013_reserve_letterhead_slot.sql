-- Placeholder: version 13 belongs to another branch of issue 14 (letterhead and signers), which
-- is developed at the same time. It changes nothing; on merge, the other branch's 0013 replaces
-- this file.
SELECT 1;
