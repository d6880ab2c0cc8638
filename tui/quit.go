package tui

import (
	"context"

	tea "charm.land/bubbletea/v2"

	"github.com/involve/involve/store"
	"github.com/involve/involve/tui/kit"
)

// BackupFunc makes the backup offered on quitting (to the backup folder,
// encrypted for the configured keys) and says in a line what it did.
type BackupFunc func(context.Context, *store.Store) (string, error)

type (
	// backupDueMsg says whether a backup is due as the program quits.
	backupDueMsg struct{ due bool }
	// backupDoneMsg is the backup made on quitting, or why it was not.
	backupDoneMsg struct {
		text string
		err  error
	}
)

// leave quits, first offering a backup when one is due: the offer is on
// (involve backup --offer-on-quit), none has been made today and it was not
// declined today. ctrl+c twice quits without it.
func (m *Model) leave() tea.Cmd {
	if m.backup == nil || m.backupOffered || m.tooSmall() {
		// In a terminal too small to draw in, the screen says ctrl+c
		// quits: there it does, with no question it could not show.
		return m.saveAndQuit()
	}
	m.backupOffered = true
	return kit.Load(m.c, func(ctx context.Context, st *store.Store) (bool, error) { return st.BackupDue(ctx) },
		func(due bool, err error) tea.Msg { return backupDueMsg{due: due && err == nil} })
}

// offerBackup asks whether to back up before quitting: yes backs up and
// quits, no quits without a backup, and back (esc) goes back to the app,
// not quitting after all.
func (m *Model) offerBackup() tea.Cmd {
	k := m.c.Keys
	q := kit.NewConfirm(m.c, "Back up before you go?",
		"No backup has been made today. "+kit.KeyName(k.Confirm.Yes)+" makes one in "+store.DefaultBackupDir()+
			" (as involve backup does), then quits; "+kit.KeyName(kit.Without(k.Confirm.No, k.Global.Back))+
			" quits without one; "+kit.KeyName(k.Global.Back)+" goes back to involve.",
		m.runBackup).OrElse(m.declineBackup).OrBack("back to involve", m.stayOpen)
	m.quitAsked = true
	return kit.Push(q.ForQuit())
}

// stayOpen goes back to the app from the offer of a backup: quitting
// later offers it again.
func (m *Model) stayOpen() tea.Cmd {
	m.backupOffered = false
	return nil
}

// declineBackup quits without a backup, and not to be asked again today.
func (m *Model) declineBackup() tea.Cmd {
	st := m.c.Store
	return tea.Sequence(func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), kit.DefaultTimeout)
		defer cancel()
		st.DeclineBackup(ctx) // not being asked again is a nicety: quit whatever
		return nil
	}, m.saveAndQuit())
}

// runBackup makes the backup in a Cmd.
func (m *Model) runBackup() tea.Cmd {
	backup, st := m.backup, m.c.Store
	// In sequence: a backup that fails at once must not have its reason
	// written over by "Backing up…".
	return tea.Sequence(kit.Status("Backing up…"), func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), 10*kit.DefaultTimeout)
		defer cancel()
		text, err := backup(ctx, st)
		return backupDoneMsg{text: text, err: err}
	})
}

// backupDone quits after a backup, leaving what it did to be said once the
// program has left the screen; a backup that failed is said here, and the
// program stays open.
func (m *Model) backupDone(msg backupDoneMsg) tea.Cmd {
	if msg.err != nil {
		m.setStatus("No backup was made: "+endSentence(kit.ErrText(msg.err))+" Press "+kit.KeyName(m.c.Keys.Global.Quit)+
			" to quit without one.", true)
		return nil
	}
	m.exitNote = msg.text
	return m.saveAndQuit()
}

// ExitNote is what the program has to say once it has left the screen (the
// backup made on quitting), or "".
func (m *Model) ExitNote() string { return m.exitNote }
