package store

import (
	"os"
	"path/filepath"
	"testing"
)

func TestFileProblem(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	_, missing := os.Open(filepath.Join(dir, "missing"))
	notDir := os.MkdirAll(filepath.Join(file, "sub"), 0o700)
	_, isDir := os.ReadFile(dir)
	for err, want := range map[error]string{
		missing: "there is no such file or folder",
		notDir:  "part of the path is a file, not a folder",
		isDir:   "it is a folder, not a file",
		nil:     "",
	} {
		if got := FileProblem(err); got != want {
			t.Errorf("FileProblem(%v) = %q, want %q", err, got, want)
		}
	}
}
