// Command benchplan measures harmony-plan on generated sites: for each
// size it writes a Site, an Inventory and Scores (clusters of 50 hosts,
// two NICs each, 24 hosts per 48-port switch), runs the real binary a few
// times, and reports the median wall time, the peak memory (max RSS), the
// steps and bytes of the plan, and the growth from the smallest size to
// each larger one. `make bench` runs it.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/nationtech/harmony-go/cmd/internal/sitegen"
)

func main() {
	bin := flag.String("bin", "bin/harmony-plan", "the harmony-plan binary to measure")
	sizes := flag.String("hosts", "1000,10000", "site sizes, in hosts")
	runs := flag.Int("runs", 5, "runs per size (the median is reported)")
	keep := flag.String("dir", "", "write the generated sites here (default: a temp dir, removed)")
	flag.Parse()
	dir := *keep
	if dir == "" {
		d, err := os.MkdirTemp("", "benchplan")
		check(err)
		defer os.RemoveAll(d)
		dir = d
	}
	fmt.Printf("%-7s %9s %10s %9s %11s %9s %9s\n", "hosts", "steps", "plan MB", "time", "peak RSS", "time ×", "memory ×")
	var base *result
	for _, s := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(s)
		check(err)
		siteDir := filepath.Join(dir, fmt.Sprintf("site-%d", n))
		check(sitegen.Generate(siteDir, n))
		r := measure(*bin, siteDir, *runs)
		tx, mx := "", ""
		if base == nil {
			base = &r
		} else {
			tx = fmt.Sprintf("%.1f", r.wall.Seconds()/base.wall.Seconds())
			mx = fmt.Sprintf("%.1f", float64(r.rssKB)/float64(base.rssKB))
		}
		fmt.Printf("%-7d %9d %10.1f %8.3fs %8.1f MB %9s %9s\n", n, r.steps, float64(r.bytes)/1e6, r.wall.Seconds(), float64(r.rssKB)/1024, tx, mx)
	}
}

type result struct {
	wall         time.Duration
	rssKB        int64
	steps, bytes int
}

func measure(bin, dir string, runs int) result {
	var walls []time.Duration
	var r result
	for range runs {
		cmd := exec.Command(bin, dir)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, os.Stderr
		start := time.Now()
		check(cmd.Run())
		walls = append(walls, time.Since(start))
		ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
		r.rssKB = max(r.rssKB, ru.Maxrss)
		r.bytes = out.Len()
		r.steps = bytes.Count(out.Bytes(), []byte(`"score":`))
	}
	slices.Sort(walls)
	r.wall = walls[len(walls)/2]
	return r
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchplan:", err)
		os.Exit(1)
	}
}
