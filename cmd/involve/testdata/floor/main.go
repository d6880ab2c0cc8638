// Command floor is the least a program can do to show a kept render: open a
// database with the driver involve must use (modernc.org/sqlite) and copy
// one stored render to standard output. No consent check, no markdown, no
// user interface. BenchmarkStoriesShowProcess times it beside `involve
// stories show` as the floor that any program built on this driver pays on
// the machine it runs on. Its one argument is the data source name, as
// store.DSN makes it, so that it opens the database as involve does.
package main

import (
	"database/sql"
	"fmt"
	"os"

	_ "modernc.org/sqlite"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: floor DSN")
		os.Exit(2)
	}
	db, err := sql.Open("sqlite", os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer db.Close()
	var out string
	if err := db.QueryRow("SELECT rendered FROM story_renders LIMIT 1").Scan(&out); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Stdout.WriteString(out)
}
