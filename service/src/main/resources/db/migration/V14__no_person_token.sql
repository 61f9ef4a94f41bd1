-- Issue 14: the person's own Moodle token is never stored in the database. It is held in the memory of the replica
-- that served the login (jouvence.web.PersonTokens); a private-files request records which replica holds it.
ALTER TABLE web_session DROP COLUMN moodle_token;

ALTER TABLE private_files_request ADD COLUMN token_holder TEXT; -- instance id of the replica holding the token

-- Requests queued before this version have no holder: any replica may take them, and at the put step (no token in
-- its memory) they wait for the person's next login.
