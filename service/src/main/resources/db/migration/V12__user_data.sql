-- Profile fields and preferences carried over (issue 14, part 2). One row per import of one username from one course
-- server; claimed like the restore queue (FOR UPDATE SKIP LOCKED, a lease, version as the fencing token). Status codes
-- are the plugin's (tool_import_user_datas: 0 scheduled, 1 in progress, 2 performed, -1 error) plus 3 waiting-retry.
CREATE TABLE user_data_import (
    id              BIGSERIAL PRIMARY KEY,
    server          TEXT        NOT NULL,
    username        TEXT        NOT NULL CHECK (length(username) BETWEEN 1 AND 100),
    origin          TEXT        NOT NULL CHECK (origin IN ('api', 'console', 'csv', 'first-login', 'watch')),
    requested_by    TEXT,
    status          INTEGER     NOT NULL DEFAULT 0 CHECK (status IN (0, 1, 2, -1, 3)),
    next_attempt_at TIMESTAMPTZ DEFAULT now(),           -- due when <= now(); NULL once finished
    attempts        INTEGER     NOT NULL DEFAULT 0,
    claimed_by      TEXT,
    lease_until     TIMESTAMPTZ,
    version         BIGINT      NOT NULL DEFAULT 0,
    written         TEXT,                                -- the items written, e.g. "city, lang, preference htmleditor"
    warnings        TEXT,                                -- one warning a line: kept values, refused preferences, ...
    last_error      TEXT,
    error_mailed    BOOLEAN     NOT NULL DEFAULT FALSE,  -- in an admins' digest already
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    modified_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    finished_at     TIMESTAMPTZ
);
CREATE INDEX user_data_import_due ON user_data_import (next_attempt_at, id) WHERE status IN (0, 3, 1);
CREATE INDEX user_data_import_user ON user_data_import (username);
-- One unfinished import per server and username: a second ask is answered with the first.
CREATE UNIQUE INDEX user_data_import_active ON user_data_import (server, username) WHERE status IN (0, 1, 3);

CREATE TABLE user_data_event (
    id        BIGSERIAL PRIMARY KEY,
    import_id BIGINT      NOT NULL REFERENCES user_data_import (id) ON DELETE CASCADE,
    at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    step      TEXT        NOT NULL,
    outcome   TEXT        NOT NULL, -- ok, retry, waiting, error, warning, info
    message   TEXT,
    instance  TEXT
);
CREATE INDEX user_data_event_import ON user_data_event (import_id, id);

-- Per person of the new platform and item (a field, "profile_field_x", "preference:x"): the value Jouvence wrote or found
-- equal at its last import. A new-side value that differs from it was changed by someone else (kept unless overwrite).
CREATE TABLE user_data_baseline (
    username   TEXT        NOT NULL,
    item       TEXT        NOT NULL,
    value      TEXT        NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (username, item)
);

-- The watch of new users on the new platform: the high-water mark ({prefix}user.timecreated, id), one row.
CREATE TABLE user_data_watch (
    id               TEXT PRIMARY KEY CHECK (id = 'watch'),
    last_timecreated BIGINT      NOT NULL,
    last_user_id     BIGINT      NOT NULL,
    looked_at        TIMESTAMPTZ NOT NULL DEFAULT now()
);
