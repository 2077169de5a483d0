package cmd_test

import (
	"context"
	"flag"
	"io"
	"net"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/nationtech/harmony-go/cmd/internal/commands/applyfake"
	"github.com/nationtech/harmony-go/cmd/internal/commands/lab"
	toolreg "github.com/nationtech/harmony-go/cmd/internal/tools"
	"github.com/rogpeppe/go-internal/testscript"
)

var update = flag.Bool("update", false, "update the cmp files of the scripts")

// tools are the real commands (cmd/internal/tools, the one list of
// them) and the test-only harmony-apply-fake, registered so that scripts
// run their main code as binaries on PATH.
func tools() map[string]func() {
	// Like each tool's main: an interrupt cancels the context.
	main := func(run toolreg.Run) func() {
		return func() {
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			code := run(ctx, os.Args, os.Stdin, os.Stdout, os.Stderr)
			stop()
			os.Exit(code)
		}
	}
	out := map[string]func(){applyfake.Name: main(applyfake.Run)}
	for _, t := range toolreg.All() {
		out[t.Name] = main(t.Run)
	}
	return out
}

func TestMain(m *testing.M) {
	testscript.Main(m, tools())
}

// TestScripts runs testscripts/*.txtar: each specifies one behaviour of a
// tool, as its users run it.
func TestScripts(t *testing.T) {
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	goEnv := map[string]string{}
	for _, k := range []string{"GOCACHE", "GOMODCACHE", "GOPATH", "GOROOT"} {
		out, err := exec.Command("go", "env", k).Output()
		if err != nil {
			t.Fatalf("go env %s: %v", k, err)
		}
		goEnv[k] = strings.TrimSpace(string(out))
	}
	testscript.Run(t, testscript.Params{
		Dir:                 filepath.Join(root, "testscripts"),
		RequireExplicitExec: true,
		RequireUniqueNames:  true,
		Condition:           condition,
		UpdateScripts:       *update,
		Cmds:                map[string]func(ts *testscript.TestScript, neg bool, args []string){"opnsense": opnsenseCmd, "switch": switchCmd, "lab-down-at-end": labDownAtEnd},
		Setup: func(e *testscript.Env) error {
			e.Setenv("HARMONY_ROOT", root)
			e.Setenv("EXAMPLES", filepath.Join(root, "inventory", "examples"))
			e.Setenv("HARMONY_LOCK_DIR", filepath.Join(e.WorkDir, "locks"))
			// A free port for a server a script starts in the background.
			l, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				return err
			}
			e.Setenv("PORT", strconv.Itoa(l.Addr().(*net.TCPAddr).Port))
			l.Close()
			for k, v := range goEnv {
				e.Setenv(k, v)
			}
			// The typed-path scripts build Go programs against this
			// checkout, offline.
			e.Setenv("GOFLAGS", "-mod=mod")
			e.Setenv("GOPROXY", "off")
			e.Setenv("GOWORK", "off")
			e.Setenv("GOTOOLCHAIN", "local")
			return nil
		},
	})
}

// labDownAtEnd DIR makes sure the lab harmony-lab up starts in DIR is
// stopped when the script ends, passed or failed: its processes run in
// sessions of their own and would outlive the test.
func labDownAtEnd(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: lab-down-at-end DIR")
	}
	dir := ts.MkAbs(args[0])
	ts.Defer(func() {
		lab.Run(context.Background(), []string{"harmony-lab", "down", "--dir", dir}, nil, io.Discard, io.Discard)
	})
}
