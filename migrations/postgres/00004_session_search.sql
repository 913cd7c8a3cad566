-- +goose Up
-- Session search (LIKE '%…%' on a user's name or email, a login IP or city) through trigram
-- indexes instead of a scan of the account. The extension lives in public, not in the schema
-- being migrated: one schema's DROP ... CASCADE must not take every other schema's indexes with
-- it. The operator class is named with the schema the extension is actually in, which may be
-- another where it was installed before.
CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;
-- +goose StatementBegin
DO $$
DECLARE
  trgm text := (SELECT quote_ident(n.nspname) || '.gin_trgm_ops' FROM pg_extension e
                JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm');
BEGIN
  EXECUTE format('CREATE INDEX sessions_login_ip_trgm ON sessions USING gin (lower(login_ip) %s)', trgm);
  EXECUTE format('CREATE INDEX sessions_login_city_trgm ON sessions USING gin (lower(login_city) %s)', trgm);
  EXECUTE format('CREATE INDEX users_name_trgm ON users USING gin (lower(name) %s)', trgm);
  EXECUTE format('CREATE INDEX users_email_trgm ON users USING gin (email %s)', trgm);
END
$$;
-- +goose StatementEnd

-- +goose Down
DROP INDEX users_email_trgm;
DROP INDEX users_name_trgm;
DROP INDEX sessions_login_city_trgm;
DROP INDEX sessions_login_ip_trgm;
