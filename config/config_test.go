package config

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

const age1 = "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p"

func TestParseEverySetting(t *testing.T) {
	src := `# my settings
theme = "light"
accessible = true

[stories]
support_message = "Talk to Sam at the drop-in, or call 0800 000 000."

[backup]
recipients = [
  "` + age1 + `",
  "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHx dpo@example",
]

[keys]
"global.quit" = ["Q"]
"register.attended" = "a"
list.page_down = ["pgdown", "ctrl+f"]

[keys.money]
approve = ["A"]
`
	c, err := Parse("config.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if c.Theme != ThemeLight || !c.Accessible || !strings.HasPrefix(c.SupportMessage, "Talk to Sam") {
		t.Errorf("settings: %+v", c)
	}
	if got := c.BackupRecipients(); len(got) != 2 || got[0] != age1 {
		t.Errorf("recipients: %q", got)
	}
	want := []KeyRemap{
		{"global.quit", []string{"Q"}, 15},
		{"register.attended", []string{"a"}, 16},
		{"list.page_down", []string{"pgdown", "ctrl+f"}, 17},
		{"money.approve", []string{"A"}, 20},
	}
	if !reflect.DeepEqual(c.Keys, want) {
		t.Errorf("keys:\n got %+v\nwant %+v", c.Keys, want)
	}
}

func TestMissingFileIsTheStandardSettings(t *testing.T) {
	p := filepath.Join(t.TempDir(), "config.toml")
	c, err := Load(p)
	if err != nil || c.Exists || c.Theme != ThemeAuto || c.Accessible || len(c.Keys) != 0 || c.Path != p {
		t.Fatalf("Load of a missing file: %+v, %v", c, err)
	}
}

// Every problem is reported with its line, and the standard settings are
// what comes back: a file with a mistake in it does not half-apply.
func TestProblemsHaveLinesAndGiveTheStandardSettings(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      []string // "LINE: fragment"
	}{
		{"syntax", "theme = \"dark\"\naccessible = tru\n", []string{"2: "}},
		{"unclosed string", "theme = \"dark\n", []string{"1: "}},
		{"key given twice", "theme = \"dark\"\ntheme = \"light\"\n", []string{"2: "}},
		{"unknown setting", "theme = \"dark\"\ncolour = \"blue\"\n", []string{`2: unknown setting "colour"`}},
		{"misspelt", "\n\nthem = \"dark\"\n", []string{"3: unknown setting \"them\" (did you mean theme?)"}},
		{"wrong table", "support_message = \"x\"\n", []string{"1: unknown setting \"support_message\" (did you mean stories.support_message?)"}},
		{"bad theme", "theme = \"blue\"\n", []string{`1: theme must be "auto", "light" or "dark" (got "blue")`}},
		{"accessible not bool", "accessible = \"yes\"\n", []string{`1: accessible must be true or false (got "yes")`}},
		{"recipients not a list", "[backup]\nrecipients = \"" + age1 + "\"\n", []string{"2: backup.recipients must be a list"}},
		{"secret key", "[backup]\nrecipients = [\"AGE-SECRET-KEY-1QQQ\"]\n", []string{"2: backup.recipients: that is a secret key"}},
		{"not a recipient", "[backup]\nrecipients = [\"bob@example.org\"]\n", []string{"2: backup.recipients: \"bob@example.org\" is not an age recipient"}},
		{"key not a string", "[keys]\n\"global.quit\" = 5\n", []string{`2: keys: "global.quit" must be a key in quotes`}},
		{"keys as a value", "keys = \"q\"\n", []string{"1: keys is a table of settings"}},
		{"array table", "[[keys]]\nx = 1\n", []string{"1: [[keys]]"}},
		{"two problems", "theme = \"blue\"\n\nfoo = 1\n", []string{"1: theme must be", "3: unknown setting \"foo\""}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Parse("/home/u/.config/involve/config.toml", []byte(tc.src))
			var probs *Problems
			if !errors.As(err, &probs) {
				t.Fatalf("no problems reported (err %v)", err)
			}
			lines := strings.Split(err.Error(), "\n")
			if len(lines) != len(tc.want) {
				t.Fatalf("got %d problems, want %d:\n%s", len(lines), len(tc.want), err)
			}
			for i, w := range tc.want {
				if !strings.HasPrefix(lines[i], "/home/u/.config/involve/config.toml:"+w) {
					t.Errorf("problem %d:\n got %s\nwant config.toml:%s…", i, lines[i], w)
				}
			}
			if c.Theme != ThemeAuto || c.Accessible || len(c.Keys) != 0 || len(c.BackupRecipients()) != 0 {
				t.Errorf("a file with problems gave settings other than the standard ones: %+v", c)
			}
		})
	}
}

func TestUnreadableFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "config.toml")
	if err := os.Mkdir(p, 0o700); err != nil { // a folder where the file should be
		t.Fatal(err)
	}
	c, err := Load(p)
	if err == nil || !strings.HasPrefix(err.Error(), p+": cannot read it") || c.Theme != ThemeAuto {
		t.Fatalf("Load of a folder: %+v, %v", c, err)
	}
}

// The support message cannot carry escape sequences to the terminal.
func TestSupportMessageIsCleaned(t *testing.T) {
	c, err := Parse("config.toml", []byte("[stories]\nsupport_message = \"Call \\u001b[31mus\\u0007 \"\n"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.ContainsAny(c.SupportMessage, "\x1b\x07") || c.SupportMessage != "Call [31mus" {
		t.Fatalf("support message %q", c.SupportMessage)
	}
}

// What show prints is a settings file that reads back the same.
func TestMarshalReadsBack(t *testing.T) {
	src := "theme = \"dark\"\naccessible = true\n[stories]\nsupport_message = \"It's \\\"fine\\\"\\nreally\"\n[backup]\nrecipients = [\"" + age1 + "\"]\n[keys]\n\"global.quit\" = [\"Q\", \"ctrl+q\"]\n"
	c, err := Parse("config.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	again, err := Parse("config.toml", []byte(c.Marshal()))
	if err != nil {
		t.Fatalf("%v\n%s", err, c.Marshal())
	}
	again.Keys[0].Line = c.Keys[0].Line
	if again.Theme != c.Theme || again.Accessible != c.Accessible || again.SupportMessage != c.SupportMessage ||
		!reflect.DeepEqual(again.BackupRecipients(), c.BackupRecipients()) || !reflect.DeepEqual(again.Keys, c.Keys) {
		t.Fatalf("read back differently:\n%s", c.Marshal())
	}
	std, err := Parse("config.toml", []byte(Default().Marshal()))
	if err != nil || std.Theme != ThemeAuto {
		t.Fatalf("the standard settings do not read back: %v", err)
	}
}

func TestPathIsInTheConfigFolder(t *testing.T) {
	if !strings.HasSuffix(Path(), filepath.Join("involve", "config.toml")) {
		t.Fatal(Path())
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte("theme = \"dark\"\n[keys]\n\"global.quit\" = [\"q\"]\n"))
	f.Add([]byte("[keys.global]\nquit = { a = 1 }\n"))
	f.Add([]byte("[[x]]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Parse("config.toml", data)
		if c == nil {
			t.Fatal("no settings")
		}
		if err != nil && (len(c.Keys) > 0 || c.Theme != ThemeAuto) {
			t.Fatal("problems, yet settings other than the standard ones")
		}
	})
}
