//go:build !unix

package main

import "os/exec"

// ownGroup leaves the command as it is: cancelling it kills the program.
func ownGroup(cmd *exec.Cmd) {}

// killGroup cannot kill a process group here.
func killGroup(pid int) {}

// alive cannot tell here: it says no.
func alive(pid int) bool { return false }
