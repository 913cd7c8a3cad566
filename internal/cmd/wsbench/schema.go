package main

import (
	"context"
	"fmt"
	"net/url"
	"time"

	"github.com/jackc/pgx/v5"
)

// withSchema runs fn with a URL whose search_path is a fresh schema, dropped afterwards.
func withSchema(ctx context.Context, databaseURL string, fn func(url string) error) error {
	conn, err := pgx.Connect(ctx, databaseURL)
	if err != nil {
		return fmt.Errorf("wsbench: unable to connect: %w", err)
	}
	defer conn.Close(context.Background())
	schema := fmt.Sprintf("wsbench_%d", time.Now().UnixNano())
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		return fmt.Errorf("wsbench: unable to create schema: %w", err)
	}
	defer func() {
		// Not ctx: an interrupted run drops its schema too.
		_, _ = conn.Exec(context.Background(), "SET client_min_messages = warning; DROP SCHEMA "+schema+" CASCADE")
	}()
	u, err := url.Parse(databaseURL)
	if err != nil {
		return fmt.Errorf("wsbench: bad database URL: %w", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return fn(u.String())
}
