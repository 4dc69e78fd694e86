-- Schema version 7: an attached file's name.
-- The name the file had when it was first attached (e.g. "iso27001-certificate.pdf"),
-- shown beside the evidence instead of its hash and used when it is opened. The
-- bytes stay content-addressed: the same content attached again keeps its first
-- name. NULL for files stored before version 7 and for bytes stored without a name.
ALTER TABLE file ADD COLUMN name TEXT CHECK (name IS NULL OR (length(name) BETWEEN 1 AND 255));
