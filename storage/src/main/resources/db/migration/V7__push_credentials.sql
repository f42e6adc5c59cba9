-- Each application's push provider credentials (docs/push.md), set by the operator with `parley app push` and
-- never returned by any API: the APNs token key (.p8, PEM) with its key id, team id, bundle id and gateway;
-- the FCM service account (its JSON key file); the VAPID key pair of Web Push (RFC 8292), made on first use.
CREATE TABLE push_credentials (
    application_id      BIGINT                   NOT NULL PRIMARY KEY REFERENCES applications (id) ON DELETE CASCADE,
    apns_key            VARCHAR(8192),
    apns_key_id         VARCHAR(10),
    apns_team_id        VARCHAR(10),
    apns_bundle_id      VARCHAR(255),
    apns_sandbox        BOOLEAN,
    fcm_service_account VARCHAR(16384),
    vapid_public_key    VARCHAR(128),
    vapid_private_key   VARCHAR(512),
    vapid_subject       VARCHAR(255),
    updated_at          TIMESTAMP WITH TIME ZONE NOT NULL
);
