-- Schema version 9: the questionnaire text an evaluation was made with moves out
-- of the evaluation row into a table of its own. SQLite rewrites a whole row on
-- every UPDATE, and the bundled questionnaire is ≈ 360 KB: each answer saved
-- touches evaluation.updated_at, so each one copied that text again (creating
-- the fictional example spent more than half its time doing so). The text is
-- still the exact snapshot the evaluation was made with, never rewritten except
-- by a questionnaire upgrade, and goes with its evaluation.
CREATE TABLE evaluation_questionnaire (
    evaluation_id INTEGER PRIMARY KEY REFERENCES evaluation(id) ON DELETE CASCADE,
    json TEXT NOT NULL
) STRICT;

INSERT INTO evaluation_questionnaire (evaluation_id, json)
SELECT id, questionnaire_json FROM evaluation;

ALTER TABLE evaluation DROP COLUMN questionnaire_json;
