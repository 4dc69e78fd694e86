-- Schema version 3: an evaluation may carry its own section weights (a JSON
-- object of section id -> relative weight in percent) instead of its profiles'.
-- NULL keeps the profiles' weights, which is what every older evaluation had.
ALTER TABLE evaluation ADD COLUMN section_weights TEXT
    CHECK (section_weights IS NULL OR (json_valid(section_weights) AND json_type(section_weights) = 'object'));
