-- Parity with the plugin (issue "Parity with the Moodle plugin, and the bridge to its queue table").

-- Where a request came from: api, admin, csv, block (the Moodle block's own queue table), and its reference there
-- (the block row id, the CSV file and line).
ALTER TABLE restore_request ADD COLUMN source TEXT NOT NULL DEFAULT 'api';
ALTER TABLE restore_request ADD COLUMN external_ref TEXT;
-- When the outcome was written back to the source (the block's queue row).
ALTER TABLE restore_request ADD COLUMN written_back_at TIMESTAMPTZ;
-- The plugin's onlyoneremoteinstance, as it was when the request was made: a remote course may be restored once.
ALTER TABLE restore_request ADD COLUMN one_instance BOOLEAN NOT NULL DEFAULT TRUE;

-- Enforced by the database, so two simultaneous submissions cannot both pass: one active or performed request per
-- remote course (when onlyoneremoteinstance was on).
CREATE UNIQUE INDEX restore_request_one_instance
    ON restore_request (server_id, remote_course_id)
    WHERE one_instance AND status IN (0, 1, 2, 3);

CREATE INDEX restore_request_source ON restore_request (source, external_ref);
CREATE INDEX restore_request_write_back ON restore_request (source) WHERE written_back_at IS NULL AND status IN (-1, 2, 4);
