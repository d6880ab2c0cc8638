package store

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"filippo.io/age"
	"filippo.io/age/agessh"
	"filippo.io/age/armor"
	"golang.org/x/crypto/ssh"
)

// ageMagic starts every age-encrypted file; armored files start with
// ageArmor instead.
const (
	ageMagic = "age-encryption.org/v1\n"
	ageArmor = "-----BEGIN AGE ENCRYPTED FILE-----"
)

// ParseRecipient reads one backup recipient: an age public key (age1…) or
// an SSH public key line (ssh-ed25519 … or ssh-rsa …).
func ParseRecipient(s string) (age.Recipient, error) {
	s = strings.TrimSpace(s)
	switch {
	case strings.HasPrefix(s, "AGE-SECRET-KEY-"):
		// Never echo it: it is a secret.
		return nil, errors.New("that is a secret key (an identity), not a recipient: give its public key, age1…")
	case strings.HasPrefix(s, "-----BEGIN") && strings.Contains(s, "PRIVATE KEY"):
		// An SSH private key file (id_ed25519 for id_ed25519.pub).
		return nil, errors.New("that is a private key, not a public one: give its public key (the .pub file beside it)")
	case strings.HasPrefix(s, "age1pq1"):
		return age.ParseHybridRecipient(s)
	case strings.HasPrefix(s, "age1"):
		r, err := age.ParseX25519Recipient(s)
		if err != nil {
			return nil, fmt.Errorf("%q is not a valid age public key", s)
		}
		return r, nil
	case strings.HasPrefix(s, "ssh-"):
		r, err := agessh.ParseRecipient(s)
		if err != nil {
			return nil, fmt.Errorf("not an SSH public key age can use (ssh-ed25519 or ssh-rsa): %v", err)
		}
		return r, nil
	}
	return nil, errors.New("not a recipient: an age public key starts age1, an SSH public key ssh-ed25519 or ssh-rsa")
}

// notAKey refuses a file name that is a secret key itself (given where
// the name of a file holding it was wanted), without repeating it: an
// error quoting the name would print the key.
func notAKey(path string) error {
	if strings.HasPrefix(strings.ToUpper(strings.TrimSpace(path)), "AGE-SECRET-KEY-") {
		return errors.New("that is a secret key itself, not the name of a file holding one: put the key in a file (private to you) and give the file's name; the key was not shown here")
	}
	return nil
}

// ReadRecipientsFile reads an age recipients file: one recipient a line
// (see ParseRecipient), with blank lines and lines starting # ignored. A
// mistake is reported as FILE:LINE: what.
func ReadRecipientsFile(path string) ([]age.Recipient, error) {
	if err := notAKey(path); err != nil {
		return nil, err
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read the recipients file %s: %s", path, FileProblem(err))
	}
	var out []age.Recipient
	err = keyLines(path, data, func(line string) error {
		r, err := ParseRecipient(line)
		out = append(out, r)
		return err
	})
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no recipients in it (one age1… or ssh-ed25519 … key a line)", path)
	}
	return out, nil
}

// DefaultRecipients reads DefaultRecipientsFile when it exists. It returns
// no recipients and no error when there is no such file, and the file's
// path when there is.
func DefaultRecipients() ([]age.Recipient, string, error) {
	path := DefaultRecipientsFile()
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return nil, "", nil
	}
	rs, err := ReadRecipientsFile(path)
	return rs, path, err
}

// ReadIdentityFile reads the key that opens encrypted backups: an age
// identity file (AGE-SECRET-KEY-1… lines, as age-keygen writes) or an SSH
// private key without a passphrase.
func ReadIdentityFile(path string) ([]age.Identity, error) {
	if err := notAKey(path); err != nil {
		return nil, err
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read the identity file %s: %s", path, FileProblem(err))
	}
	switch {
	case bytes.HasPrefix(data, []byte(ageMagic)) || bytes.HasPrefix(data, []byte(ageArmor)):
		return nil, fmt.Errorf("%s is itself encrypted: decrypt it with age first, or give the key unencrypted", path)
	case bytes.HasPrefix(bytes.TrimSpace(data), []byte("-----BEGIN")):
		id, err := agessh.ParseIdentity(data)
		var missing *ssh.PassphraseMissingError
		if errors.As(err, &missing) {
			return nil, fmt.Errorf("%s is an SSH key protected by a passphrase, which involve cannot use: give an age identity (age-keygen) instead", path)
		}
		if err != nil {
			return nil, fmt.Errorf("%s is not a key involve can use: %v", path, err)
		}
		return []age.Identity{id}, nil
	}
	var out []age.Identity
	err = keyLines(path, data, func(line string) error {
		ids, err := age.ParseIdentities(strings.NewReader(line))
		switch {
		case err == nil:
			out = append(out, ids...)
			return nil
		case strings.HasPrefix(line, "age1"):
			return errors.New("that is a public key (a recipient): restoring needs the secret key, AGE-SECRET-KEY-1…")
		}
		// Never quote the line: it may be a secret.
		return errors.New("not an age identity (AGE-SECRET-KEY-1…)")
	})
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no identity in it (an AGE-SECRET-KEY-1… line)", path)
	}
	return out, nil
}

