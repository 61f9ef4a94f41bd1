-- The cloud system account's OAuth 2 tokens (jouvence.folders.cloud.oauth.refresh-token), shared by the replicas: the
-- cloud replaces the refresh token at every refresh, so the rotated one is kept here, and the row is locked (FOR UPDATE)
-- while one replica refreshes, so that no two refreshes spend the same token. Both tokens are encrypted (AES-GCM, with
-- a key derived from jouvence.folders.cloud.oauth.client-secret, which using them needs anyway); never logged.
CREATE TABLE cloud_token (
    id            TEXT PRIMARY KEY CHECK (id = 'system'),
    -- SHA-256 (hex) of the configured refresh token these tokens descend from: another configured one replaces them
    origin_sha256 TEXT        NOT NULL,
    refresh_token TEXT,                   -- encrypted, base64 (IV and ciphertext)
    access_token  TEXT,                   -- encrypted, base64
    user_id       TEXT,
    expires_at    TIMESTAMPTZ,            -- of the access token, less a safety margin
    refreshed_at  TIMESTAMPTZ,
    refreshed_by  TEXT                    -- the instance that refreshed last
);
