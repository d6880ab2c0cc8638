package store

import (
	"context"
	"crypto/rsa"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/ssh"

	"github.com/involve/involve/termsafe"
)

// User is a member of the team who may sign in to involve serve: a name,
// a role, and the SSH keys they sign in with.
type User struct {
	Meta
	Name string   `json:"name"`
	Role TeamRole `json:"role"`
	Keys []UserKey
}

// Actor is the user as the store acts for them.
func (u User) Actor() Actor { return Actor{Name: u.Name, Role: u.Role} }

// UserKey is one SSH public key of a user.
type UserKey struct {
	Meta
	// PublicKey is the key as an authorized_keys line, without comment.
	PublicKey string `json:"public_key"`
	// Fingerprint is its SHA256 fingerprint, as ssh-keygen -l shows it.
	Fingerprint string `json:"fingerprint"`
	Comment     string `json:"comment"`
}

// ErrUnknownKey is what UserByKey says of a key nobody signs in with.
var ErrUnknownKey = errors.New("no member of the team has this key")

// ParsedKey is an SSH public key read from an authorized_keys line.
type ParsedKey struct {
	Key         ssh.PublicKey
	Fingerprint string
	Comment     string
}

// ParseUserKey reads one public key, as an authorized_keys line
// ("ssh-ed25519 AAAA… comment"). Keys too weak to trust are refused: DSA,
// and RSA shorter than 2048 bits.
func ParseUserKey(line string) (ParsedKey, error) {
	line = strings.TrimSpace(line)
	if line == "" {
		return ParsedKey{}, errors.New("no key given")
	}
	pub, comment, opts, rest, err := ssh.ParseAuthorizedKey([]byte(line))
	if err != nil {
		return ParsedKey{}, fmt.Errorf("%q is not an SSH public key (like \"ssh-ed25519 AAAA… name@laptop\", as in a .pub file)", cut(line, 40))
	}
	if len(opts) > 0 {
		return ParsedKey{}, errors.New("give the key without authorized_keys options (from=, command=...)")
	}
	if len(strings.TrimSpace(string(rest))) > 0 {
		return ParsedKey{}, errors.New("give one key at a time")
	}
	switch pub.Type() {
	case "ssh-dss":
		return ParsedKey{}, errors.New("DSA keys are too weak: make an ed25519 key with ssh-keygen -t ed25519")
	case ssh.KeyAlgoRSA:
		if ck, ok := pub.(ssh.CryptoPublicKey); ok {
			if rk, ok := ck.CryptoPublicKey().(*rsa.PublicKey); ok && rk.N.BitLen() < 2048 {
				return ParsedKey{}, fmt.Errorf("this RSA key has %d bits, too few to trust: make an ed25519 key with ssh-keygen -t ed25519", rk.N.BitLen())
			}
		}
	}
	if _, isCert := pub.(*ssh.Certificate); isCert {
		return ParsedKey{}, errors.New("give the public key itself, not a certificate")
	}
	return ParsedKey{Key: pub, Fingerprint: ssh.FingerprintSHA256(pub), Comment: termsafe.Line(strings.TrimSpace(comment))}, nil
}

