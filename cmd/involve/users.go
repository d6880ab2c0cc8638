package main

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/involve/involve/store"
)

func (a *app) usersCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "users",
		Short: "The team who may sign in to involve serve: their roles and SSH keys",
		Long: `The members of the team who may use the database over SSH (involve serve), each
with a role and one or more SSH public keys. The roles:

  coordinator  everything
  finance      money (claims, payments, petty cash, rates) and the names of the
               people it is for; reading stories
  door         the registers of today's meetings: names, signing in, adding
               someone new
  reader       reading mode only

Running involve on this computer (the interface and these verbs) is the
computer's owner, as coordinator.`,
		Args: cobra.NoArgs,
	}
	var role string
	var keys []string
	add := &cobra.Command{
		Use:   `add NAME --role ROLE --key FILE|"ssh-ed25519 …"`,
		Short: "Add a member of the team with a role and their public key",
		Long: `Add NAME to the team with --role (coordinator, finance, door or reader) and the
public key they sign in with: a .pub file (each key in it, one a line), or the
key itself in quotes. --key may be given more than once.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			r, err := store.ParseTeamRole(role)
			if err != nil {
				return fmt.Errorf("--role: %w", err)
			}
			lines, err := keyLines(keys)
			if err != nil {
				return err
			}
			s, _, err := a.open(true)
			if err != nil {
				return err
			}
			defer s.Close()
			u, err := s.AddUser(cmd.Context(), args[0], r, lines...)
			if err != nil {
				return err
			}
			a.out("Added %s as %s, signing in with %s.\n", u.Name, u.Role, countKeys(len(u.Keys)))
			return nil
		},
	}
	add.Flags().StringVar(&role, "role", "", "coordinator, finance, door or reader")
	add.Flags().StringArrayVar(&keys, "key", nil, `a public key file, or the key itself ("ssh-ed25519 AAAA… name")`)

	var asJSON bool
	list := &cobra.Command{
		Use:   "list [--json]",
		Short: "List the team, their roles and their keys' fingerprints",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			s, _, err := a.open(true)
			if err != nil {
				return err
			}
			defer s.Close()
			users, err := s.Users(cmd.Context())
			if err != nil {
				return err
			}
			if asJSON {
				return a.printJSON(usersJSON(users))
			}
			if len(users) == 0 {
				a.out("Nobody is in the team yet: involve users add NAME --role ROLE --key FILE\n")
				return nil
			}
			for _, u := range users {
				a.out("%s  %s\n", u.Name, u.Role)
				for _, k := range u.Keys {
					a.out("    %s  %s  %s\n", k.Fingerprint, strings.Fields(k.PublicKey)[0], k.Comment)
				}
			}
			return nil
		},
	}
	jsonFlag(list, &asJSON)

	remove := &cobra.Command{
		Use:   "remove NAME",
		Short: "Take a member off the team, with their keys (what they did stays in the audit trail)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, _, err := a.open(true)
			if err != nil {
				return err
			}
			defer s.Close()
			if err := s.RemoveUser(cmd.Context(), args[0]); err != nil {
				return err
			}
			a.out("%s can no longer sign in. A session they have open now goes on until they leave it: restart involve serve to end it.\n", strings.TrimSpace(args[0]))
			return nil
		},
	}

	roleCmd := &cobra.Command{
		Use:   "role NAME ROLE",
		Short: "Change what a member of the team may do (from their next sign-in)",
		Args:  cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			r, err := store.ParseTeamRole(args[1])
			if err != nil {
				return err
			}
			s, _, err := a.open(true)
			if err != nil {
				return err
			}
			defer s.Close()
			if err := s.SetUserRole(cmd.Context(), args[0], r); err != nil {
				return err
			}
			a.out("%s is %s from their next sign-in.\n", strings.TrimSpace(args[0]), r)
			return nil
		},
	}

	key := &cobra.Command{
		Use:   "key",
		Short: "Add or remove a member's keys (to change a key: add the new one, then remove the old)",
		Args:  cobra.NoArgs,
	}
	var addKeys []string
	keyAdd := &cobra.Command{
		Use:   `add NAME --key FILE|"ssh-ed25519 …"`,
		Short: "Give a member of the team another key",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			lines, err := keyLines(addKeys)
			if err != nil {
				return err
			}
			if len(lines) == 0 {
				return fmt.Errorf("give the key with --key FILE or --key \"ssh-ed25519 …\"")
			}
			s, _, err := a.open(true)
			if err != nil {
				return err
			}
			defer s.Close()
			for _, l := range lines {
				k, err := s.AddUserKey(cmd.Context(), args[0], l)
				if err != nil {
					return err
				}
				a.out("Added the key %s.\n", k.Fingerprint)
			}
			return nil
		},
	}
	keyAdd.Flags().StringArrayVar(&addKeys, "key", nil, `a public key file, or the key itself ("ssh-ed25519 AAAA… name")`)
	keyRemove := &cobra.Command{
		Use:   "remove NAME FINGERPRINT",
		Short: "Take a key from a member of the team (its SHA256:… fingerprint, as users list shows it)",
		Args:  cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, _, err := a.open(true)
			if err != nil {
				return err
			}
			defer s.Close()
			if err := s.RemoveUserKey(cmd.Context(), args[0], args[1]); err != nil {
				return err
			}
			a.out("Removed the key %s: it no longer signs in.\n", strings.TrimSpace(args[1]))
			return nil
		},
	}
	key.AddCommand(keyAdd, keyRemove)
	cmd.AddCommand(add, list, remove, roleCmd, key)
	return cmd
}

func countKeys(n int) string {
	if n == 1 {
		return "1 key"
	}
	return fmt.Sprintf("%d keys", n)
}

// keyLines reads each --key: the key itself when it looks like one, else a
// file of keys, one a line (blank lines and # comments skipped).
func keyLines(args []string) ([]string, error) {
	var out []string
	for _, arg := range args {
		arg = strings.TrimSpace(arg)
		if looksLikeKey(arg) {
			out = append(out, arg)
			continue
		}
		f, err := os.Open(arg)
		if err != nil {
			return nil, fmt.Errorf("--key %s: not a public key, and not a file that can be read: %s", arg, store.FileProblem(err))
		}
		sc := bufio.NewScanner(f)
		n, found := 0, 0
		for sc.Scan() {
			n++
			line := strings.TrimSpace(sc.Text())
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			if strings.Contains(line, "PRIVATE KEY") {
				f.Close()
				return nil, fmt.Errorf("%s:%d: this is a private key: give the public one (the .pub file), and keep this one secret", arg, n)
			}
			if _, err := store.ParseUserKey(line); err != nil {
				f.Close()
				return nil, fmt.Errorf("%s:%d: %w", arg, n, err)
			}
			out = append(out, line)
			found++
		}
		f.Close()
		if err := sc.Err(); err != nil {
			return nil, fmt.Errorf("--key %s: %w", arg, err)
		}
		if found == 0 {
			return nil, fmt.Errorf("%s holds no public key", arg)
		}
	}
	return out, nil
}

func looksLikeKey(s string) bool {
	for _, p := range []string{"ssh-", "ecdsa-", "sk-ssh-", "sk-ecdsa-"} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// userJSON is one member of the team in `users list --json`.
type userJSON struct {
	ID        string        `json:"id"`
	Name      string        `json:"name"`
	Role      string        `json:"role"`
	CreatedAt time.Time     `json:"created_at"`
	UpdatedAt time.Time     `json:"updated_at"`
	Keys      []userKeyJSON `json:"keys"`
}

type userKeyJSON struct {
	Fingerprint string    `json:"fingerprint"`
	Type        string    `json:"type"`
	Comment     string    `json:"comment"`
	AddedAt     time.Time `json:"added_at"`
}

func usersJSON(users []store.User) []userJSON {
	out := make([]userJSON, 0, len(users))
	for _, u := range users {
		j := userJSON{ID: u.ID, Name: u.Name, Role: string(u.Role), CreatedAt: u.CreatedAt, UpdatedAt: u.UpdatedAt, Keys: []userKeyJSON{}}
		for _, k := range u.Keys {
			j.Keys = append(j.Keys, userKeyJSON{Fingerprint: k.Fingerprint, Type: strings.Fields(k.PublicKey)[0], Comment: k.Comment, AddedAt: k.CreatedAt})
		}
		out = append(out, j)
	}
	return out
}
