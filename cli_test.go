package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"runtime/debug"
	"strings"
	"testing"

	"sessionguard/internal/testdb"
)

// runCLI runs the binary with args, stdin and DATABASE_URL, returning stdout, stderr and the exit status.
func runCLI(t *testing.T, bin, databaseURL, stdin string, args ...string) (stdout, stderr string, status int) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "DATABASE_URL="+databaseURL)
	cmd.Stdin = strings.NewReader(stdin)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	if _, exited := err.(*exec.ExitError); err != nil && !exited {
		t.Fatal(err)
	}
	return out.String(), errOut.String(), cmd.ProcessState.ExitCode()
}

var createdIDs = regexp.MustCompile(`^account (\S+)\nadmin (\S+)\n$`)

// migrate applies the migrations and exits, as often as it is run; create-admin makes an account
// whose administrator logs in through the API with the password given on stdin, and refuses a
// password the API would refuse, naming the rule and changing nothing.
func TestMigrateAndCreateAdmin(t *testing.T) {
	bin := buildBinary(t)
	testdb.Each(t, func(t *testing.T, url string) {
		for i := range 2 {
			out, errOut, status := runCLI(t, bin, url, "", "migrate")
			if status != 0 || !strings.Contains(out, "migrations applied") {
				t.Fatalf("migrate, run %d: status %d\n%s%s", i+1, status, out, errOut)
			}
		}

		const email, password = "ops@example.test", "a-long-operator-pass"
		for _, bad := range []struct{ password, rule string }{
			{"short7!", "password must be 8 to 256 characters"},
			{"iloveyou1", "password is one of the most common passwords"},
			{"", "the password is read from stdin, which was empty"},
		} {
			out, errOut, status := runCLI(t, bin, url, bad.password+"\n", "create-admin", "-account", "Ops", "-name", "Op", "-email", email)
			if status != 1 || !strings.Contains(errOut, bad.rule) || out != "" {
				t.Errorf("create-admin with %q: status %d, stdout %q, stderr %q; want 1 and %q", bad.password, status, out, errOut, bad.rule)
			}
			if bad.password != "" && strings.Contains(errOut, bad.password) {
				t.Errorf("the refusal echoes the password: %s", errOut)
			}
		}
		out, errOut, status := runCLI(t, bin, url, password+"\n", "create-admin", "-account", "Ops Inc", "-name", "Op Erator", "-email", email)
		ids := createdIDs.FindStringSubmatch(out)
		if status != 0 || ids == nil {
			t.Fatalf("create-admin: status %d, stdout %q, stderr %q", status, out, errOut)
		}
		if _, errOut, status := runCLI(t, bin, url, password+"\n", "create-admin", "-account", "Again", "-name", "Op", "-email", email); status != 1 || !strings.Contains(errOut, "email is already in use") {
			t.Errorf("a second create-admin with the same email: status %d, stderr %q", status, errOut)
		}

		srv := startBinary(t, bin, nil, []string{"DATABASE_URL=" + url})
		token := srv.login(t, email, password)
		if token == "" {
			t.Fatalf("the created administrator cannot log in:\n%s", srv.stop(t))
		}
		me := srv.post(t, token, `{ me { user { id role account { id name } } } }`)
		want := map[string]any{"user": map[string]any{"id": ids[2], "role": "ADMIN", "account": map[string]any{"id": ids[1], "name": "Ops Inc"}}}
		if got := me["data"].(map[string]any)["me"]; !reflect.DeepEqual(got, want) {
			t.Errorf("me: %v, want %v", got, want)
		}
		srv.stop(t)
	})
}

// --help lists every environment variable the configuration reads, with its default, and the
// README's configuration table documents each one. Reading a variable missing from the settings
// table panics, so configFrom cannot grow one that help leaves out.
func TestHelpListsEveryEnvironmentVariable(t *testing.T) {
	read := map[string]bool{}
	record := func(name string) string { read[name] = true; return "" }
	if _, err := configFrom(record); err != nil {
		t.Fatal(err)
	}
	bootstrapFrom(record, true)
	read["LISTEN_ADDR"] = true // read by run, through env

	help, errOut, status := runCLI(t, buildBinary(t), "", "", "--help")
	if status != 0 || errOut != "" {
		t.Fatalf("--help: status %d, stderr %q", status, errOut)
	}
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range settings {
		def := s.Default
		if def == "" {
			def = "(unset)"
		}
		if !regexp.MustCompile(`(?m)^  ` + s.Name + ` +` + regexp.QuoteMeta(def) + ` `).MatchString(help) {
			t.Errorf("--help does not list %s with its default %s:\n%s", s.Name, def, help)
		}
		if !strings.Contains(string(readme), "`"+s.Name+"`") {
			t.Errorf("README.md does not document %s", s.Name)
		}
		delete(read, s.Name)
	}
	for name := range read {
		t.Errorf("the configuration reads %s, which the settings table does not list", name)
	}
	for _, c := range commands() {
		if !strings.Contains(help, "  "+c.name+" ") {
			t.Errorf("--help does not list the command %s", c.name)
		}
	}

	defer func() {
		if recover() == nil {
			t.Error("reading a variable missing from the settings table did not panic")
		}
	}()
	settingsReader(record).get("NOT_A_SETTING")
}

// version prints the commit and build time a release build sets with -ldflags (see README, CLI).
func TestVersionNamesTheCommitAndBuildTime(t *testing.T) {
	const head, built = "0123456789abcdef0123456789abcdef01234567", "2026-12-03T10:00:00Z"
	bin := filepath.Join(t.TempDir(), "sessionguard")
	build := exec.Command("go", "build", "-ldflags", "-X main.buildTime="+built+" -X main.commit="+head, "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	out, errOut, status := runCLI(t, bin, "", "", "version")
	if status != 0 {
		t.Fatalf("version: status %d, stderr %q", status, errOut)
	}
	for _, want := range []string{"sessionguard (devel)\n", "commit       " + head + "\n", "build time   " + built + "\n", "go           go1."} {
		if !strings.Contains(out, want) {
			t.Errorf("version does not print %q:\n%s", want, out)
		}
	}
}

// What Go stamps from git wins over -ldflags, and a build from a modified tree says so.
func TestVersionTextPrefersTheVCSStamp(t *testing.T) {
	info := &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "v1.2.3"}, Settings: []debug.BuildSetting{
		{Key: "vcs.revision", Value: "feedface"}, {Key: "vcs.time", Value: "2026-12-01T09:00:00Z"}, {Key: "vcs.modified", Value: "true"},
	}}
	want := "sessionguard v1.2.3\ncommit       feedface with uncommitted changes\ncommit time  2026-12-01T09:00:00Z\nbuild time   not recorded\ngo           go1.26.8\n"
	if got := versionText(info, "ldflags-commit", ""); got != want {
		t.Errorf("version\n%s\nwant\n%s", got, want)
	}
}

// A mistyped command is refused rather than taken for serve, and the flags of serve still work
// without naming it (./scripts/run runs `go run . -demo`).
func TestUnknownCommandsAndFlagsAreRefused(t *testing.T) {
	bin := buildBinary(t)
	for _, args := range [][]string{{"migrat"}, {"-no-such-flag"}, {"version", "extra"}, {"create-admin", "-email"}} {
		_, errOut, status := runCLI(t, bin, "", "", args...)
		if status != 2 || !strings.Contains(errOut, "sessionguard") {
			t.Errorf("%v: status %d, stderr %q; want 2 and a hint", args, status, errOut)
		}
	}
}
