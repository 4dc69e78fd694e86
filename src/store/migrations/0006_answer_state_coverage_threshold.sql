-- Schema version 6: what is known.
-- An unanswered question's state: asked and awaiting the vendor, declined by
-- the vendor, or still unknown after asking (NULL with no value and no N/A: not
-- asked yet). Never set together with a value or an N/A (the store checks).
ALTER TABLE answer ADD COLUMN state TEXT
  CHECK (state IS NULL OR state IN ('awaiting_vendor', 'declined', 'unknown'));
-- The coverage (percent) a vendor needs to be ranked; NULL: the default, 60.
ALTER TABLE evaluation ADD COLUMN coverage_threshold REAL
  CHECK (coverage_threshold IS NULL OR (coverage_threshold >= 0 AND coverage_threshold <= 100));
