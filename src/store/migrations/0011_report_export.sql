-- Schema version 11: the reports exported from each evaluation, by their
-- fingerprint (issue 17), so `assay verify --db` can say "this exact report
-- was exported from evaluation 3 on 2026-12-01" — matching by fingerprint, not
-- by the evaluation id a report names (a report re-exported from an edited
-- copy of the database names the same id). A record of what happened: it
-- outlives the evaluation (no foreign key; the name is kept) and is never
-- updated or deleted.
CREATE TABLE report_export (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    evaluation_id INTEGER NOT NULL,
    evaluation_name TEXT NOT NULL,
    fingerprint TEXT NOT NULL CHECK (length(fingerprint) = 64),
    lang TEXT NOT NULL,
    generated_at TEXT NOT NULL,
    exported_at TEXT NOT NULL,
    exported_by TEXT NOT NULL,
    -- The signer's name when the export was signed.
    signed_by TEXT
) STRICT;

CREATE INDEX report_export_by_fingerprint ON report_export(fingerprint);

CREATE TRIGGER report_export_no_update BEFORE UPDATE ON report_export
BEGIN
    SELECT RAISE(ABORT, 'the export record is append-only');
END;

CREATE TRIGGER report_export_no_delete BEFORE DELETE ON report_export
BEGIN
    SELECT RAISE(ABORT, 'the export record is append-only');
END;
