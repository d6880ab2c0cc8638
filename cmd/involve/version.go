package main

import (
	"runtime"
	"runtime/debug"

	"github.com/involve/involve/store"
)

// buildInfo is what the binary knows about how it was built: its version,
// the commit it was built from and whether that had changes not committed.
type buildInfo struct {
	Version  string
	Commit   string
	Modified bool
}

// appVersion is involve's version, as --version and "involve version"
// print it.
func appVersion() string {
	info, _ := debug.ReadBuildInfo() // nil when there is none
	return readBuild(version, info).String()
}

// readBuild works out the version: the one make build sets with -ldflags
// when there is one; otherwise the module's version as go install records
// it (v1.2.0, or a pseudo-version for a commit); otherwise "dev". The
// commit comes from the build's VCS stamp when Go recorded one.
func readBuild(ldflags string, info *debug.BuildInfo) buildInfo {
	b := buildInfo{Version: ldflags}
	if info != nil {
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				b.Commit = s.Value
			case "vcs.modified":
				b.Modified = s.Value == "true"
			}
		}
		if (b.Version == "" || b.Version == "dev") && info.Main.Version != "" && info.Main.Version != "(devel)" {
			b.Version = info.Main.Version
		}
	}
	if b.Version == "" {
		b.Version = "dev"
	}
	return b
}

// String is the version with a short commit when the version does not
// already name it: "v1.2.0", "dev (1a2b3c4d5e6f)", "dev (1a2b3c4d5e6f, modified)".
func (b buildInfo) String() string {
	if b.Version != "dev" || b.Commit == "" {
		return b.Version
	}
	c := b.Commit
	if len(c) > 12 {
		c = c[:12]
	}
	if b.Modified {
		c += ", modified"
	}
	return b.Version + " (" + c + ")"
}

// versionJSON is what "involve version --json" prints.
type versionJSON struct {
	Version       string `json:"version"`
	Commit        string `json:"commit,omitempty"`
	Modified      bool   `json:"modified,omitempty"`
	Go            string `json:"go"`
	Platform      string `json:"platform"`
	SchemaVersion int    `json:"schema_version"`
}

func (a *app) printVersion(asJSON bool) error {
	info, _ := debug.ReadBuildInfo()
	b := readBuild(version, info)
	if !asJSON {
		a.out("involve %s (database schema %d)\n", b, store.SchemaVersion())
		return nil
	}
	return a.printJSON(versionJSON{Version: b.Version, Commit: b.Commit, Modified: b.Modified, Go: runtime.Version(),
		Platform: runtime.GOOS + "/" + runtime.GOARCH, SchemaVersion: store.SchemaVersion()})
}
