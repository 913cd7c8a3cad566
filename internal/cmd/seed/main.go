// Command seed fills a sessionguard database with active sessions for scripts/bench: accounts
// of users who share one password, each user with the same number of sessions, written straight
// into the tables in large batches (logging in 100,000 times would take an hour of argon2id). It
// writes each session's token, one a line, and each user's email, so a load test can present
// real tokens at random and log real users in.
//
//	go run ./internal/cmd/seed -database-url=URL -sessions=100000 -tokens=tokens.txt -emails=emails.txt
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// run seeds the database the flags in args name and writes the token and email files.
func run(ctx context.Context, args []string, stdout io.Writer) error {
	flags := flag.NewFlagSet("seed", flag.ContinueOnError)
	url := flags.String("database-url", os.Getenv("DATABASE_URL"), "database to seed: a postgres:// URL or a SQLite file")
	var p plan
	flags.IntVar(&p.Sessions, "sessions", 100_000, "active sessions to insert")
	flags.IntVar(&p.PerUser, "per-user", 10, "sessions per user")
	flags.IntVar(&p.UsersPerAccount, "users-per-account", 100, "users per account")
	flags.StringVar(&p.Password, "password", "bench-password", "every seeded user's password")
	tokens := flags.String("tokens", "", "file to write the session tokens to, one a line")
	emails := flags.String("emails", "", "file to write the users' emails to, one a line (optional)")
	if err := flags.Parse(args); err != nil {
		return err
	}
	if *url == "" || *tokens == "" {
		return fmt.Errorf("seed: -database-url and -tokens are required")
	}
	seeded, err := seed(ctx, *url, p)
	if err != nil {
		return err
	}
	if err := writeLines(*tokens, seeded.Tokens); err != nil {
		return err
	}
	if *emails != "" {
		if err := writeLines(*emails, seeded.Emails); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "seeded %d sessions of %d users\n", len(seeded.Tokens), len(seeded.Emails))
	return nil
}

func writeLines(path string, lines []string) error {
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		return fmt.Errorf("seed: unable to write %s: %w", path, err)
	}
	return nil
}
