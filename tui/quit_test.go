package tui

import (
	"context"
	"errors"
	"testing"

	"github.com/involve/involve/store"
	"github.com/involve/involve/tui/kit"
)

// withBackup gives the app a backup to offer on quitting, counting calls.
func withBackup(calls *int, err error) harnessOpt {
	return func(c *harnessConfig) {
		c.opt.Backup = func(context.Context, *store.Store) (string, error) {
			*calls++
			return "Backed up to /backups/x.db (not encrypted).", err
		}
	}
}

// Quitting offers a backup once a day: yes makes it and quits, saying what
// it did once the screen is left; no quits without one.
func TestQuitOffersABackupOnceADay(t *testing.T) {
	calls := 0
	h := newHarness(t, withBackup(&calls, nil))
	k := h.keys()
	h.press(k.Global.Quit)
	if h.quit {
		t.Fatal("q quit without offering the day's backup")
	}
	h.wantScreen("Back up before you go?", "No backup has been made today.")
	h.press(k.Confirm.Yes)
	if calls != 1 || !h.quit {
		t.Fatalf("yes: %d backups made, quit %v", calls, h.quit)
	}
	if got := h.m.ExitNote(); got != "Backed up to /backups/x.db (not encrypted)." {
		t.Errorf("ExitNote = %q", got)
	}

	calls = 0
	h = newHarness(t, withBackup(&calls, nil))
	h.press(k.Global.Quit)
	h.press(k.Confirm.No)
	if calls != 0 || !h.quit || h.m.ExitNote() != "" {
		t.Fatalf("no: %d backups made, quit %v, note %q", calls, h.quit, h.m.ExitNote())
	}
	// Declined: not asked again today.
	if due, err := h.s.BackupDue(bg()); err != nil || due {
		t.Errorf("after no, a backup is still due today: %v %v", due, err)
	}

	// ctrl+c twice quits at once, with no backup.
	calls = 0
	h = newHarness(t, withBackup(&calls, nil))
	h.press(k.Global.ForceQuit)
	h.press(k.Global.ForceQuit)
	if calls != 0 || !h.quit {
		t.Fatalf("ctrl+c twice: %d backups made, quit %v", calls, h.quit)
	}
}

// A backup made today (or the offer turned off) means q simply quits.
func TestQuitWithoutOfferWhenNotDue(t *testing.T) {
	calls := 0
	h := newHarness(t, withBackup(&calls, nil))
	if err := h.s.SetBackupOffer(bg(), false); err != nil {
		t.Fatal(err)
	}
	h.press(h.keys().Global.Quit)
	if calls != 0 || !h.quit {
		t.Fatalf("offer off: %d backups made, quit %v", calls, h.quit)
	}
	h.notScreen("Back up before you go?")
}

// A backup that fails is said on the status line and the program stays
// open; q then quits without offering again.
func TestQuitBackupFailureStaysOpen(t *testing.T) {
	calls := 0
	h := newHarness(t, withBackup(&calls, errors.New("the disk is full")))
	k := h.keys()
	h.press(k.Global.Quit)
	h.press(k.Confirm.Yes)
	if h.quit {
		t.Fatal("quit after a failed backup")
	}
	h.wantScreen("No backup was made: the disk is full", "to quit without one")
	h.press(k.Global.Quit)
	if calls != 1 || !h.quit {
		t.Fatalf("q after the failure: %d backups, quit %v", calls, h.quit)
	}
}

// QA of main: esc on "Back up before you go?" meant no, and quit without a
// backup. It goes back to the app (quitting is called off, and offered
// again next time); n quits without a backup, y backs up and quits, and
// the question says so. Every other question keeps esc as no.
func TestQuitOfferEscGoesBack(t *testing.T) {
	calls := 0
	h := newHarness(t, withBackup(&calls, nil))
	k := h.keys()
	h.press(k.Global.Quit)
	no := kit.KeyName(kit.Without(k.Confirm.No, k.Global.Back))
	back := kit.KeyName(k.Global.Back)
	h.wantScreen(no+" quits without one;", " goes back to",
		kit.KeyName(k.Confirm.Yes)+"  yes     "+no+"  no     "+back+"  back to involve")
	h.press(k.Global.Back)
	if calls != 0 || h.quit {
		t.Fatalf("esc: %d backups made, quit %v", calls, h.quit)
	}
	h.notScreen("Back up before you go?")
	if due, err := h.s.BackupDue(bg()); err != nil || !due {
		t.Errorf("esc counted as declining the day's backup: due %v %v", due, err)
	}
	// Asked again on quitting again; n quits without a backup.
	h.press(k.Global.Quit)
	h.wantScreen("Back up before you go?")
	h.pressKey(no)
	if calls != 0 || !h.quit {
		t.Fatalf("n: %d backups made, quit %v", calls, h.quit)
	}

	// Another question: esc is still no.
	h = newHarness(t, withBackup(&calls, nil))
	h.press(h.keys().Global.Forums)
	h.press(h.keys().Record.Delete)
	activeAs[*kit.Confirm](h)
	h.wantScreen("n or esc  no")
	h.press(h.keys().Global.Back)
	h.wantScreen("Nothing was changed.")
}
