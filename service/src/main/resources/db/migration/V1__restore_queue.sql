-- The restore queue. One row per request to carry one course from a course server (old Moodle)
-- to the course client (new Moodle). Mirrors the plugin's table block_external_backuprestore
-- (column named in the comment) and adds what the plugin lacks: attempts, back-off, claim lease,
-- the last error, and the facts read from the archive.
CREATE TABLE restore_request (
    id                     BIGSERIAL PRIMARY KEY,
    -- Plugin codes kept: 0 scheduled, 1 in progress, 2 performed, -1 error.
    -- Added: 3 waiting for retry, 4 cancelled.
    status                 SMALLINT    NOT NULL DEFAULT 0 CHECK (status IN (-1, 0, 1, 2, 3, 4)),
    server_id              TEXT        NOT NULL,              -- externalmoodleurl (a configured server id, never a URL)
    remote_course_id       BIGINT      NOT NULL CHECK (remote_course_id > 0), -- externalcourseid
    remote_course_name     TEXT,                              -- externalcoursename
    requester_username     TEXT,                              -- the plugin only had userid; NULL = restored for nobody
    requester_userid       BIGINT,                            -- userid (on the new Moodle, resolved when finishing)
    scheduled_by           TEXT        NOT NULL,              -- who queued it (API client, admin, teacher)
    category               TEXT        NOT NULL DEFAULT 'default', -- as asked: 'default', 'original' or a category id
    target_category_id     BIGINT,                            -- internalcategory, resolved before the restore
    with_user_data         BOOLEAN     NOT NULL DEFAULT FALSE,-- withuserdatas
    enrolment_mode         SMALLINT    NOT NULL DEFAULT 2 CHECK (enrolment_mode IN (0, 1, 2)), -- enrolmentmode
    restored_course_id     BIGINT,                            -- courseid
    step                   TEXT,                              -- the step in progress or last reached
    attempts               INTEGER     NOT NULL DEFAULT 0,
    next_attempt_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    claimed_by             TEXT,
    lease_until            TIMESTAMPTZ,
    version                BIGINT      NOT NULL DEFAULT 0,
    last_error_step        TEXT,
    last_error_code        TEXT,
    last_error_message     TEXT,
    warnings               TEXT[]      NOT NULL DEFAULT '{}',
    archive_path           TEXT,
    archive_bytes          BIGINT,
    archive_fullname       TEXT,
    archive_shortname      TEXT,
    archive_release        TEXT,
    archive_includes_users BOOLEAN,
    created_at             TIMESTAMPTZ NOT NULL DEFAULT now(), -- timecreated
    modified_at            TIMESTAMPTZ NOT NULL DEFAULT now(), -- timemodified
    processed_at           TIMESTAMPTZ                         -- timescheduleprocessed
);

-- Due work, oldest first (the plugin's order), for the claim.
CREATE INDEX restore_request_due ON restore_request (server_id, next_attempt_at, created_at) WHERE status IN (0, 3);
-- Leases to sweep.
CREATE INDEX restore_request_lease ON restore_request (lease_until) WHERE status = 1;
CREATE INDEX restore_request_requester ON restore_request (requester_username);
-- One active request per requester and remote course: a second submission is a 409, even when two race.
CREATE UNIQUE INDEX restore_request_one_active
    ON restore_request (server_id, remote_course_id, COALESCE(requester_username, ''))
    WHERE status IN (0, 1, 3);

-- The audit trail: every step of every request.
CREATE TABLE request_event (
    id          BIGSERIAL PRIMARY KEY,
    request_id  BIGINT      NOT NULL REFERENCES restore_request (id) ON DELETE CASCADE,
    at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    step        TEXT        NOT NULL,
    outcome     TEXT        NOT NULL, -- ok, retry, error, waiting, info
    duration_ms BIGINT,
    message     TEXT,
    instance    TEXT
);
CREATE INDEX request_event_request ON request_event (request_id, id);

-- What we know of each configured Moodle, shared by all replicas: a server marked down is skipped by
-- the claim, and admins are mailed once per outage (the replica whose update flips the state mails).
CREATE TABLE moodle_health (
    site_id     TEXT PRIMARY KEY,
    state       TEXT        NOT NULL DEFAULT 'up' CHECK (state IN ('up', 'down')),
    error_code  TEXT,
    message     TEXT,
    since       TIMESTAMPTZ NOT NULL DEFAULT now(),
    checked_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
