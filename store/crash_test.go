package store

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"testing"
	"time"
)

// TestCrashDuringWrites kills a process with SIGKILL while it is writing,
// several times, and checks the file is sound and every committed record is
// whole each time.
func TestCrashDuringWrites(t *testing.T) {
	if path := os.Getenv("INVOLVE_CRASH_WRITER"); path != "" {
		crashWriter(path) // the child: write until killed
		return
	}
	if testing.Short() {
		t.Skip("slow: starts and kills child processes")
	}
	path := t.TempDir() + "/crash.db"
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	f := Forum{Name: "Crash Forum"}
	if err := s.SaveForum(context.Background(), &f); err != nil {
		t.Fatal(err)
	}
	s.Close()

	for round := 0; round < 3; round++ {
		cmd := exec.Command(os.Args[0], "-test.run", "^TestCrashDuringWrites$", "-test.count=1")
		cmd.Env = append(os.Environ(), "INVOLVE_CRASH_WRITER="+path)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(300+200*round) * time.Millisecond)
		if err := cmd.Process.Kill(); err != nil { // SIGKILL: no chance to clean up
			t.Fatal(err)
		}
		cmd.Wait()

		s, err := Open(path)
		if err != nil {
			t.Fatalf("round %d: reopening after the crash: %v", round, err)
		}
		r, err := s.Check(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if !r.OK() {
			t.Fatalf("round %d: the database is damaged after kill -9: %v", round, r.Problems)
		}
		people, err := s.People(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		members, _ := s.ForumMembers(context.Background(), f.ID)
		// Each writer transaction adds a person and their membership
		// together: a crash must never leave one without the other.
		if len(people) != len(members) {
			t.Fatalf("round %d: %d people but %d memberships: a transaction was half-written", round, len(people), len(members))
		}
		t.Logf("round %d: %d people committed before the kill; integrity ok", round, len(people))
		s.Close()
	}
}

func crashWriter(path string) {
	s, err := Open(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	ctx := context.Background()
	f, err := s.ForumByName(ctx, "Crash Forum")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	for i := 0; ; i++ {
		p := Person{Name: fmt.Sprintf("Writer %d", i), Role: RoleCarer, Notes: "a note long enough to span a few cells of the page"}
		if err := s.SavePerson(ctx, &p, []string{f.ID}); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
	}
}
