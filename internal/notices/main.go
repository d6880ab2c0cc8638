// Command notices writes THIRD_PARTY_NOTICES: every module linked into
// involve's binaries, on every platform make dist builds, with the text of
// its licence files, and the licences of the code copied into
// third_party/. It reads the module cache (go list), so it works offline
// once the modules are downloaded, and fails when a module has no licence
// file, so that a new dependency without one is noticed.
//
//	go run ./internal/notices -o dist/THIRD_PARTY_NOTICES
package main

import (
	"bufio"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// defaultPlatforms are the platforms make dist builds.
const defaultPlatforms = "linux/amd64 linux/arm64 darwin/amd64 darwin/arm64 windows/amd64 windows/arm64"

func main() {
	out := flag.String("o", "", "write to this file (default: standard output)")
	platforms := flag.String("platforms", defaultPlatforms, "the GOOS/GOARCH pairs the binaries are built for")
	pkg := flag.String("pkg", "./cmd/involve", "the program whose dependencies are listed")
	flag.Parse()
	if err := run(*out, strings.Fields(*platforms), *pkg); err != nil {
		fmt.Fprintln(os.Stderr, "notices:", err)
		os.Exit(1)
	}
}

func run(out string, platforms []string, pkg string) error {
	mods, err := linked(pkg, platforms)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	if err := write(&b, mods); err != nil {
		return err
	}
	if out == "" {
		_, err := os.Stdout.Write(b.Bytes())
		return err
	}
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return err
	}
	return os.WriteFile(out, b.Bytes(), 0o644)
}

// module is one module linked into the program.
type module struct {
	Path, Version string
	Dir           string // where its files are (the module cache, or a replacement's folder)
	Note          string // how involve has it, when not as published
	Main          bool
}

// linked lists the modules whose packages pkg links on any of platforms,
// by path: the main module first, then the rest, then the copies in the
// main module's third_party folder, then Go itself.
func linked(pkg string, platforms []string) ([]module, error) {
	seen := map[string]module{}
	const format = `{{with .Module}}{{.Path}}|{{.Version}}|{{.Dir}}|{{.Main}}|{{with .Replace}}{{.Path}}|{{.Version}}|{{.Dir}}{{end}}{{end}}`
	for _, p := range platforms {
		goos, goarch, ok := strings.Cut(p, "/")
		if !ok {
			return nil, fmt.Errorf("platform %q: want GOOS/GOARCH", p)
		}
		cmd := exec.Command("go", "list", "-deps", "-f", format, pkg)
		cmd.Env = append(os.Environ(), "GOOS="+goos, "GOARCH="+goarch, "CGO_ENABLED=0", "GOFLAGS=-mod=readonly")
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		raw, err := cmd.Output()
		if err != nil {
			return nil, fmt.Errorf("go list for %s: %v\n%s", p, err, stderr.String())
		}
		sc := bufio.NewScanner(bytes.NewReader(raw))
		for sc.Scan() {
			f := strings.Split(sc.Text(), "|")
			if len(f) < 4 || f[0] == "" {
				continue // a standard library package
			}
			m := module{Path: f[0], Version: f[1], Dir: f[2], Main: f[3] == "true"}
			if len(f) == 7 {
				m.Dir = f[6]
				if f[5] == "" { // a local folder
					m.Note = "involve's modified copy, in " + f[4]
				} else {
					m.Note = "replaced by " + f[4] + " " + f[5]
				}
			}
			seen[m.Path] = m
		}
	}
	var mods, main []module
	for _, m := range seen {
		if m.Main {
			main = append(main, m)
			continue
		}
		mods = append(mods, m)
	}
	sort.Slice(mods, func(i, j int) bool { return mods[i].Path < mods[j].Path })
	for _, m := range main {
		copies, err := thirdParty(m.Dir, seen)
		if err != nil {
			return nil, err
		}
		mods = append(mods, copies...)
	}
	goroot, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		return nil, fmt.Errorf("go env GOROOT: %v", err)
	}
	version, err := exec.Command("go", "env", "GOVERSION").Output()
	if err != nil {
		return nil, fmt.Errorf("go env GOVERSION: %v", err)
	}
	mods = append(mods, module{Path: "Go (the standard library and runtime)", Version: strings.TrimSpace(string(version)),
		Dir: strings.TrimSpace(string(goroot))})
	return mods, nil
}

