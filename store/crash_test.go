package store

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"testing"

	"github.com/involve/involve/internal/testtime"
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

	total := 0 // transactions committed in every round so far
	for round := 0; round < 3; round++ {
		// The writer says when each transaction is committed; it is killed
		// once it has committed a few (more each round), in the middle of
		// writing the next, however slowly the machine runs it.
		ctx, cancel := testtime.Context(t, testtime.Child)
		cmd := exec.CommandContext(ctx, os.Args[0], "-test.run", "^TestCrashDuringWrites$", "-test.count=1")
		cmd.Env = append(os.Environ(), "INVOLVE_CRASH_WRITER="+path)
		cmd.Stderr = os.Stderr
		progress, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		want := 3 + 20*round
		committed := 0
		lines := bufio.NewScanner(progress)
		for committed < want && lines.Scan() {
			committed++
		}
		if err := cmd.Process.Kill(); err != nil { // SIGKILL: no chance to clean up
			t.Fatal(err)
		}
		cmd.Wait()
		cancel()
		if committed < want {
			t.Fatalf("round %d: the writer stopped after %d transactions (killed after %v: set %s to wait longer?)",
				round, committed, testtime.Limit(t, testtime.Child), testtime.EnvScale)
		}

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
		// What the writer was told was committed is there.
		total += committed
		if len(people) < total {
			t.Fatalf("round %d: %d people, but %d transactions were committed: one was lost", round, len(people), total)
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
		fmt.Println(i) // committed
	}
}
