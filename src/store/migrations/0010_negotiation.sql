-- Schema version 10: where each negotiation point of a vendor's security
-- schedule stands — a clause whose answer falls short of the buyer's
-- requirement is open (no row), its risk accepted (with the reason), or
-- resolved in the contract (with where; the answer is then updated, with
-- provenance "contract clause"). Each change is audited as entity
-- 'negotiation'; SQLite cannot change a CHECK constraint in place, so the
-- append-only audit table is rebuilt with every row, id and column as it was
-- (as in 0008), its triggers and indexes created again.
CREATE TABLE negotiation (
    vendor_id INTEGER NOT NULL REFERENCES vendor(id) ON DELETE CASCADE,
    clause TEXT NOT NULL CHECK (length(trim(clause)) > 0),
    status TEXT NOT NULL CHECK (status IN ('open', 'accepted_risk', 'resolved')),
    note TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    PRIMARY KEY (vendor_id, clause)
) STRICT;

CREATE TABLE audit_log_v10 (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    who TEXT NOT NULL,
    evaluation_id INTEGER NOT NULL,
    vendor_id INTEGER,
    vendor_name TEXT,
    entity TEXT NOT NULL CHECK (entity IN ('evaluation', 'vendor', 'answer', 'evidence', 'negotiation')),
    question TEXT,
    action TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete', 'import', 'copy')),
    old TEXT CHECK (old IS NULL OR json_valid(old)),
    new TEXT CHECK (new IS NULL OR json_valid(new)),
    imported_from TEXT
) STRICT;

INSERT INTO audit_log_v10 (id, at, who, evaluation_id, vendor_id, vendor_name, entity, question, action, old, new, imported_from)
SELECT id, at, who, evaluation_id, vendor_id, vendor_name, entity, question, action, old, new, imported_from
FROM audit_log ORDER BY id;

-- Dropping a table fires no DELETE trigger; its triggers and indexes go with it.
DROP TABLE audit_log;
ALTER TABLE audit_log_v10 RENAME TO audit_log;

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
