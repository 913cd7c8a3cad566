-- +goose Up
-- Per-role session policy (issue 10): a role's overrides of its account's policy, one row per
-- account and role. A NULL column inherits the account's value; a duration's value and unit are
-- set or inherited together. Saved with the account's row, in its transaction, under its version.
CREATE TABLE role_session_policies (
  account_id                text NOT NULL REFERENCES accounts (id),
  role                      text NOT NULL,
  limit_multiple_sessions   boolean,
  max_concurrent_sessions   integer,
  when_limit_reached        text,
  idle_timeout_enabled      boolean,
  idle_timeout_value        integer,
  idle_timeout_unit         text,
  absolute_lifetime_enabled boolean,
  absolute_lifetime_value   integer,
  absolute_lifetime_unit    text,
  PRIMARY KEY (account_id, role)
);
-- The reaper narrows an account's candidates to the users of the roles that share a cut-off
-- (store.ReapIdle): this finds them without reading the account's other users.
CREATE INDEX users_account_role ON users (account_id, role, id);

-- +goose Down
DROP INDEX users_account_role;
DROP TABLE role_session_policies;
