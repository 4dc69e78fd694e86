-- Schema version 4: an evaluation may be read-only. The illustrative demo is: its
-- answers are documented public facts with their sources, so they are not edited
-- in place; "duplicate" gives an editable copy. Deleting it stays possible.
ALTER TABLE evaluation ADD COLUMN read_only INTEGER NOT NULL DEFAULT 0
    CHECK (read_only IN (0, 1));

-- Demos created before this version: the evaluations the demo routine created
-- (the audit log records who created each evaluation).
UPDATE evaluation SET read_only = 1
WHERE id IN (
    SELECT evaluation_id FROM audit_log
    WHERE who = 'assay demo' AND entity = 'evaluation' AND action = 'create'
);
