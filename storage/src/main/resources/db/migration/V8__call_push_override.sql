-- Whether Parley pushes calls on its own to callees with no chat connection (docs/push.md), per application:
-- true or false override the server's parley.push.call-push; null follows it.
ALTER TABLE push_credentials ADD COLUMN call_push BOOLEAN;