// keyLines calls fn with each line of the keys file at path that is not
// blank or a comment (#), trimmed; its error comes back as "PATH:LINE: what".
func keyLines(path string, data []byte, fn func(line string) error) error {
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if err := fn(line); err != nil {
			return fmt.Errorf("%s:%d: %v", path, n, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("cannot read %s: %v", path, err)
	}
	return nil
}

// checkRecipients applies age's rule: a passphrase is the only recipient.
func checkRecipients(rs []age.Recipient) error {
	for _, r := range rs {
		if _, ok := r.(*age.ScryptRecipient); ok && len(rs) > 1 {
			return errors.New("a backup protected by a passphrase cannot also be encrypted for keys: use either --passphrase or recipients")
		}
	}
	return nil
}

// BackupFormat is how a backup file is stored.
type BackupFormat int

const (
	// BackupPlain is an SQLite database file as it is (or not a backup at all).
	BackupPlain BackupFormat = iota
	// BackupKeys is encrypted with age for one or more public keys.
	BackupKeys
	// BackupPassphrase is encrypted with age for a passphrase.
	BackupPassphrase
)

// InspectBackup says whether the file at path is age-encrypted, and if so
// whether it opens with a passphrase or with an identity.
func InspectBackup(path string) (BackupFormat, error) {
	f, err := os.Open(path)
	if err != nil {
		return BackupPlain, fmt.Errorf("cannot read %s: %s", path, FileProblem(err))
	}
	defer f.Close()
	r, encrypted, err := ageInput(f)
	if err != nil {
		return BackupPlain, fmt.Errorf("cannot read %s: %s", path, FileProblem(err))
	}
	if !encrypted {
		return BackupPlain, nil
	}
	hdr, err := age.ExtractHeader(r)
	if err != nil {
		return BackupKeys, fmt.Errorf("%s is damaged: its age header cannot be read (%v)", path, err)
	}
	for _, line := range strings.Split(string(hdr), "\n") {
		if strings.HasPrefix(line, "-> scrypt ") {
			return BackupPassphrase, nil
		}
	}
	return BackupKeys, nil
}

// ageInput looks at the start of r: it returns a reader giving the whole of
// it again (unarmored if it was armored), and whether it is age-encrypted.
func ageInput(r io.Reader) (io.Reader, bool, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	head, err := br.Peek(len(ageArmor))
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, false, err
	}
	switch {
	case bytes.HasPrefix(head, []byte(ageMagic)):
		return br, true, nil
	case bytes.HasPrefix(head, []byte(ageArmor)):
		return armor.NewReader(br), true, nil
	}
	return br, false, nil
}

// openBackup opens a backup file for reading its database: decrypted with
// ids when it is age-encrypted. Errors met later while reading (a file
// cut short, or changed) say that the backup is damaged.
func openBackup(path string, ids []age.Identity) (io.ReadCloser, bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, false, fmt.Errorf("cannot read %s: %s", path, FileProblem(err))
	}
	r, encrypted, err := ageInput(f)
	if err != nil {
		f.Close()
		return nil, false, fmt.Errorf("cannot read %s: %s", path, FileProblem(err))
	}
	if !encrypted {
		return struct {
			io.Reader
			io.Closer
		}{r, f}, false, nil
	}
	if len(ids) == 0 {
		f.Close()
		return nil, true, fmt.Errorf("%s is encrypted: give the key that opens it (--identity FILE)", path)
	}
	plain, err := age.Decrypt(r, ids...)
	if err != nil {
		f.Close()
		var nomatch *age.NoIdentityMatchError
		if errors.As(err, &nomatch) {
			for _, id := range ids {
				if _, ok := id.(*age.ScryptIdentity); ok {
					return nil, true, fmt.Errorf("the passphrase does not open %s", path)
				}
			}
			return nil, true, fmt.Errorf("the key given does not open %s: it was encrypted for other keys", path)
		}
		return nil, true, fmt.Errorf("%s is damaged: %v", path, err)
	}
	return struct {
		io.Reader
		io.Closer
	}{&damageReader{r: plain, path: path}, f}, true, nil
}

// damageReader turns an error met while decrypting into a plain message.
type damageReader struct {
	r    io.Reader
	path string
}

func (d *damageReader) Read(p []byte) (int, error) {
	n, err := d.r.Read(p)
	if err != nil && !errors.Is(err, io.EOF) {
		what := "it is cut short, or was changed after it was written"
		if errors.Is(err, io.ErrUnexpectedEOF) {
			what = "it is cut short"
		}
		err = fmt.Errorf("%s is damaged: %s (%v)", d.path, what, err)
	}
	return n, err
}
