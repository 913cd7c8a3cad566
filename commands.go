package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"
)

// command is one thing the binary does; serve is the default, so `sessionguard -demo` and
// `go run . -demo` keep serving.
type command struct {
	name, args, summary string
	run                 func(args []string, stdin io.Reader, stdout, stderr io.Writer) error
}

// commands is a function, not a variable: the commands' -h prints this table, a cycle a
// package-level variable's initialisation may not have.
func commands() []command {
	return []command{
		{"serve", "[-demo]", "serve the API and the console (the default command)", serve},
		{"migrate", "", "apply the database migrations and exit", migrateCommand},
		{"create-admin", "-account NAME -name NAME -email EMAIL < password", "create an account and its administrator, password read from stdin; prints their ids", createAdmin},
		{"version", "", "print the module version, VCS commit and build time", printVersion},
	}
}

// errUsage is a mistake on the command line; its explanation is already printed.
var errUsage = errors.New("usage")

// runCommand dispatches args to a command and returns the process's exit status.
func runCommand(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	cmd, rest := commands()[0], args
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, rest = command{}, args[1:]
		for _, c := range commands() {
			if c.name == args[0] {
				cmd = c
			}
		}
		if args[0] == "help" {
			printHelp(stdout)
			return 0
		}
		if cmd.run == nil {
			fmt.Fprintf(stderr, "sessionguard: unknown command %q; run sessionguard --help\n", args[0])
			return 2
		}
	}
	err := cmd.run(rest, stdin, stdout, stderr)
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		return 2
	}
	if cmd.name == "serve" {
		slog.Error("sessionguard stopped", "err", err)
	} else {
		fmt.Fprintf(stderr, "sessionguard %s: %v\n", cmd.name, err)
	}
	return 1
}

// commandFlags is a flag set for one command; -h prints the whole help (see parseFlags).
func commandFlags(name string, stderr io.Writer) *flag.FlagSet {
	flags := flag.NewFlagSet(name, flag.ContinueOnError)
	flags.SetOutput(stderr)
	flags.Usage = func() {} // parseFlags answers: help to stdout, a hint after a mistake
	return flags
}

// parseFlags parses args and refuses anything left over; -h prints the help to stdout.
func parseFlags(flags *flag.FlagSet, args []string, stdout io.Writer) error {
	err := flags.Parse(args)
	if errors.Is(err, flag.ErrHelp) {
		printHelp(stdout)
		return err
	}
	if err == nil && flags.NArg() > 0 {
		fmt.Fprintf(flags.Output(), "sessionguard %s: unexpected argument %q\n", flags.Name(), flags.Arg(0))
	}
	if err != nil || flags.NArg() > 0 {
		fmt.Fprintln(flags.Output(), "run sessionguard --help for the commands and their flags")
		return errUsage
	}
	return nil
}

func printHelp(w io.Writer) {
	fmt.Fprint(w, "Usage: sessionguard [command] [flags]\n\nCommands:\n")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-13s %s\n", c.name, c.summary)
		if c.args != "" {
			fmt.Fprintf(w, "  %-13s   sessionguard %s %s\n", "", c.name, c.args)
		}
	}
	fmt.Fprint(w, "\nEnvironment (every command reads DATABASE_URL; serve reads them all):\n")
	printSettings(w)
}
