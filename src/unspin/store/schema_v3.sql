-- unspin store, migration 3: running totals and the recurring-claim index, so corpus-wide
-- rankings read a few thousand summary rows instead of every actor or claim of the store.
-- Never edit after release: add a migration.

-- Actors pooled across articles (by gazetteer id, else by kind and name), per outlet
-- ('' for articles without one). Kept by a trigger in the same transaction as the actor row.
CREATE TABLE actor_totals (
    actor_key    TEXT NOT NULL,
    outlet       TEXT NOT NULL,
    name         TEXT NOT NULL,                    -- the smallest name seen, as min() would
    kind         TEXT NOT NULL,
    gazetteer_id TEXT,
    mentions     INTEGER NOT NULL,
    articles     INTEGER NOT NULL,
    actor_rows   INTEGER NOT NULL,                 -- article-local actors pooled here
    salience_sum REAL NOT NULL,
    first_seen   TEXT,                             -- earliest and latest published_date
    last_seen    TEXT,
    PRIMARY KEY (actor_key, outlet)
) WITHOUT ROWID;

CREATE INDEX actor_totals_outlet ON actor_totals (outlet, mentions);

CREATE TRIGGER actors_to_totals AFTER INSERT ON actors BEGIN
    INSERT INTO actor_totals
    SELECT coalesce(new.gazetteer_id, new.kind || char(31) || new.name),
           coalesce(a.outlet, ''), new.name, new.kind, new.gazetteer_id, new.n_mentions,
           NOT EXISTS (
               SELECT 1 FROM actors x
               WHERE x.article_seq = new.article_seq AND x.actor_id <> new.actor_id
                 AND coalesce(x.gazetteer_id, x.kind || char(31) || x.name)
                     = coalesce(new.gazetteer_id, new.kind || char(31) || new.name)
           ),
           1, new.salience, a.published_date, a.published_date
    FROM articles a WHERE a.seq = new.article_seq
    ON CONFLICT (actor_key, outlet) DO UPDATE SET
        name = min(name, excluded.name),
        kind = min(kind, excluded.kind),
        mentions = mentions + excluded.mentions,
        articles = articles + excluded.articles,
        actor_rows = actor_rows + 1,
        salience_sum = salience_sum + excluded.salience_sum,
        first_seen = CASE WHEN first_seen IS NULL OR excluded.first_seen < first_seen
                          THEN coalesce(excluded.first_seen, first_seen) ELSE first_seen END,
        last_seen = CASE WHEN last_seen IS NULL OR excluded.last_seen > last_seen
                         THEN coalesce(excluded.last_seen, last_seen) ELSE last_seen END;
END;

INSERT INTO actor_totals
SELECT actor_key, outlet, min(name), min(kind), max(gazetteer_id), sum(n_mentions),
       count(DISTINCT article_seq), count(*), sum(salience), min(published_date),
       max(published_date)
FROM (
    SELECT coalesce(ac.gazetteer_id, ac.kind || char(31) || ac.name) AS actor_key,
           coalesce(a.outlet, '') AS outlet, ac.name, ac.kind, ac.gazetteer_id,
           ac.n_mentions, ac.article_seq, ac.salience, a.published_date
    FROM actors ac JOIN articles a ON a.seq = ac.article_seq
)
GROUP BY actor_key, outlet;

-- Cited sources pooled per outlet ('' for none): by the source's lower-cased text, or by its
-- kind when the attribution names no source span. Kept by a trigger on attributions.
CREATE TABLE source_totals (
    outlet       TEXT NOT NULL,
    source_key   TEXT NOT NULL,
    source_text  TEXT,                             -- the smallest spelling seen
    source_kind  TEXT,
    attributions INTEGER NOT NULL,
    articles     INTEGER NOT NULL,
    PRIMARY KEY (outlet, source_key)
) WITHOUT ROWID;

CREATE INDEX source_totals_count ON source_totals (attributions);

CREATE TRIGGER attributions_to_source_totals AFTER INSERT ON attributions BEGIN
    INSERT INTO source_totals
    SELECT coalesce(a.outlet, ''),
           coalesce(lower(trim(new.source_text)), char(31) || coalesce(new.source_kind, '')),
           new.source_text, new.source_kind, 1,
           NOT EXISTS (
               SELECT 1 FROM attributions x
               WHERE x.article_seq = new.article_seq AND x.idx <> new.idx
                 AND coalesce(lower(trim(x.source_text)), char(31) || coalesce(x.source_kind, ''))
                     = coalesce(lower(trim(new.source_text)),
                                char(31) || coalesce(new.source_kind, ''))
           )
    FROM articles a WHERE a.seq = new.article_seq
    ON CONFLICT (outlet, source_key) DO UPDATE SET
        source_text = CASE WHEN source_text IS NULL THEN excluded.source_text
                           WHEN excluded.source_text IS NULL THEN source_text
                           ELSE min(source_text, excluded.source_text) END,
        source_kind = CASE WHEN source_kind IS NULL THEN excluded.source_kind
                           WHEN excluded.source_kind IS NULL THEN source_kind
                           ELSE min(source_kind, excluded.source_kind) END,
        attributions = attributions + 1,
        articles = articles + excluded.articles;
END;

INSERT INTO source_totals
SELECT coalesce(a.outlet, ''),
       coalesce(lower(trim(t.source_text)), char(31) || coalesce(t.source_kind, '')),
       min(t.source_text), min(t.source_kind), count(*), count(DISTINCT t.article_seq)
FROM attributions t JOIN articles a ON a.seq = t.article_seq
GROUP BY 1, 2;

-- Recurring claims (unspin.store.claim_index keeps these; claims are indexed after they
-- commit, in id order). Every indexed claim belongs to the group of the first indexed claim
-- it matches; only each group's first claim (its root) is looked up, by its LSH band keys
-- and its normalised-text key.
CREATE TABLE claim_groups (
    claim_id    INTEGER PRIMARY KEY REFERENCES claims (id) ON DELETE CASCADE,
    root_id     INTEGER NOT NULL,
    article_seq INTEGER NOT NULL
);

CREATE INDEX claim_groups_root ON claim_groups (root_id, article_seq);

CREATE TABLE claim_keys (
    key     INTEGER NOT NULL,
    root_id INTEGER NOT NULL,
    PRIMARY KEY (key, root_id)
) WITHOUT ROWID;

-- Only groups found in two or more articles: their size and where they first appeared
-- (earliest publication date, undated last, then the lowest article seq).
CREATE TABLE claim_recurring (
    root_id         INTEGER PRIMARY KEY,
    claims          INTEGER NOT NULL,
    articles        INTEGER NOT NULL,
    first_claim_id  INTEGER NOT NULL,
    first_seq       INTEGER NOT NULL,
    first_published TEXT
);

CREATE INDEX claim_recurring_first ON claim_recurring (
    first_published IS NULL, first_published, first_seq, first_claim_id
);

CREATE TABLE claim_recurring_outlets (
    root_id         INTEGER NOT NULL,
    outlet          TEXT NOT NULL,
    first_seq       INTEGER NOT NULL,
    first_published TEXT,
    PRIMARY KEY (root_id, outlet)
) WITHOUT ROWID;

-- Claims up to this id have been indexed (short ones are skipped, not grouped).
CREATE TABLE claim_index_state (
    last_claim_id INTEGER NOT NULL
);

INSERT INTO claim_index_state (last_claim_id) VALUES (0);
