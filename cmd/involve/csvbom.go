package main

import (
	"io"
	"runtime"

	"github.com/spf13/cobra"
)

// CSV for spreadsheets. Excel reads a CSV file as UTF-8 only when it
// starts with a byte-order mark; without one, accented names (José,
// Siobhán) come out garbled. Other programs do not need it, and some show
// it, so it is written on Windows by default and elsewhere when asked for.
// Cells a spreadsheet would take for a formula are neutralised as they are
// written (sheetCell, and store's report writer).

// utf8BOM is the UTF-8 byte-order mark.
const utf8BOM = "\uFEFF"

// bomHelp is what a verb's help says about --bom.
const bomHelp = `--bom starts CSV with a UTF-8 byte-order mark, so that Excel reads
accented names rightly (on by default on Windows; --bom=false leaves it out).`

// bomDefault is whether CSV starts with a byte-order mark unless --bom
// says: on Windows, where the spreadsheet is most likely Excel.
func bomDefault(goos string) bool { return goos == "windows" }

// bomFlag gives cmd the --bom flag every verb that writes CSV has.
func bomFlag(cmd *cobra.Command, p *bool) {
	cmd.Flags().BoolVar(p, "bom", bomDefault(runtime.GOOS),
		"start CSV with a UTF-8 byte-order mark, for Excel (--bom=false to leave it out)")
}

// writeBOM writes the byte-order mark when on is set.
func writeBOM(w io.Writer, on bool) error {
	if !on {
		return nil
	}
	_, err := io.WriteString(w, utf8BOM)
	return err
}
