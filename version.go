package main

import (
	"fmt"
	"io"
	"runtime/debug"
)

// Set by a release build with -ldflags "-X main.buildTime=... -X main.commit=...": Go records
// neither when the binary was built nor, in a linked git worktree (golang/go#58218), the commit.
var buildTime, commit string

// printVersion prints what runtime/debug recorded at build: module version, commit, build time.
func printVersion(args []string, _ io.Reader, stdout, stderr io.Writer) error {
	if err := parseFlags(commandFlags("version", stderr), args, stdout); err != nil {
		return err
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return fmt.Errorf("this binary carries no build information")
	}
	fmt.Fprint(stdout, versionText(info, commit, buildTime))
	return nil
}

// versionText prefers the commit Go stamped from git to one given by -ldflags.
func versionText(info *debug.BuildInfo, ldCommit, ldBuildTime string) string {
	vcs := map[string]string{}
	for _, s := range info.Settings {
		vcs[s.Key] = s.Value
	}
	rev := or(or(vcs["vcs.revision"], ldCommit), "unknown (built without VCS information, e.g. by go run)")
	if vcs["vcs.modified"] == "true" {
		rev += " with uncommitted changes"
	}
	return fmt.Sprintf("sessionguard %s\ncommit       %s\ncommit time  %s\nbuild time   %s\ngo           %s\n",
		info.Main.Version, rev, or(vcs["vcs.time"], "unknown"), or(ldBuildTime, "not recorded"), info.GoVersion)
}