// thirdParty lists the folders of code copied into the main module's
// third_party folder that are not modules linked on their own (those are
// listed as modules).
func thirdParty(mainDir string, linked map[string]module) ([]module, error) {
	entries, err := os.ReadDir(filepath.Join(mainDir, "third_party"))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	isModule := map[string]bool{}
	for _, m := range linked {
		isModule[filepath.Clean(m.Dir)] = true
	}
	var out []module
	for _, e := range entries {
		dir := filepath.Join(mainDir, "third_party", e.Name())
		if !e.IsDir() || isModule[filepath.Clean(dir)] {
			continue
		}
		out = append(out, module{Path: "third_party/" + e.Name(), Dir: dir,
			Note: "code copied into involve: see third_party/" + e.Name() + "/README.involve.md"})
	}
	return out, nil
}

// licenceFile matches the names of the files that hold a module's licence
// and notices, at the module's root.
var licenceFile = regexp.MustCompile(`(?i)^(licen[cs]e|copying|notice|patents|unlicense)([-._].*)?$`)

// licenceFiles lists dir's licence files, LICENSE first.
func licenceFiles(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		if !e.IsDir() && licenceFile.MatchString(e.Name()) && filepath.Ext(e.Name()) != ".go" {
			names = append(names, e.Name())
		}
	}
	sort.Slice(names, func(i, j int) bool {
		li, lj := isLicence(names[i]), isLicence(names[j])
		if li != lj {
			return li
		}
		return names[i] < names[j]
	})
	return names, nil
}

func isLicence(name string) bool {
	n := strings.ToLower(name)
	return strings.HasPrefix(n, "licen")
}

// classify names a licence text's kind, for the heading: MIT, BSD-3-Clause
// and the rest ("MIT and Apache-2.0" for a text that holds two), or "see
// the text" for one it does not know.
func classify(text string) string {
	t := strings.Join(strings.Fields(strings.ToLower(text)), " ")
	has := func(phrases ...string) bool {
		for _, p := range phrases {
			if strings.Contains(t, p) {
				return true
			}
		}
		return false
	}
	var kinds []string
	if has("permission is hereby granted, free of charge") {
		kinds = append(kinds, "MIT")
	}
	if has("redistribution and use in source and binary forms") {
		if has("neither the name", "names of its contributors") {
			kinds = append(kinds, "BSD-3-Clause")
		} else {
			kinds = append(kinds, "BSD-2-Clause")
		}
	}
	if has("permission to use, copy, modify, and/or distribute this software",
		"permission to use, copy, modify, and distribute this software for any purpose with or without fee") {
		kinds = append(kinds, "ISC")
	}
	if has("apache license") && has("version 2.0") {
		kinds = append(kinds, "Apache-2.0")
	}
	if has("mozilla public license") && has("2.0") {
		kinds = append(kinds, "MPL-2.0")
	}
	if len(kinds) == 0 && has("unlicense", "dedicated to the public domain", "disclaims copyright") {
		kinds = append(kinds, "public domain")
	}
	if len(kinds) == 0 {
		return "see the text"
	}
	return strings.Join(kinds, " and ")
}

const rule = "================================================================================"

// write writes the notices of mods.
func write(w io.Writer, mods []module) error {
	fmt.Fprintf(w, "Third-party software in involve\n\n")
	fmt.Fprintf(w, "The involve binaries contain the following modules (and Go's standard library\n"+
		"and runtime), each under its own licence, reproduced below. involve itself is\n"+
		"under the licence in its LICENSE file.\n\n")
	for _, m := range mods {
		fmt.Fprintf(w, "  %s\n", strings.TrimSpace(m.Path+" "+m.Version))
	}
	var missing []string
	for _, m := range mods {
		names, err := licenceFiles(m.Dir)
		if err != nil {
			return fmt.Errorf("%s: %v", m.Path, err)
		}
		if len(names) == 0 || !isLicence(names[0]) {
			missing = append(missing, m.Path+" ("+m.Dir+")")
			continue
		}
		first, err := os.ReadFile(filepath.Join(m.Dir, names[0]))
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "\n%s\n%s", rule, m.Path)
		if m.Version != "" {
			fmt.Fprintf(w, " %s", m.Version)
		}
		fmt.Fprintf(w, "\nLicence: %s (%s)\n", classify(string(first)), strings.Join(names, ", "))
		if m.Note != "" {
			fmt.Fprintf(w, "Note: %s\n", m.Note)
		}
		for _, n := range names {
			text, err := os.ReadFile(filepath.Join(m.Dir, n))
			if err != nil {
				return err
			}
			fmt.Fprintf(w, "%s\n-- %s --\n\n%s", rule[:40], n, strings.TrimRight(strings.ReplaceAll(string(text), "\r\n", "\n"), "\n")+"\n")
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("no licence file for:\n  %s", strings.Join(missing, "\n  "))
	}
	return nil
}
