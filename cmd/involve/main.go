// Command involve is a terminal application for coordinating service user
// and carer involvement: forums, people, meetings and their registers.
package main

import (
	"fmt"
	"io"
	"os"

	"github.com/involve/involve/termsafe"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	if err := newRoot(os.Stdout, os.Stderr).Execute(); err != nil {
		printErr(os.Stderr, err)
		os.Exit(1)
	}
}

// printErr writes an error to standard error, through the terminal filter:
// errors can quote what was in a file.
func printErr(w io.Writer, err error) {
	fmt.Fprintln(w, termsafe.Filter("involve: "+err.Error()))
}
