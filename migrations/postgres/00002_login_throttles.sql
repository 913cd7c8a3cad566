-- +goose Up
-- Failed-login budgets, shared by every replica (see models.LoginThrottle).
CREATE TABLE login_throttles (
  hash        text PRIMARY KEY,
  tokens      double precision NOT NULL,
  refilled_at timestamptz NOT NULL,
  full_at     timestamptz NOT NULL,
  pending     integer NOT NULL DEFAULT 0
);
-- The sweep deletes buckets that have filled up again.
CREATE INDEX login_throttles_full_at ON login_throttles (full_at);

-- +goose Down
DROP TABLE login_throttles;
