-- unspin store, migration 5: findings counted per kind, label and outlet as articles arrive
-- (and a covering index for events between two actors),
-- so technique (and any finding) statistics by outlet read a few hundred rows, not every
-- finding of the store. Never edit after release: add a migration.

-- Kept by unspin.store.repository in the transaction that stores the article's findings.
CREATE TABLE finding_totals (
    kind     TEXT NOT NULL,
    label    TEXT NOT NULL,
    outlet   TEXT NOT NULL,                        -- '' for articles without one
    findings INTEGER NOT NULL,
    articles INTEGER NOT NULL,                     -- articles with at least one such finding
    PRIMARY KEY (kind, label, outlet)
) WITHOUT ROWID;

-- Backfill from the findings stored before this migration.
INSERT INTO finding_totals (kind, label, outlet, findings, articles)
SELECT f.kind, f.label, coalesce(a.outlet, ''), count(*), count(DISTINCT f.article_seq)
FROM findings f JOIN articles a ON a.seq = f.article_seq
GROUP BY f.kind, f.label, coalesce(a.outlet, '');

-- Events between two actors by period read only this index (no row lookups): it carries the
-- QuadClass and Goldstein score the aggregate needs.
DROP INDEX events_pair_date;
CREATE INDEX events_pair_date ON events (source_code, target_code, event_date, quad_class, goldstein);
