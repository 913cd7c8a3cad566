package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"sessionguard/internal/app"
)

// createAdmin creates an account and its administrator, whatever accounts exist already. The
// password comes from stdin, never a flag, so it stays out of shell history and process lists.
func createAdmin(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	flags := commandFlags("create-admin", stderr)
	var b bootConfig
	flags.StringVar(&b.AccountName, "account", "", "the account's name (required)")
	flags.StringVar(&b.AdminName, "name", "", "the administrator's name (required)")
	flags.StringVar(&b.AdminEmail, "email", "", "the administrator's email (required)")
	if err := parseFlags(flags, args, stdout); err != nil {
		return err
	}
	for _, f := range []struct{ flag, value string }{{"-account", b.AccountName}, {"-name", b.AdminName}, {"-email", b.AdminEmail}} {
		if strings.TrimSpace(f.value) == "" {
			return fmt.Errorf("%s is required", f.flag)
		}
	}
	password, err := readPassword(stdin)
	if err != nil {
		return err
	}
	b.AdminPassword = password

	cfg, err := configFromEnv()
	if err != nil {
		return err
	}
	ctx := context.Background()
	a, err := app.New(ctx, cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	account, err := newAccount(ctx, a, b)
	if err != nil {
		return err
	}
	created, admin, err := a.Store.CreateAccount(ctx, account)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "account %s\nadmin %s\n", created.ID, admin.ID)
	return nil
}

// readPassword reads the first line of stdin, without its line ending; an operator piping a file
// or typing at a terminal ends it with a newline that is not part of the password.
func readPassword(stdin io.Reader) (string, error) {
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("unable to read the password from stdin: %w", err)
	}
	line = strings.TrimSuffix(strings.TrimSuffix(line, "\n"), "\r")
	if line == "" {
		return "", errors.New("the password is read from stdin, which was empty")
	}
	return line, nil
}
