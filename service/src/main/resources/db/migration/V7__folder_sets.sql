-- Collaborative folders (issue 13). A folder set is one activity of one course on the new platform: its folders in the
-- cloud (the set's parent and one per group), the shares of each with Moodle users, and its trail. Claimed for reconcile
-- like the restore queue (FOR UPDATE SKIP LOCKED, a lease, version as the fencing token).
CREATE TABLE folder_set (
    id                 BIGSERIAL PRIMARY KEY,
    course_id          BIGINT      NOT NULL CHECK (course_id > 1),        -- collaborativefolders.course
    cmid               BIGINT UNIQUE,                                     -- the plugin's activity (bridge), else NULL
    name               TEXT        NOT NULL CHECK (length(name) BETWEEN 1 AND 255), -- collaborativefolders.name
    group_mode         TEXT        NOT NULL CHECK (group_mode IN ('none', 'groups')),
    grouping_id        BIGINT CHECK (grouping_id > 0),                    -- course_modules.groupingid (NULL: all groups)
    teacher_access     BOOLEAN     NOT NULL DEFAULT FALSE,                -- collaborativefolders.teacher
    origin             TEXT        NOT NULL CHECK (origin IN ('api', 'page', 'bridge')),
    created_by         TEXT        NOT NULL,
    -- false once DELETEd: no more reconciles; its folders are never deleted, its shares stay as they are.
    managed            BOOLEAN     NOT NULL DEFAULT TRUE,
    -- pending (never reconciled), reconciling (claimed), ready, partial (some folders or shares in error),
    -- waiting (a transient fault or the cloud down: due again later), failed (attempts spent), stopped (not managed).
    state              TEXT        NOT NULL DEFAULT 'pending'
        CHECK (state IN ('pending', 'reconciling', 'ready', 'partial', 'waiting', 'failed', 'stopped')),
    -- Due when next_attempt_at <= now(); NULL: settled, due again at the next scheduled reconcile.
    next_attempt_at    TIMESTAMPTZ DEFAULT now(),
    attempts           INTEGER     NOT NULL DEFAULT 0,
    claimed_by         TEXT,
    lease_until        TIMESTAMPTZ,
    version            BIGINT      NOT NULL DEFAULT 0,
    last_error         TEXT,
    last_reconciled_at TIMESTAMPTZ,
    created_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    modified_at        TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX folder_set_due ON folder_set (next_attempt_at, id) WHERE managed;
CREATE INDEX folder_set_course ON folder_set (course_id);
-- One managed set of a given name per course for the sets Jouvence owns (the bridge's are unique by cmid): a second
-- POST is a 409 naming the first, even when two race.
CREATE UNIQUE INDEX folder_set_course_name ON folder_set (course_id, lower(name)) WHERE cmid IS NULL AND managed;

-- The folders Jouvence made (or adopted) in the system account: the set's parent (group_id NULL) and one per group.
CREATE TABLE cloud_folder (
    id            BIGSERIAL PRIMARY KEY,
    folder_set_id BIGINT      NOT NULL REFERENCES folder_set (id) ON DELETE CASCADE,
    kind          TEXT        NOT NULL CHECK (kind IN ('parent', 'group')),
    group_id      BIGINT,
    group_name    TEXT,
    path          TEXT        NOT NULL,   -- relative to the system account's files root, no leading slash
    file_id       BIGINT,                 -- oc:fileid: survives MOVEs, so a rename is found by it
    state         TEXT        NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'ready', 'error')),
    wanted        BOOLEAN     NOT NULL DEFAULT TRUE, -- false once its group is gone: the folder is kept, never deleted
    error         TEXT,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    modified_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK ((kind = 'parent') = (group_id IS NULL))
);
CREATE UNIQUE INDEX cloud_folder_one ON cloud_folder (folder_set_id, kind, COALESCE(group_id, 0));

-- The user shares of those folders: one per (folder, Moodle user), enforced here (the plugin's link table is not).
CREATE TABLE cloud_share (
    id             BIGSERIAL PRIMARY KEY,
    folder_id      BIGINT      NOT NULL REFERENCES cloud_folder (id) ON DELETE CASCADE,
    moodle_user_id BIGINT      NOT NULL,
    moodle_username TEXT,
    cloud_user_id  TEXT,                  -- collaborativefolders_link.owncloudusername
    share_id       BIGINT,
    permissions    INTEGER,               -- as granted (the cloud may clamp what was asked)
    -- pending, shared, revoked (left, jouvence.folders.on-leave=revoke), kept (left, on-leave=keep), error
    state          TEXT        NOT NULL DEFAULT 'pending'
        CHECK (state IN ('pending', 'shared', 'revoked', 'kept', 'error')),
    error          TEXT,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    modified_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (folder_id, moodle_user_id)
);

-- The trail of every folder set: intake, claims, plans, each folder and share, outcomes.
CREATE TABLE folder_event (
    id            BIGSERIAL PRIMARY KEY,
    folder_set_id BIGINT      NOT NULL REFERENCES folder_set (id) ON DELETE CASCADE,
    at            TIMESTAMPTZ NOT NULL DEFAULT now(),
    step          TEXT        NOT NULL,
    outcome       TEXT        NOT NULL, -- ok, retry, waiting, error, info
    message       TEXT,
    instance      TEXT
);
CREATE INDEX folder_event_set ON folder_event (folder_set_id, id);

-- The cloud as every replica sees it: down while the system account's credentials are refused (sets wait without
-- spending attempts; the replica whose update flips the state tells the admins, once per outage).
CREATE TABLE cloud_health (
    id         TEXT PRIMARY KEY CHECK (id = 'cloud'),
    state      TEXT        NOT NULL CHECK (state IN ('up', 'down')),
    message    TEXT,
    since      TIMESTAMPTZ NOT NULL DEFAULT now()
);
