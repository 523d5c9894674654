-- unspin store, migration 2: corpus tables. Never edit after release: add a migration.
-- Events, attributions and claims are copied out of `findings` by triggers, in the same
-- transaction as the finding, so they exist exactly when their finding does. Stores that hold
-- such findings already are backfilled at the end of this script.

-- A syndicated copy (near-identical text) points at the earliest stored article like it.
CREATE TABLE near_duplicates (
    article_seq  INTEGER PRIMARY KEY REFERENCES articles (seq) ON DELETE CASCADE,
    original_seq INTEGER NOT NULL REFERENCES articles (seq) ON DELETE CASCADE,
    similarity   REAL NOT NULL                     -- estimated Jaccard of word shingles
);

CREATE INDEX near_duplicates_original ON near_duplicates (original_seq);

-- MinHash signature of each article's word shingles (uint32 little-endian), so a resumed
-- ingest can rebuild its near-duplicate index without re-reading every text.
CREATE TABLE minhashes (
    article_seq INTEGER PRIMARY KEY REFERENCES articles (seq) ON DELETE CASCADE,
    signature   BLOB NOT NULL
);

CREATE TABLE events (
    article_seq  INTEGER NOT NULL REFERENCES articles (seq) ON DELETE CASCADE,
    idx          INTEGER NOT NULL,                 -- findings.idx
    source_actor TEXT,                             -- article-local actor id ("A1")
    target_actor TEXT,
    source_code  TEXT,                             -- CAMEO actor code ("CHNGOV")
    target_code  TEXT,
    cameo_code   TEXT NOT NULL,
    cameo_root   TEXT,
    quad_class   INTEGER,
    goldstein    REAL,
    modality     TEXT,
    event_date   TEXT,                             -- the event's date, else the article's
    PRIMARY KEY (article_seq, idx)
) WITHOUT ROWID;

CREATE INDEX events_pair_date ON events (source_code, target_code, event_date);

CREATE TABLE attributions (
    article_seq  INTEGER NOT NULL REFERENCES articles (seq) ON DELETE CASCADE,
    idx          INTEGER NOT NULL,                 -- findings.idx
    source_text  TEXT,                             -- text of the source span, if any
    source_kind  TEXT,
    source_actor TEXT,
    quote_type   TEXT,
    cue_text     TEXT,
    content_text TEXT NOT NULL,
    PRIMARY KEY (article_seq, idx)
) WITHOUT ROWID;

CREATE INDEX attributions_source ON attributions (source_text);

-- Claim text (attributed content and author assertions, trimmed), searchable in claims_fts.
CREATE TABLE claims (
    id          INTEGER PRIMARY KEY,
    article_seq INTEGER NOT NULL REFERENCES articles (seq) ON DELETE CASCADE,
    idx         INTEGER NOT NULL,                  -- findings.idx
    kind        TEXT NOT NULL,                     -- "attribution" | "assertion"
    text        TEXT NOT NULL,
    UNIQUE (article_seq, idx)
);

