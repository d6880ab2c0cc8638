package main

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestClassify(t *testing.T) {
	cases := map[string]string{
		"MIT License\n\nPermission is hereby granted, free of\n  charge, to any person":                        "MIT",
		"Redistribution and use in source and binary forms ... Neither the name of Google":                     "BSD-3-Clause",
		"Redistribution and use in source and binary forms, with or without modification":                      "BSD-2-Clause",
		"Apache License\n Version 2.0, January 2004":                                                           "Apache-2.0",
		"covered by two licenses: Permission is hereby granted, free of charge ... Apache License Version 2.0": "MIT and Apache-2.0",
		"The author disclaims copyright to this source code.":                                                  "public domain",
		"All rights reserved.": "see the text",
	}
	for text, want := range cases {
		if got := classify(text); got != want {
			t.Errorf("classify(%q) = %q, want %q", text, got, want)
		}
	}
}

func TestLicenceFilesLicenceFirst(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"NOTICE", "PATENTS", "LICENSE.md", "LICENSE-3RD-PARTY.md", "README.md", "license_test.go"} {
		if err := os.WriteFile(filepath.Join(dir, n), []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	got, err := licenceFiles(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"LICENSE-3RD-PARTY.md", "LICENSE.md", "NOTICE", "PATENTS"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("licenceFiles = %q, want %q", got, want)
	}
}

// A module without a licence file stops the notices, naming it.
func TestWriteRefusesAModuleWithoutALicence(t *testing.T) {
	with, without := t.TempDir(), t.TempDir()
	os.WriteFile(filepath.Join(with, "LICENSE"), []byte("Permission is hereby granted, free of charge"), 0o600)
	os.WriteFile(filepath.Join(without, "NOTICE"), []byte("a notice is not a licence"), 0o600)
	var b bytes.Buffer
	err := write(&b, []module{{Path: "example.org/ok", Version: "v1.0.0", Dir: with}, {Path: "example.org/none", Version: "v0.1.0", Dir: without}})
	if err == nil || !strings.Contains(err.Error(), "example.org/none") {
		t.Fatalf("write: %v", err)
	}
	if !strings.Contains(b.String(), "example.org/ok v1.0.0\nLicence: MIT (LICENSE)") {
		t.Errorf("the notices:\n%s", b.String())
	}
}

// The notices of involve itself: every module linked into the program,
// the copy of glamour in third_party (with its licence, not upstream's
// module cache), the GFM copy, and Go.
func TestInvolveNotices(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	mods, err := linked("github.com/involve/involve/cmd/involve", []string{"linux/amd64", "windows/amd64"})
	if err != nil {
		t.Fatal(err)
	}
	byPath := map[string]module{}
	for _, m := range mods {
		byPath[m.Path] = m
	}
	for _, p := range []string{"modernc.org/sqlite", "charm.land/fang/v2", "github.com/inconshreveable/mousetrap",
		"third_party/gfm", "Go (the standard library and runtime)"} {
		if _, ok := byPath[p]; !ok {
			t.Errorf("no %s in %d modules", p, len(mods))
		}
	}
	if g := byPath["charm.land/glamour/v2"]; !strings.Contains(g.Note, "third_party/glamour") || !strings.HasSuffix(filepath.ToSlash(g.Dir), "third_party/glamour") {
		t.Errorf("glamour: %+v", g)
	}
	if _, ok := byPath["github.com/involve/involve"]; ok {
		t.Error("involve itself is listed")
	}
	var b bytes.Buffer
	if err := write(&b, mods); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "modernc.org/sqlite v") || !strings.Contains(b.String(), "-- LICENSE-SQLITE --") {
		t.Error("the notices have no SQLite licence")
	}
}