func cut(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// validUserName checks the name a member of the team signs in as.
func validUserName(name string) (string, error) {
	name = strings.Join(strings.Fields(termsafe.Line(name)), " ")
	switch {
	case name == "":
		return "", fieldErr("Name", "a member of the team needs a name")
	case utf8.RuneCountInString(name) > 60:
		return "", fieldErr("Name", "a name of at most 60 letters, please")
	}
	return name, nil
}

// Users lists the team, by name, with their keys.
func (s *Store) Users(ctx context.Context) ([]User, error) {
	if err := s.allow(ctx, "Users"); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+metaCols+`, name, role FROM users ORDER BY name COLLATE NOCASE`)
	if err != nil {
		return nil, err
	}
	var out []User
	byID := map[string]int{}
	for rows.Next() {
		var u User
		ms := metaScan{m: &u.Meta}
		if err := rows.Scan(append(ms.dest(), &u.Name, &u.Role)...); err != nil {
			rows.Close()
			return nil, err
		}
		ms.finish()
		byID[u.ID] = len(out)
		out = append(out, u)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	keys, err := s.db.QueryContext(ctx, `SELECT `+metaCols+`, user_id, public_key, fingerprint, comment FROM user_keys ORDER BY created_at, id`)
	if err != nil {
		return nil, err
	}
	defer keys.Close()
	for keys.Next() {
		var k UserKey
		var userID string
		ms := metaScan{m: &k.Meta}
		if err := keys.Scan(append(ms.dest(), &userID, &k.PublicKey, &k.Fingerprint, &k.Comment)...); err != nil {
			return nil, err
		}
		ms.finish()
		if i, ok := byID[userID]; ok {
			out[i].Keys = append(out[i].Keys, k)
		}
	}
	return out, keys.Err()
}

// AddUser adds a member of the team with a role and at least one key
// (authorized_keys lines). The name is unique, in any case; a key belongs
// to one member only.
func (s *Store) AddUser(ctx context.Context, name string, role TeamRole, keys ...string) (User, error) {
	if err := s.allow(ctx, "AddUser"); err != nil {
		return User{}, err
	}
	name, err := validUserName(name)
	if err != nil {
		return User{}, err
	}
	if !role.Valid() {
		_, err := ParseTeamRole(string(role))
		return User{}, err
	}
	if len(keys) == 0 {
		return User{}, errors.New("give " + name + " a key to sign in with (--key FILE or --key \"ssh-ed25519 …\")")
	}
	parsed := make([]ParsedKey, len(keys))
	for i, k := range keys {
		if parsed[i], err = ParseUserKey(k); err != nil {
			return User{}, err
		}
	}
	u := User{Name: name, Role: role}
	s.newMeta(&u.Meta)
	err = s.tx(ctx, func(tx *sql.Tx) error {
		var taken int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM users WHERE name = ? COLLATE NOCASE", name).Scan(&taken); err != nil {
			return err
		}
		if taken > 0 {
			return fieldErr("Name", "%s is in the team already (users role changes a role; users key add adds a key)", name)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO users (`+metaCols+`, name, role) VALUES (?,?,?,?,?,?)`,
			u.ID, ts(u.CreatedAt), ts(u.UpdatedAt), u.Version, u.Name, string(u.Role)); err != nil {
			return err
		}
		for _, p := range parsed {
			k, err := s.insertKey(ctx, tx, u.ID, p)
			if err != nil {
				return err
			}
			u.Keys = append(u.Keys, k)
		}
		return nil
	})
	if err != nil {
		return User{}, err
	}
	return u, nil
}

func (s *Store) insertKey(ctx context.Context, tx *sql.Tx, userID string, p ParsedKey) (UserKey, error) {
	var owner string
	err := tx.QueryRowContext(ctx, `SELECT u.name FROM user_keys k JOIN users u ON u.id = k.user_id WHERE k.fingerprint = ?`, p.Fingerprint).Scan(&owner)
	if err == nil {
		return UserKey{}, fmt.Errorf("the key %s is %s's already: each key belongs to one member of the team", p.Fingerprint, owner)
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return UserKey{}, err
	}
	k := UserKey{PublicKey: strings.TrimSpace(string(ssh.MarshalAuthorizedKey(p.Key))), Fingerprint: p.Fingerprint, Comment: p.Comment}
	s.newMeta(&k.Meta)
	_, err = tx.ExecContext(ctx, `INSERT INTO user_keys (`+metaCols+`, user_id, public_key, fingerprint, comment) VALUES (?,?,?,?,?,?,?,?)`,
		k.ID, ts(k.CreatedAt), ts(k.UpdatedAt), k.Version, userID, k.PublicKey, k.Fingerprint, k.Comment)
	return k, err
}

// userID finds a member of the team by name, in any case.
func (s *Store) userID(ctx context.Context, q queryer, name string) (string, string, error) {
	var id, stored string
	err := q.QueryRowContext(ctx, "SELECT id, name FROM users WHERE name = ? COLLATE NOCASE", strings.Join(strings.Fields(name), " ")).Scan(&id, &stored)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", fmt.Errorf("nobody called %q is in the team (involve users list shows who is)", termsafe.Line(name))
	}
	return id, stored, err
}

// AddUserKey gives a member of the team another key (a new laptop; the
// first step of changing keys: add the new, then remove the old).
func (s *Store) AddUserKey(ctx context.Context, name, key string) (UserKey, error) {
	if err := s.allow(ctx, "AddUserKey"); err != nil {
		return UserKey{}, err
	}
	p, err := ParseUserKey(key)
	if err != nil {
		return UserKey{}, err
	}
	var k UserKey
	err = s.tx(ctx, func(tx *sql.Tx) error {
		id, _, err := s.userID(ctx, tx, name)
		if err != nil {
			return err
		}
		k, err = s.insertKey(ctx, tx, id, p)
		return err
	})
	return k, err
}

// RemoveUserKey takes a key from a member of the team, by its fingerprint
// (SHA256:…, as users list shows it). Their last key is kept: remove the
// member instead.
func (s *Store) RemoveUserKey(ctx context.Context, name, fingerprint string) error {
	if err := s.allow(ctx, "RemoveUserKey"); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		id, stored, err := s.userID(ctx, tx, name)
		if err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM user_keys WHERE user_id = ?", id).Scan(&n); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, "DELETE FROM user_keys WHERE user_id = ? AND fingerprint = ?", id, strings.TrimSpace(fingerprint))
		if err != nil {
			return err
		}
		if got, _ := res.RowsAffected(); got == 0 {
			return fmt.Errorf("%s has no key %s (involve users list shows their keys)", stored, termsafe.Line(fingerprint))
		}
		if n == 1 {
			return fmt.Errorf("that is %s's only key: add their new key first (users key add), or remove %s from the team (users remove)", stored, stored)
		}
		return nil
	})
}

// SetUserRole changes what a member of the team may do, from their next
// sign-in.
func (s *Store) SetUserRole(ctx context.Context, name string, role TeamRole) error {
	if err := s.allow(ctx, "SetUserRole"); err != nil {
		return err
	}
	if !role.Valid() {
		_, err := ParseTeamRole(string(role))
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		id, _, err := s.userID(ctx, tx, name)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, "UPDATE users SET role = ?, updated_at = ?, version = version + 1 WHERE id = ?", string(role), s.stamp(), id)
		return err
	})
}

// RemoveUser takes a member off the team, with their keys: they can no
// longer sign in. What they did stays in the audit trail, under their
// name.
func (s *Store) RemoveUser(ctx context.Context, name string) error {
	if err := s.allow(ctx, "RemoveUser"); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		id, _, err := s.userID(ctx, tx, name)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, "DELETE FROM users WHERE id = ?", id)
		return err
	})
}

// UserByKey finds the member of the team who signs in with the key of this
// fingerprint (SHA256:…), or ErrUnknownKey.
func (s *Store) UserByKey(ctx context.Context, fingerprint string) (User, error) {
	if err := s.allow(ctx, "UserByKey"); err != nil {
		return User{}, err
	}
	var u User
	ms := metaScan{m: &u.Meta}
	err := s.db.QueryRowContext(ctx, `SELECT `+prefixed("u", metaCols)+`, u.name, u.role FROM user_keys k
		JOIN users u ON u.id = k.user_id WHERE k.fingerprint = ?`, fingerprint).Scan(append(ms.dest(), &u.Name, &u.Role)...)
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, ErrUnknownKey
	}
	if err != nil {
		return User{}, err
	}
	ms.finish()
	return u, nil
}
