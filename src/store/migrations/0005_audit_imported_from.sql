-- Schema version 5: audit rows that came from an imported bundle say so. Such a
-- row records what the bundle claims happened in another database, not what
-- happened in this one; `imported_from` names the bundle it came with (its file
-- name and when it was exported). NULL: the row was written by this database.
ALTER TABLE audit_log ADD COLUMN imported_from TEXT;
