-- Collaborative folders, jouvence.folders.identity=oauth (issue 13): "Reset" by a participant who connected another
-- cloud account after their folder was shared asks the next reconcile to move the share: the share Jouvence made for
-- the old account is revoked (only it) and the folder shared with the account now connected (the record then holds
-- the new cloud user and share id, one per folder and user as before). Set by Reset; the reconcile that moves the
-- share (or finds nothing to move) clears it; a revoke the cloud refused leaves it set, tried again.
ALTER TABLE cloud_share ADD COLUMN move_asked BOOLEAN NOT NULL DEFAULT FALSE;
