// Command involve is a terminal application for coordinating service user
// and carer involvement: forums, people, meetings and their registers.
package main

import (
	"context"
	"os"
)

// version is set at build time with -ldflags "-X main.version=…"; without
// it (go install, go build) the module's version is read from the binary.
var version = "dev"

func main() {
	// execute has printed the error, through the terminal filter.
	if err := execute(context.Background(), newRoot(os.Stdout, os.Stderr)); err != nil {
		os.Exit(1)
	}
}
