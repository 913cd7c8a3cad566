-- +goose Up
-- Session search also matches the device (issue 12): a trigram index like 00004's, so a rare
-- match is still found through the indexes (store.searchMatches). The role needs none: it has two
-- values and is checked on the account's users, a small set.
-- +goose StatementBegin
DO $$
DECLARE
  trgm text := (SELECT quote_ident(n.nspname) || '.gin_trgm_ops' FROM pg_extension e
                JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm');
BEGIN
  EXECUTE format('CREATE INDEX sessions_device_trgm ON sessions USING gin (lower(device) %s)', trgm);
END
$$;
-- +goose StatementEnd

-- +goose Down
DROP INDEX sessions_device_trgm;
