-- The mail outbox: every mail is a row first, sent by whichever replica claims it (FOR UPDATE SKIP LOCKED, as the
-- restore queue), retried with exponential back-off while SMTP refuses, and kept: sent, or failed after the last try.
-- A claimed row is not due again until its lease (next_attempt_at) ends: a replica that died while sending leaves it
-- to the others then. Each claim moves version on; the sender's "sent" and "failed" writes carry it.
CREATE TABLE mail_outbox (
    id              bigserial PRIMARY KEY,
    state           text        NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed')),
    recipient       text        NOT NULL,
    subject         text        NOT NULL,
    body            text        NOT NULL,
    request_id      bigint,
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    claimed_by      text,
    version         bigint      NOT NULL DEFAULT 0,
    last_error      text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    sent_at         timestamptz,
    modified_at     timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at, id) WHERE state = 'pending';
CREATE INDEX mail_outbox_state ON mail_outbox (state, modified_at);
