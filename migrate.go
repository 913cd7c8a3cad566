package main

import (
	"context"
	"fmt"
	"io"

	"sessionguard/internal/store"
)

// migrateCommand applies pending migrations (under the same advisory lock as a starting server)
// and exits, for deployments that migrate before rolling out replicas.
func migrateCommand(args []string, _ io.Reader, stdout, stderr io.Writer) error {
	if err := parseFlags(commandFlags("migrate", stderr), args, stdout); err != nil {
		return err
	}
	cfg, err := configFromEnv()
	if err != nil {
		return err
	}
	ctx := context.Background()
	st, err := store.Open(ctx, cfg.DatabaseURL, store.Options{}) // Open migrates
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.Ready(ctx); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: migrations applied\n", describeDB(cfg.DatabaseURL))
	return nil
}
