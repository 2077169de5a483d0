// Command mangen writes each tool's manual, made from its command
// definitions (`harmony-X --manual`), to DIR/<tool>.md: make manuals runs
// it, and TestManualsUpToDate fails when a checked-in one differs.
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/nationtech/harmony-go/cmd/internal/tools"
)

func main() {
	out := flag.String("out", "docs/tools", "directory of the manuals")
	flag.Parse()
	for _, t := range tools.All() {
		var buf, stderr bytes.Buffer
		if code := t.Run(context.Background(), []string{t.Name, "--manual"}, nil, &buf, &stderr); code != 0 {
			fmt.Fprintf(os.Stderr, "mangen: %s --manual: exit %d: %s\n", t.Name, code, stderr.String())
			os.Exit(1)
		}
		if err := os.WriteFile(filepath.Join(*out, t.Name+".md"), buf.Bytes(), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "mangen:", err)
			os.Exit(1)
		}
	}
}
