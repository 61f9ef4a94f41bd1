-- The claim takes the oldest due request of a server (ORDER BY created_at, id LIMIT 1). Without an index in that order
-- PostgreSQL read and sorted every queued request of the server at each claim: 5 to 8 ms per claim with 10 000 queued,
-- against well under 1 ms with this index (bench/README.md, overhead benchmark).
CREATE INDEX restore_request_claim_order ON restore_request (server_id, created_at, id) WHERE status IN (0, 3);
