package main

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"
)

// newKeyPair writes a new ed25519 key pair to dir/name and dir/name.pub
// (the private key in OpenSSH's format, mode 0600) and returns the public
// key's authorized_keys line.
func newKeyPair(t *testing.T, dir, name string) string {
	t.Helper()
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	block, err := ssh.MarshalPrivateKey(priv, name)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), pem.EncodeToMemory(block), 0o600); err != nil {
		t.Fatal(err)
	}
	sp, err := ssh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	line := strings.TrimSpace(string(ssh.MarshalAuthorizedKey(sp))) + " " + name
	if err := os.WriteFile(filepath.Join(dir, name+".pub"), []byte(line+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return line
}

func TestUsersVerbs(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "team.db")
	if _, _, err := cli(t, "--db", db, "demo", db); err != nil {
		t.Fatal(err)
	}
	dee := newKeyPair(t, dir, "dee")
	fin := newKeyPair(t, dir, "fin")
	run := func(args ...string) (string, error) {
		t.Helper()
		out, _, err := cli(t, append([]string{"--db", db}, args...)...)
		return out, err
	}
	out, err := run("users", "add", "Dee", "--role", "door", "--key", filepath.Join(dir, "dee.pub"))
	if err != nil || out != "Added Dee as door, signing in with 1 key.\n" {
		t.Fatalf("users add (file): %q, %v", out, err)
	}
	if out, err := run("users", "add", "Fin", "--role", "Finance", "--key", fin); err != nil || !strings.Contains(out, "Added Fin as finance") {
		t.Fatalf("users add (key text): %q, %v", out, err)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"users", "add", "Eve", "--role", "boss", "--key", dee}, `--role: "boss" is not a role: it is one of coordinator, finance, door, reader`},
		{[]string{"users", "add", "Eve", "--role", "reader", "--key", dee}, "is Dee's already"},
		{[]string{"users", "add", "Eve", "--role", "reader", "--key", filepath.Join(dir, "dee")}, "dee:1: this is a private key: give the public one"},
		{[]string{"users", "add", "Eve", "--role", "reader"}, "give Eve a key to sign in with"},
		{[]string{"users", "add", "Eve", "--role", "reader", "--key", filepath.Join(dir, "missing.pub")}, "not a public key, and not a file that can be read"},
		{[]string{"users", "role", "Nobody", "door"}, `nobody called "Nobody" is in the team`},
	} {
		if _, err := run(c.args...); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: %v, want %q", c.args, err, c.want)
		}
	}
	if _, err := run("users", "role", "fin", "reader"); err != nil {
		t.Fatal(err)
	}
	out, err = run("users", "list", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var users []struct {
		ID        string `json:"id"`
		Name      string `json:"name"`
		Role      string `json:"role"`
		CreatedAt string `json:"created_at"`
		UpdatedAt string `json:"updated_at"`
		Keys      []struct {
			Fingerprint string `json:"fingerprint"`
			Type        string `json:"type"`
			Comment     string `json:"comment"`
			AddedAt     string `json:"added_at"`
		} `json:"keys"`
	}
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&users); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(users) != 2 || users[0].Name != "Dee" || users[1].Role != "reader" || users[0].Keys[0].Type != "ssh-ed25519" || users[0].Keys[0].Comment != "dee" {
		t.Errorf("users list --json: %+v", users)
	}
	oldFP := users[0].Keys[0].Fingerprint

	// Changing Dee's key: the new one first, then the old one goes.
	newKeyPair(t, dir, "dee2")
	if out, err := run("users", "key", "add", "Dee", "--key", filepath.Join(dir, "dee2.pub")); err != nil || !strings.HasPrefix(out, "Added the key SHA256:") {
		t.Fatalf("users key add: %q, %v", out, err)
	}
	if _, err := run("users", "key", "remove", "Dee", oldFP); err != nil {
		t.Fatal(err)
	}
	out, err = run("users", "list")
	if err != nil || strings.Contains(out, oldFP) || !strings.Contains(out, "dee2") || !strings.Contains(out, "Fin  reader") {
		t.Errorf("users list after changing Dee's key:\n%s %v", out, err)
	}
	if out, err := run("users", "remove", "Fin"); err != nil || !strings.Contains(out, "Fin can no longer sign in") {
		t.Errorf("users remove: %q, %v", out, err)
	}
	if out, _ := run("users", "list"); strings.Contains(out, "Fin") {
		t.Errorf("Fin is still listed:\n%s", out)
	}
}

// The audit trail on the command line: who did what, newest first, with
// --json; nothing personal in it.
func TestAuditVerb(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "team.db")
	if _, _, err := cli(t, "--db", db, "demo", db); err != nil {
		t.Fatal(err)
	}
	out, _, err := cli(t, "--db", db, "audit")
	if err != nil || out != "The audit trail is empty.\n" {
		t.Errorf("audit of a new demo: %q, %v", out, err)
	}
	if _, _, err := cli(t, "--db", db, "users", "add", "Dee", "--role", "door", "--key", newKeyPair(t, dir, "dee")); err != nil {
		t.Fatal(err)
	}
	if _, _, err := cli(t, "--db", db, "users", "role", "Dee", "reader"); err != nil {
		t.Fatal(err)
	}
	out, _, err = cli(t, "--db", db, "audit", "--json", "--limit", "2")
	if err != nil {
		t.Fatal(err)
	}
	var rows []struct {
		Seq      int64  `json:"seq"`
		At       string `json:"at"`
		Who      string `json:"who"`
		Role     string `json:"role"`
		Op       string `json:"op"`
		Kind     string `json:"kind"`
		RecordID string `json:"record_id"`
		PersonID string `json:"person_id"`
		Action   string `json:"action"`
	}
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&rows); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(rows) != 2 || rows[0].Op != "SetUserRole" || rows[0].Kind != "users" || rows[0].Action != "update" || rows[0].Role != "coordinator" ||
		rows[1].Kind != "user_keys" || rows[1].Op != "AddUser" || rows[0].Seq <= rows[1].Seq {
		t.Errorf("audit --json: %+v", rows)
	}
	out, _, err = cli(t, "--db", db, "audit", "--kind", "users")
	if err != nil || !strings.HasPrefix(out, "WHEN") || strings.Count(out, "\n") != 3 || strings.Contains(out, "Dee") {
		t.Errorf("audit --kind users:\n%s%v", out, err)
	}
}
