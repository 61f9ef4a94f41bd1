-- The web pages (issue "The teachers' page and the admins' console, with Moodle login"): sessions and login attempts
-- live in the database so that every replica sees them.

-- One row per logged-in browser. The cookie holds a random 256-bit id; only its SHA-256 is stored here, so reading this
-- table does not give a usable cookie. The user's Moodle token (from login/token.php) is kept here and nowhere else.
CREATE TABLE web_session (
    id_hash      TEXT PRIMARY KEY,                 -- hex SHA-256 of the cookie value
    username     TEXT        NOT NULL,             -- as the new platform's site info says
    moodle_token TEXT        NOT NULL,             -- the user's own web-service token; never logged or shown
    admin        BOOLEAN     NOT NULL DEFAULT FALSE,
    csrf         TEXT        NOT NULL,             -- the token every form of this session carries
    lang         TEXT        NOT NULL DEFAULT 'en',
    flash        TEXT,                             -- a message to show once, on the next page
    flash_kind   TEXT,                             -- info or error
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_seen    TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX web_session_last_seen ON web_session (last_seen);

-- Failed logins, by key ("user:<username>" or "ip:<address>"), for the rate limit; old rows are purged on each login.
CREATE TABLE web_login_failure (
    id  BIGSERIAL PRIMARY KEY,
    key TEXT        NOT NULL,
    at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX web_login_failure_key ON web_login_failure (key, at);
