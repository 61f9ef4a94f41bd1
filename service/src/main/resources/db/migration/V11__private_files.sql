-- Private files carried over (issue 14). One request per person and course server: the old platform zips the person's
-- private files, Jouvence stages and checks the zip, then puts each file into the person's private files on the new
-- platform with the person's own token. Claimed like the restore queue (FOR UPDATE SKIP LOCKED, a lease, version as
-- the fencing token). The person's token is never copied here: the request names their web session, which holds it.
CREATE TABLE private_files_request (
    id              BIGSERIAL PRIMARY KEY,
    server_id       TEXT        NOT NULL,
    username        TEXT        NOT NULL,  -- the web session's, as the new platform's site info said at login
    -- The session whose token puts the files; NULL once it ended (the request then waits for the next login).
    web_session     TEXT        REFERENCES web_session (id_hash) ON DELETE SET NULL,
    lang            TEXT        NOT NULL DEFAULT 'en',
    -- 0 scheduled, 1 in progress, 2 performed, -1 error, 3 waiting for the person to log in again
    state           SMALLINT    NOT NULL DEFAULT 0 CHECK (state IN (-1, 0, 1, 2, 3)),
    next_attempt_at TIMESTAMPTZ DEFAULT now(),
    attempts        INTEGER     NOT NULL DEFAULT 0,
    claimed_by      TEXT,
    lease_until     TIMESTAMPTZ,
    version         BIGINT      NOT NULL DEFAULT 0,
    summary         TEXT,                  -- the outcome in words (what was copied, renamed, skipped, did not fit)
    last_error      TEXT,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    modified_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    finished_at     TIMESTAMPTZ
);
CREATE INDEX private_files_request_due ON private_files_request (next_attempt_at, id) WHERE state IN (0, 1);
-- One open request per person and server: a second press of the button finds the first.
CREATE UNIQUE INDEX private_files_request_open ON private_files_request (server_id, username) WHERE state IN (0, 1, 3);
CREATE INDEX private_files_request_user ON private_files_request (username, id);

-- Each file of the zip as it was put: a request resumed after a crash does not copy a file twice.
CREATE TABLE private_files_item (
    request_id  BIGINT      NOT NULL REFERENCES private_files_request (id) ON DELETE CASCADE,
    path        TEXT        NOT NULL,  -- in the zip: /folder/name
    size        BIGINT      NOT NULL,
    outcome     TEXT        NOT NULL CHECK (outcome IN ('copied', 'renamed', 'skipped', 'not-fitting')),
    final_path  TEXT,                  -- where it landed (renamed: "report (2).pdf")
    at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (request_id, path)
);

-- The trail of every request: intake, claims, the zip, the checks, the put, outcomes.
CREATE TABLE private_files_event (
    id          BIGSERIAL PRIMARY KEY,
    request_id  BIGINT      NOT NULL REFERENCES private_files_request (id) ON DELETE CASCADE,
    at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    step        TEXT        NOT NULL,
    outcome     TEXT        NOT NULL, -- ok, retry, waiting, error, info
    message     TEXT,
    instance    TEXT
);
CREATE INDEX private_files_event_request ON private_files_event (request_id, id);

-- A course server whose block token or service is wrong, as every replica sees it: the private-files requests of that
-- server wait without spending attempts; the replica whose update marks it down mails the admins, once per outage.
CREATE TABLE private_files_server (
    server_id  TEXT PRIMARY KEY,
    down       BOOLEAN     NOT NULL,
    message    TEXT,
    since      TIMESTAMPTZ NOT NULL DEFAULT now()
);
