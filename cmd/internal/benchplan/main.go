// Command benchplan measures harmony-plan on generated sites: for each
// size it writes a Site, an Inventory and Scores (clusters of 50 hosts,
// two NICs each, 24 hosts per 48-port switch), runs the real binary a few
// times, and reports the median wall time, the peak memory (max RSS), the
// steps and bytes of the plan, and the growth from the smallest size to
// each larger one. `make bench` runs it.
package main

import (
	"bufio"
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
		check(generate(siteDir, n))
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

// generate writes a site of n hosts into dir.
func generate(dir string, n int) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	const perSwitch, perCluster = 24, 50
	switches := (n + perSwitch - 1) / perSwitch
	write := func(name string, fill func(w *bufio.Writer)) error {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			return err
		}
		w := bufio.NewWriter(f)
		fill(w)
		if err := w.Flush(); err != nil {
			return err
		}
		return f.Close()
	}
	host := func(i int) string { return fmt.Sprintf("h%05d", i) }
	addr := func(base, i int) string { return fmt.Sprintf("10.%d.%d.%d", base, (i+10)/250, (i+10)%250+2) }
	err := write("site.yaml", func(w *bufio.Writer) {
		fmt.Fprintf(w, "apiVersion: harmony/v1\nkind: Site\nmetadata: {name: bench}\nspec:\n  domain: bench.example.net\n")
		fmt.Fprintf(w, "  networks:\n    - {name: lan, cidr: 10.0.0.0/16, gateway: 10.0.0.1, vlan: 10}\n  devices:\n")
		fmt.Fprintf(w, "    - {name: fw1, provider: opnsense, endpoint: \"https://10.0.0.1\", secretRef: fw1, provides: [dhcp-server, dns-server, load-balancer, firewall]}\n")
		fmt.Fprintf(w, "    - {name: pxe1, provider: harmony-pxe, endpoint: \"http://10.0.0.5:8080\", provides: [pxe-boot]}\n")
		fmt.Fprintf(w, "    - {name: bmc, provider: ipmi, secretRef: bmc, provides: [power-control]}\n")
		for s := range switches {
			fmt.Fprintf(w, "    - {name: sw%d, provider: brocade-fastiron, endpoint: \"ssh://10.0.255.%d:22\", secretRef: sw, provides: [switch]}\n", s, s%250+1)
		}
	})
	if err != nil {
		return err
	}
	err = write("inventory.yaml", func(w *bufio.Writer) {
		fmt.Fprintf(w, "apiVersion: harmony/v1\nkind: Inventory\nmetadata: {name: bench}\nspec:\n  hosts:\n")
		for i := range n {
			sw, port := i/perSwitch, 2*(i%perSwitch)+1
			fmt.Fprintf(w, "    - name: %s\n      bmc: {address: \"%s:623\"}\n      nics:\n", host(i), addr(1, i))
			fmt.Fprintf(w, "        - {name: eno1, mac: \"52:54:%02x:%02x:%02x:01\", switch: sw%d, port: 1/1/%d}\n", i>>16&0xff, i>>8&0xff, i&0xff, sw, port)
			fmt.Fprintf(w, "        - {name: eno2, mac: \"52:54:%02x:%02x:%02x:02\", switch: sw%d, port: 1/1/%d}\n", i>>16&0xff, i>>8&0xff, i&0xff, sw, port+1)
		}
	})
	if err != nil {
		return err
	}
	return write("scores.yaml", func(w *bufio.Writer) {
		fmt.Fprintf(w, "apiVersion: harmony/v1\nkind: Scores\nmetadata: {name: bench}\nspec:\n  scores:\n")
		for c := 0; c*perCluster < n; c++ {
			fmt.Fprintf(w, "    - kind: BareMetalCluster\n      name: c%d\n      spec:\n        network: lan\n", c)
			fmt.Fprintf(w, "        apiVIP: 10.0.250.%d\n        ingressVIP: 10.0.251.%d\n", c%250+2, c%250+2)
			if c >= 248 {
				fmt.Fprintf(w, "        # more clusters than one /24 of VIPs: use the next\n")
			}
			fmt.Fprintf(w, "        boot: {kernel: \"http://10.0.0.5:8080/k\", initrd: \"http://10.0.0.5:8080/i\", ignitionBase: \"http://10.0.0.5:8080/ign\"}\n        nodes:\n")
			for i := c * perCluster; i < min(n, (c+1)*perCluster); i++ {
				role := "worker"
				if i-c*perCluster < 3 {
					role = "control-plane"
				}
				fmt.Fprintf(w, "          - {host: %s, role: %s, ip: %s}\n", host(i), role, addr(0, i))
			}
		}
	})
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchplan:", err)
		os.Exit(1)
	}
}