CREATE VIRTUAL TABLE claims_fts USING fts5 (
    text,
    content = 'claims', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER claims_fts_insert AFTER INSERT ON claims BEGIN
    INSERT INTO claims_fts (rowid, text) VALUES (new.id, new.text);
END;

CREATE TRIGGER claims_fts_delete AFTER DELETE ON claims BEGIN
    INSERT INTO claims_fts (claims_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;

CREATE TRIGGER findings_to_events AFTER INSERT ON findings WHEN new.kind = 'event' BEGIN
    INSERT INTO events
    SELECT new.article_seq, new.idx,
           json_extract(new.payload_json, '$.source_actor'),
           json_extract(new.payload_json, '$.target_actor'),
           json_extract(new.payload_json, '$.source_code'),
           json_extract(new.payload_json, '$.target_code'),
           new.label,
           json_extract(new.payload_json, '$.cameo_root'),
           json_extract(new.payload_json, '$.quad_class'),
           json_extract(new.payload_json, '$.goldstein'),
           json_extract(new.payload_json, '$.modality'),
           coalesce(json_extract(new.payload_json, '$.date'), a.published_date)
    FROM articles a WHERE a.seq = new.article_seq;
END;

CREATE TRIGGER findings_to_attributions AFTER INSERT ON findings
WHEN new.kind = 'attribution' BEGIN
    INSERT INTO attributions
    SELECT new.article_seq, new.idx,
           substr(a.text, json_extract(new.payload_json, '$.source.start') + 1,
                  json_extract(new.payload_json, '$.source.end')
                  - json_extract(new.payload_json, '$.source.start')),
           json_extract(new.payload_json, '$.source_kind'),
           json_extract(new.payload_json, '$.source_actor'),
           json_extract(new.payload_json, '$.quote_type'),
           substr(a.text, json_extract(new.payload_json, '$.cue.start') + 1,
                  json_extract(new.payload_json, '$.cue.end')
                  - json_extract(new.payload_json, '$.cue.start')),
           substr(a.text, json_extract(new.payload_json, '$.content.start') + 1,
                  json_extract(new.payload_json, '$.content.end')
                  - json_extract(new.payload_json, '$.content.start'))
    FROM articles a WHERE a.seq = new.article_seq;
    INSERT INTO claims (article_seq, idx, kind, text)
    SELECT new.article_seq, new.idx, new.kind,
           trim(substr(a.text, json_extract(new.payload_json, '$.content.start') + 1,
                       json_extract(new.payload_json, '$.content.end')
                       - json_extract(new.payload_json, '$.content.start')))
    FROM articles a WHERE a.seq = new.article_seq;
END;

CREATE TRIGGER findings_to_assertions AFTER INSERT ON findings
WHEN new.kind = 'assertion' BEGIN
    INSERT INTO claims (article_seq, idx, kind, text)
    SELECT new.article_seq, new.idx, new.kind,
           trim(substr(a.text, json_extract(new.evidence_json, '$[0][0]') + 1,
                       json_extract(new.evidence_json, '$[0][1]')
                       - json_extract(new.evidence_json, '$[0][0]')))
    FROM articles a WHERE a.seq = new.article_seq;
END;

-- Backfill from findings stored before this migration.
INSERT INTO events
SELECT f.article_seq, f.idx,
       json_extract(f.payload_json, '$.source_actor'),
       json_extract(f.payload_json, '$.target_actor'),
       json_extract(f.payload_json, '$.source_code'),
       json_extract(f.payload_json, '$.target_code'),
       f.label,
       json_extract(f.payload_json, '$.cameo_root'),
       json_extract(f.payload_json, '$.quad_class'),
       json_extract(f.payload_json, '$.goldstein'),
       json_extract(f.payload_json, '$.modality'),
       coalesce(json_extract(f.payload_json, '$.date'), a.published_date)
FROM findings f JOIN articles a ON a.seq = f.article_seq
WHERE f.kind = 'event';

INSERT INTO attributions
SELECT f.article_seq, f.idx,
       substr(a.text, json_extract(f.payload_json, '$.source.start') + 1,
              json_extract(f.payload_json, '$.source.end')
              - json_extract(f.payload_json, '$.source.start')),
       json_extract(f.payload_json, '$.source_kind'),
       json_extract(f.payload_json, '$.source_actor'),
       json_extract(f.payload_json, '$.quote_type'),
       substr(a.text, json_extract(f.payload_json, '$.cue.start') + 1,
              json_extract(f.payload_json, '$.cue.end')
              - json_extract(f.payload_json, '$.cue.start')),
       substr(a.text, json_extract(f.payload_json, '$.content.start') + 1,
              json_extract(f.payload_json, '$.content.end')
              - json_extract(f.payload_json, '$.content.start'))
FROM findings f JOIN articles a ON a.seq = f.article_seq
WHERE f.kind = 'attribution';

INSERT INTO claims (article_seq, idx, kind, text)
SELECT f.article_seq, f.idx, f.kind,
       trim(CASE f.kind
           WHEN 'attribution' THEN
               substr(a.text, json_extract(f.payload_json, '$.content.start') + 1,
                      json_extract(f.payload_json, '$.content.end')
                      - json_extract(f.payload_json, '$.content.start'))
           ELSE
               substr(a.text, json_extract(f.evidence_json, '$[0][0]') + 1,
                      json_extract(f.evidence_json, '$[0][1]')
                      - json_extract(f.evidence_json, '$[0][0]'))
       END)
FROM findings f JOIN articles a ON a.seq = f.article_seq
WHERE f.kind IN ('attribution', 'assertion')
ORDER BY f.article_seq, f.idx;
