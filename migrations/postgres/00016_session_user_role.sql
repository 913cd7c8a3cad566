-- +goose Up
-- The request check reads one row, without a join (issue 9: the join to users cost the hot path
-- about a tenth of its throughput): an active session carries its user's role. The database
-- keeps it true whatever inserts the row: a session takes its user's role as it is inserted,
-- and a role change reaches the user's active sessions in the same statement (the store also
-- ends them, ROLE_CHANGED; this keeps the column honest even if that rule changes). Ended
-- sessions never authenticate, so their role is left as it was.
ALTER TABLE sessions ADD COLUMN user_role text NOT NULL DEFAULT '';
UPDATE sessions s SET user_role = u.role FROM users u WHERE u.id = s.user_id AND s.status = 'ACTIVE';

-- +goose StatementBegin
CREATE FUNCTION sessions_take_user_role() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT role INTO NEW.user_role FROM users WHERE id = NEW.user_id;
  RETURN NEW;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER sessions_take_user_role BEFORE INSERT ON sessions
  FOR EACH ROW EXECUTE FUNCTION sessions_take_user_role();

-- +goose StatementBegin
CREATE FUNCTION users_role_to_sessions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE sessions SET user_role = NEW.role WHERE user_id = NEW.id AND status = 'ACTIVE';
  RETURN NULL;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER users_role_to_sessions AFTER UPDATE OF role ON users
  FOR EACH ROW WHEN (OLD.role IS DISTINCT FROM NEW.role) EXECUTE FUNCTION users_role_to_sessions();

-- +goose Down
DROP TRIGGER users_role_to_sessions ON users;
DROP FUNCTION users_role_to_sessions();
DROP TRIGGER sessions_take_user_role ON sessions;
DROP FUNCTION sessions_take_user_role();
ALTER TABLE sessions DROP COLUMN user_role;
