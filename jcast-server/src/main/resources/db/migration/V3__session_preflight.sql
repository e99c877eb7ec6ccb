-- The pre-flight's verdict (ok, warn or fail) and its findings, written when a node claims the session.
ALTER TABLE sessions ADD COLUMN preflight_status VARCHAR(8);
ALTER TABLE sessions ADD COLUMN preflight_detail VARCHAR(4000);
