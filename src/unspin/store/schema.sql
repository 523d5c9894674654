-- unspin store, schema version 1. Never edit after release: add a migration in migrations.py.

CREATE TABLE articles (
    seq             INTEGER PRIMARY KEY,           -- stable rowid for the FTS index
    id              TEXT NOT NULL UNIQUE,          -- Article.id (hash of the canonical text)
    source_id       TEXT,                          -- first caller-given id seen for this text
    url             TEXT,
    title           TEXT,
    outlet          TEXT,
    author          TEXT,
    published       TEXT,                          -- ISO 8601 as given
    published_date  TEXT,                          -- YYYY-MM-DD, for date ranges
    language        TEXT,
    text            TEXT NOT NULL,
    meta_json       TEXT NOT NULL,                 -- the full Meta, with where each value came from
    paragraphs      TEXT NOT NULL,                 -- [[start,end],...]
    sentences       TEXT NOT NULL,                 -- [[start,end],...]
    unspin_version  TEXT,
    models_json     TEXT,                          -- {"spacy": "en_core_web_sm-3.8.0", ...}
    provenance_json TEXT,
    warnings_json   TEXT NOT NULL,
    n_actors        INTEGER NOT NULL,
    n_mentions      INTEGER NOT NULL,
    n_findings      INTEGER NOT NULL,
    ingested_at     TEXT NOT NULL
);

CREATE INDEX articles_outlet_date ON articles (outlet, published_date);
CREATE INDEX articles_date ON articles (published_date);

-- Every caller-given id seen, duplicates included, so a re-run skips them before analysis.
CREATE TABLE sources (
    source_id  TEXT PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE
) WITHOUT ROWID;

CREATE INDEX sources_article ON sources (article_id);

-- Child rows point at articles.seq: an integer keeps them (and their indices) small.
CREATE TABLE actors (
    article_seq  INTEGER NOT NULL REFERENCES articles (seq) ON DELETE CASCADE,
    actor_id     TEXT NOT NULL,
    ord          INTEGER NOT NULL,
    name         TEXT NOT NULL,
    kind         TEXT NOT NULL,
    org_type     TEXT,
    country      TEXT,
    role         TEXT,
    codes        TEXT NOT NULL,                    -- JSON array
    gazetteer_id TEXT,
    salience     REAL NOT NULL,
    aliases      TEXT NOT NULL,                    -- JSON array
    n_mentions   INTEGER NOT NULL,
    PRIMARY KEY (article_seq, actor_id)
) WITHOUT ROWID;

CREATE INDEX actors_key ON actors (gazetteer_id, name);

CREATE TABLE mentions (
    article_seq INTEGER NOT NULL,
    actor_id   TEXT NOT NULL,
    ord        INTEGER NOT NULL,
    "start"    INTEGER NOT NULL,
    "end"      INTEGER NOT NULL,
    form       TEXT NOT NULL,
    metonymy   INTEGER NOT NULL,
    PRIMARY KEY (article_seq, actor_id, ord),
    FOREIGN KEY (article_seq, actor_id) REFERENCES actors (article_seq, actor_id)
        ON DELETE CASCADE
) WITHOUT ROWID;

CREATE TABLE findings (
    article_seq   INTEGER NOT NULL REFERENCES articles (seq) ON DELETE CASCADE,
    idx           INTEGER NOT NULL,
    kind          TEXT NOT NULL,
    label         TEXT NOT NULL,
    detector      TEXT NOT NULL,
    score         REAL,
    evidence_json TEXT NOT NULL,                   -- [[start,end],...]
    payload_json  TEXT NOT NULL,                   -- unspin.serialize.to_dict(finding)
    PRIMARY KEY (article_seq, idx)
) WITHOUT ROWID;

CREATE INDEX findings_kind_label ON findings (kind, label);

CREATE VIRTUAL TABLE articles_fts USING fts5 (
    title, text,
    content = 'articles', content_rowid = 'seq',
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts (rowid, title, text) VALUES (new.seq, new.title, new.text);
END;

CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, text)
    VALUES ('delete', old.seq, old.title, old.text);
END;

CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, text)
    VALUES ('delete', old.seq, old.title, old.text);
    INSERT INTO articles_fts (rowid, title, text) VALUES (new.seq, new.title, new.text);
END;
