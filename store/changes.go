package store

import "sync"

// Change says that something was saved: one committed write, by whom and
// through which of the store's methods. The feed carries no record's
// values: a screen that hears of a change reloads what it shows.
type Change struct {
	// Op is the store method that made the change ("SetAttendance").
	Op string
	// By is who made it.
	By Actor
}

// feed passes each committed change to every subscriber of every view of
// one store (one database opened once, as involve serve has it), the view
// that made it too: a screen that marked someone and read its list again
// at the same moment may have read it before the mark was saved, and is
// put right by hearing of its own change.
type feed struct {
	mu   sync.Mutex
	subs map[*subscriber]struct{}
}

type subscriber struct {
	ch chan Change
}

func newFeed() *feed { return &feed{subs: map[*subscriber]struct{}{}} }

// publish tells every subscriber. It never waits: a
// subscriber that has not taken the last change yet gets only that one
// (it reloads once for both).
func (f *feed) publish(c Change) {
	if f == nil {
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for sub := range f.subs {
		select {
		case sub.ch <- c:
		default:
		}
	}
}

// Changes subscribes to the changes committed through the store and all
// its views (every session of involve serve). The channel holds at most
// one change not yet taken; stop ends the subscription and closes the
// channel.
func (s *Store) Changes() (changes <-chan Change, stop func()) {
	sub := &subscriber{ch: make(chan Change, 1)}
	f := s.feed
	f.mu.Lock()
	f.subs[sub] = struct{}{}
	f.mu.Unlock()
	var once sync.Once
	return sub.ch, func() {
		once.Do(func() {
			f.mu.Lock()
			delete(f.subs, sub)
			close(sub.ch)
			f.mu.Unlock()
		})
	}
}
