-- Meetings (docs/protocol.md section 2.3): the REST objects that name conference rooms and say who may join them.
-- Written in the SQL that H2 2.x and PostgreSQL share. Ids are 24 lowercase hex characters of random bits,
-- unique across the server; every query is scoped by application all the same. Start and end are the
-- wire's Unix seconds. A host's meetings, and a user's places on attendee lists, go with the user.
CREATE TABLE meetings (
    id                   VARCHAR(24)              NOT NULL PRIMARY KEY,
    application_id       BIGINT                   NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    host_id              BIGINT                   NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name                 VARCHAR(200)             NOT NULL,
    start_date           BIGINT                   NOT NULL,
    end_date             BIGINT                   NOT NULL,
    record               BOOLEAN,
    is_public            BOOLEAN                  NOT NULL,
    scheduled            BOOLEAN                  NOT NULL,
    notify               BOOLEAN                  NOT NULL,
    notify_before_metric VARCHAR(10),
    notify_before_value  INTEGER,
    timezone_offset      INTEGER,
    timezone_name        VARCHAR(64),
    created_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT ck_meetings_end_after_start CHECK (end_date > start_date)
);

CREATE INDEX ix_meetings_host ON meetings (host_id);

-- Attendees in the order given. One named by id or e-mail, or both; email_lc matches users' email_lc.
CREATE TABLE meeting_attendees (
    meeting_id VARCHAR(24)  NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    seq        INTEGER      NOT NULL,
    user_id    BIGINT       REFERENCES users (id) ON DELETE CASCADE,
    email      VARCHAR(255),
    email_lc   VARCHAR(255),
    PRIMARY KEY (meeting_id, seq),
    CONSTRAINT ck_meeting_attendees_named CHECK (user_id IS NOT NULL OR email IS NOT NULL)
);

CREATE INDEX ix_meeting_attendees_user ON meeting_attendees (user_id);
CREATE INDEX ix_meeting_attendees_email ON meeting_attendees (email_lc);
