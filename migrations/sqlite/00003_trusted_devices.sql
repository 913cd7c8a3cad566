-- +goose Up
-- Browsers that have signed a user in before (see models.TrustedDevice): their login attempts
-- spend a budget of their own, so strangers failing against an email cannot lock the user out.
CREATE TABLE trusted_devices (
  token_hash blob PRIMARY KEY,
  user_id    text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at datetime NOT NULL,
  expires_at datetime NOT NULL
);
-- Each user keeps only their newest devices; the sweep deletes expired ones.
CREATE INDEX trusted_devices_user ON trusted_devices (user_id, created_at);
CREATE INDEX trusted_devices_expires ON trusted_devices (expires_at);

-- +goose Down
DROP TABLE trusted_devices;
