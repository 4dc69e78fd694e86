-- Schema version 8: an answer copied from another vendor's evaluation in this
-- database is recorded as action 'copy', its `imported_from` naming the
-- evaluation and vendor it came from. SQLite cannot change a CHECK constraint in
-- place: the table is rebuilt with every row, id and column as it was, and its
-- append-only triggers and indexes are created again.
CREATE TABLE audit_log_v8 (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    who TEXT NOT NULL,
    evaluation_id INTEGER NOT NULL,
    vendor_id INTEGER,
    vendor_name TEXT,
    entity TEXT NOT NULL CHECK (entity IN ('evaluation', 'vendor', 'answer', 'evidence')),
    question TEXT,
    action TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete', 'import', 'copy')),
    old TEXT CHECK (old IS NULL OR json_valid(old)),
    new TEXT CHECK (new IS NULL OR json_valid(new)),
    imported_from TEXT
) STRICT;

INSERT INTO audit_log_v8 (id, at, who, evaluation_id, vendor_id, vendor_name, entity, question, action, old, new, imported_from)
SELECT id, at, who, evaluation_id, vendor_id, vendor_name, entity, question, action, old, new, imported_from
FROM audit_log ORDER BY id;

-- Dropping a table fires no DELETE trigger; its triggers and indexes go with it.
DROP TABLE audit_log;
ALTER TABLE audit_log_v8 RENAME TO audit_log;

CREATE INDEX audit_by_evaluation ON audit_log(evaluation_id, id);
CREATE INDEX audit_by_time ON audit_log(at);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
