-- Collaborative folders, jouvence.folders.identity=oauth (issue 13): the cloud account each participant authorised on
-- the participants' page (the OAuth 2 flow's user_id), one per Moodle user of the new platform, by username (unique
-- there; the web session knows it). The reconcile shares a participant's folders with this account; one who never
-- authorised is not shared (their share waits in state 'awaiting-connect'). Never a token: the participant's token
-- lives only in their server-side web session.
CREATE TABLE cloud_account (
    moodle_username  TEXT PRIMARY KEY,
    cloud_user_id    TEXT        NOT NULL,
    authorised_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- the account recorded before, when a later authorisation was another one (the page warns)
    previous_cloud_user_id TEXT
);

-- 'awaiting-connect': identity=oauth and the participant has not connected their cloud yet (no call, not an error).
ALTER TABLE cloud_share DROP CONSTRAINT cloud_share_state_check;
ALTER TABLE cloud_share ADD CONSTRAINT cloud_share_state_check
    CHECK (state IN ('pending', 'shared', 'revoked', 'kept', 'error', 'awaiting-connect'));
