-- Schema version 1 of the Assay store. Append-only: never edit a shipped
-- migration; add 0002_….sql instead. Applied inside one transaction.
PRAGMA application_id = 1095979865; -- 0x41535359, "ASSY"

CREATE TABLE evaluation (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    notes TEXT NOT NULL DEFAULT '',
    profiles TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(profiles) AND json_type(profiles) = 'array'),
    as_of TEXT NOT NULL CHECK (as_of GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    evaluators TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(evaluators) AND json_type(evaluators) = 'array'),
    questionnaire_id TEXT NOT NULL,
    questionnaire_version TEXT NOT NULL,
    -- The exact questionnaire text the evaluation was made with; never rewritten.
    questionnaire_json TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE vendor (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    evaluation_id INTEGER NOT NULL REFERENCES evaluation(id) ON DELETE CASCADE,
    name TEXT NOT NULL CHECK (length(trim(name)) > 0),
    product TEXT,
    deployment TEXT CHECK (deployment IN ('saas', 'dedicated', 'on_premises')),
    notes TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (evaluation_id, name)
) STRICT;

CREATE TABLE answer (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    vendor_id INTEGER NOT NULL REFERENCES vendor(id) ON DELETE CASCADE,
    question TEXT NOT NULL,
    value TEXT CHECK (value IS NULL OR json_valid(value)),
    na TEXT,
    comment TEXT,
    source TEXT CHECK (source IN ('vendor_stated', 'public_documentation', 'contract_clause', 'verified_by_buyer')),
    reference TEXT,
    source_as_of TEXT,
    confidence TEXT,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    UNIQUE (vendor_id, question)
) STRICT;

-- Content-addressed attachments: the bytes live in <data dir>/files/<sha256>.
CREATE TABLE file (
    sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),
    size INTEGER NOT NULL CHECK (size >= 0),
    created_at TEXT NOT NULL
) STRICT;

CREATE TABLE evidence (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    answer_id INTEGER NOT NULL REFERENCES answer(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('certificate', 'audit_report', 'pentest_letter', 'contract_clause', 'screenshot', 'url', 'other')),
    identifier TEXT,
    issuer TEXT,
    scope TEXT,
    issued TEXT,
    expires TEXT,
    url TEXT,
    file_sha256 TEXT REFERENCES file(sha256),
    file_name TEXT,
    UNIQUE (answer_id, position)
) STRICT;

-- Every change to an evaluation, vendor, answer or evidence. Not linked by
-- foreign keys, so the trail outlives what it describes.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    who TEXT NOT NULL,
    evaluation_id INTEGER NOT NULL,
    vendor_id INTEGER,
    vendor_name TEXT,
    entity TEXT NOT NULL CHECK (entity IN ('evaluation', 'vendor', 'answer', 'evidence')),
    question TEXT,
    action TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete', 'import')),
    old TEXT CHECK (old IS NULL OR json_valid(old)),
    new TEXT CHECK (new IS NULL OR json_valid(new))
) STRICT;

CREATE INDEX vendor_by_evaluation ON vendor(evaluation_id);
CREATE INDEX answer_by_vendor ON answer(vendor_id);
CREATE INDEX evidence_by_answer ON evidence(answer_id);
CREATE INDEX evidence_by_file ON evidence(file_sha256);
CREATE INDEX audit_by_evaluation ON audit_log(evaluation_id, id);
