// Package sitegen writes large, valid Harmony sites for benchmarks.
package sitegen

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
)

// Generate writes a site of n hosts into dir: site.yaml, inventory.yaml
// and scores.yaml, with clusters of 50 hosts (3 control planes each), two
// NICs per host and 24 hosts per 48-port switch.
func Generate(dir string, n int) error {
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
