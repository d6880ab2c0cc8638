package store

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"errors"
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"
)

// testKey is a new ed25519 public key as an authorized_keys line.
func testKey(t *testing.T, comment string) string {
	t.Helper()
	pub, _, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	k, err := ssh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(ssh.MarshalAuthorizedKey(k))) + " " + comment
}

func TestUsersAndKeys(t *testing.T) {
	s := recOpen(t)
	k1, k2 := testKey(t, "dee@laptop"), testKey(t, "dee@phone")
	u, err := s.AddUser(recCtx, "  Dee   Door ", TeamDoor, k1)
	if err != nil {
		t.Fatal(err)
	}
	if u.Name != "Dee Door" || u.Role != TeamDoor || len(u.Keys) != 1 || u.Keys[0].Comment != "dee@laptop" || !strings.HasPrefix(u.Keys[0].Fingerprint, "SHA256:") {
		t.Errorf("added %+v", u)
	}
	if _, err := s.AddUser(recCtx, "dee door", TeamReader, k2); err == nil || !strings.Contains(err.Error(), "in the team already") {
		t.Errorf("a second Dee Door: %v", err)
	}
	if _, err := s.AddUser(recCtx, "Fin", TeamFinance, k1); err == nil || !strings.Contains(err.Error(), "is Dee Door's already") {
		t.Errorf("Dee's key for Fin: %v", err)
	}
	if _, err := s.AddUser(recCtx, "Fin", TeamFinance); err == nil || !strings.Contains(err.Error(), "a key to sign in with") {
		t.Errorf("Fin with no key: %v", err)
	}
	if _, err := s.AddUser(recCtx, "Fin", "boss", k2); err == nil || !strings.Contains(err.Error(), "is not a role") {
		t.Errorf("Fin as boss: %v", err)
	}
	if _, err := s.AddUser(recCtx, "Fin", TeamFinance, "ssh-ed25519 nonsense"); err == nil || !strings.Contains(err.Error(), "is not an SSH public key") {
		t.Errorf("Fin with a bad key: %v", err)
	}
	if n := recRows(t, s, "users"); n != 1 {
		t.Errorf("a refused user left %d users", n)
	}

	fp := u.Keys[0].Fingerprint
	got, err := s.UserByKey(recCtx, fp)
	if err != nil || got.Name != "Dee Door" || got.Role != TeamDoor {
		t.Errorf("UserByKey = %+v, %v", got, err)
	}
	if _, err := s.UserByKey(recCtx, "SHA256:nobody"); !errors.Is(err, ErrUnknownKey) {
		t.Errorf("UserByKey(unknown) = %v", err)
	}

	// Changing keys: the new one first, then the old one goes.
	if err := s.RemoveUserKey(recCtx, "Dee Door", fp); err == nil || !strings.Contains(err.Error(), "only key") {
		t.Errorf("removing Dee's only key: %v", err)
	}
	k, err := s.AddUserKey(recCtx, "DEE DOOR", k2)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.RemoveUserKey(recCtx, "Dee Door", fp); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UserByKey(recCtx, fp); !errors.Is(err, ErrUnknownKey) {
		t.Errorf("the old key still signs in: %v", err)
	}
	if got, err := s.UserByKey(recCtx, k.Fingerprint); err != nil || got.Name != "Dee Door" {
		t.Errorf("the new key: %+v, %v", got, err)
	}

	if err := s.SetUserRole(recCtx, "dee door", TeamReader); err != nil {
		t.Fatal(err)
	}
	users, err := s.Users(recCtx)
	if err != nil || len(users) != 1 || users[0].Role != TeamReader || len(users[0].Keys) != 1 || users[0].Keys[0].Fingerprint != k.Fingerprint {
		t.Errorf("Users = %+v, %v", users, err)
	}
	if err := s.SetUserRole(recCtx, "Nobody", TeamReader); err == nil || !strings.Contains(err.Error(), "nobody called") {
		t.Errorf("role of nobody: %v", err)
	}
	if err := s.RemoveUser(recCtx, "Dee Door"); err != nil {
		t.Fatal(err)
	}
	recWantRows(t, s, map[string]int{"users": 0, "user_keys": 0})
}

func TestUserKeysRefusedWhenWeak(t *testing.T) {
	rk, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	pub, err := ssh.NewPublicKey(&rk.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ParseUserKey(string(ssh.MarshalAuthorizedKey(pub))); err == nil || !strings.Contains(err.Error(), "1024 bits") {
		t.Errorf("a 1024-bit RSA key: %v", err)
	}
	if _, err := ParseUserKey(`command="ls" ` + testKey(t, "x")); err == nil || !strings.Contains(err.Error(), "without authorized_keys options") {
		t.Errorf("a key with options: %v", err)
	}
}

// Only a coordinator manages the team.
func TestUsersAreForCoordinators(t *testing.T) {
	fx := newRoleFixture(t)
	for _, v := range []*Store{fx.fin, fx.door, fx.rd} {
		_, err := v.AddUser(recCtx, "Eve", TeamCoordinator, testKey(t, "eve"))
		wantRefused(t, string(v.actor.Role)+" adds a user", err, "The team's users and keys is for the coordinator role")
		_, err = v.Users(recCtx)
		wantRefused(t, string(v.actor.Role)+" lists users", err, "coordinator")
	}
	if _, err := fx.coord.AddUser(recCtx, "Eve", TeamFinance, testKey(t, "eve")); err != nil {
		t.Error(err)
	}
}
