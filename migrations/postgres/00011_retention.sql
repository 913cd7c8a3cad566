-- +goose Up
-- How long each account keeps terminated sessions and audit entries (issue 11); the purge
-- (store/purge.go) deletes older ones in bounded batches.
ALTER TABLE accounts ADD COLUMN session_retention_days integer NOT NULL DEFAULT 90;
ALTER TABLE accounts ADD COLUMN audit_retention_days integer NOT NULL DEFAULT 365;
-- A pass that finds nothing reads the shortest retention and the oldest row: one probe each.
CREATE INDEX accounts_session_retention ON accounts (session_retention_days);
CREATE INDEX accounts_audit_retention ON accounts (audit_retention_days);
CREATE INDEX sessions_terminated_ended ON sessions (ended_at) WHERE status = 'TERMINATED';
CREATE INDEX sessions_account_terminated_ended ON sessions (account_id, ended_at) WHERE status = 'TERMINATED';
CREATE INDEX audit_events_occurred ON audit_events (occurred_at);

-- +goose Down
DROP INDEX audit_events_occurred;
DROP INDEX sessions_account_terminated_ended;
DROP INDEX sessions_terminated_ended;
DROP INDEX accounts_audit_retention;
DROP INDEX accounts_session_retention;
ALTER TABLE accounts DROP COLUMN audit_retention_days;
ALTER TABLE accounts DROP COLUMN session_retention_days;
