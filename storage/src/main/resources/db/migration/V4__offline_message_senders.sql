-- Who sent each offline message, so that what one sender may have stored is capped (issue 10). Messages
-- stored before have no sender and count against none.
ALTER TABLE offline_messages ADD COLUMN sender_id BIGINT;

CREATE INDEX ix_offline_messages_sender ON offline_messages (sender_id);
