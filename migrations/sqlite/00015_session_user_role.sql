-- +goose Up
-- An active session carries its user's role, so that the request check reads one row without a
-- join: see the PostgreSQL migration of the same name. SQLite's BEFORE triggers cannot change
-- the new row, so the insert trigger sets it just after, in the same statement.
ALTER TABLE sessions ADD COLUMN user_role text NOT NULL DEFAULT '';
UPDATE sessions SET user_role = (SELECT role FROM users WHERE users.id = sessions.user_id)
  WHERE status = 'ACTIVE';

-- +goose StatementBegin
CREATE TRIGGER sessions_take_user_role AFTER INSERT ON sessions BEGIN
  UPDATE sessions SET user_role = (SELECT role FROM users WHERE users.id = NEW.user_id)
    WHERE id = NEW.id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER users_role_to_sessions AFTER UPDATE OF role ON users
  WHEN OLD.role IS NOT NEW.role BEGIN
  UPDATE sessions SET user_role = NEW.role WHERE user_id = NEW.id AND status = 'ACTIVE';
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER users_role_to_sessions;
DROP TRIGGER sessions_take_user_role;
ALTER TABLE sessions DROP COLUMN user_role;
