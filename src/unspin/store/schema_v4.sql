-- unspin store, migration 4: the near-duplicate index's LSH buckets live in the store, so an
-- ingest's memory stays flat however many articles the store holds.
-- Never edit after release: add a migration.

-- One row per band of each article's MinHash signature (12 bands of 5 rows; the last 4 of the
-- 64 rows are in no band). The bucket is the band's slice of the stored signature (5 uint32
-- little-endian = 20 bytes): articles sharing a bucket in any band are the candidates a new
-- article's signature is compared with.
CREATE TABLE minhash_bands (
    band        INTEGER NOT NULL,
    bucket      BLOB NOT NULL,
    article_seq INTEGER NOT NULL REFERENCES articles (seq) ON DELETE CASCADE,
    PRIMARY KEY (band, bucket, article_seq)
) WITHOUT ROWID;

-- Backfill from the signatures stored before this migration.
WITH RECURSIVE bands (band) AS (SELECT 0 UNION ALL SELECT band + 1 FROM bands WHERE band < 11)
INSERT INTO minhash_bands (band, bucket, article_seq)
SELECT b.band, substr(m.signature, b.band * 20 + 1, 20), m.article_seq
FROM minhashes m, bands b
WHERE length(m.signature) = 256
ORDER BY b.band, 2, m.article_seq;
