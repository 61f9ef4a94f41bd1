-- Collaborative folders, the participants' page (issue 13 item 4): who pressed "Add to my cloud" for a folder set
-- (jouvence.folders.share-mode=opt-in shares only them), and which cloud account each one authorised when naming
-- their copy (a later authorisation by another account is warned about on the page). No token is ever stored here:
-- the participant's OAuth token lives only in their server-side web session.
CREATE TABLE folder_opt_in (
    folder_set_id         BIGINT      NOT NULL REFERENCES folder_set (id) ON DELETE CASCADE,
    moodle_user_id        BIGINT      NOT NULL,
    moodle_username       TEXT        NOT NULL,
    authorised_cloud_user TEXT,
    mount_name            TEXT,
    opted_in_at           TIMESTAMPTZ NOT NULL DEFAULT now(),
    modified_at           TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (folder_set_id, moodle_user_id)
);
