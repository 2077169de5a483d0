// Package lab is harmony-lab: the embedded default lab: the OPNsense
// simulator, FastIron switch simulators and real BMCs (ipmi_sim).
package lab

import (
	"context"
	_ "embed"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/nationtech/harmony-go/cmd/internal/document"
	"github.com/nationtech/harmony-go/cmd/internal/tool"
	"github.com/nationtech/harmony-go/lib/domain"
	"github.com/nationtech/harmony-go/lib/infra/brocade/brocadetest"
	"github.com/nationtech/harmony-go/lib/infra/ipmi/ipmitest"
	"github.com/nationtech/harmony-go/lib/infra/opnsense/opnsensetest"
	"github.com/nationtech/harmony-go/lib/infra/redfish/redfishtest"
	"github.com/nationtech/harmony-go/lib/kube/kubetest"
	"github.com/urfave/cli/v2"
)

// Name is the command's name.
const Name = "harmony-lab"

const description = `harmony-lab runs simulated devices on loopback so the whole pipeline works
on one machine. "harmony-lab up" starts everything a site needs in the
background and writes a ready site, known_hosts and a 0600 secrets file;
"status" and "down" follow it. Run one by one, until interrupted:
"harmony-lab opnsense" serves the
OPNsense API simulator (built from the real model XML of 24.7, 25.1, 25.7, 26.1 or
26.7) over HTTPS with a fresh certificate; "harmony-lab switch" a FastIron
(ICX, 08.0.95) switch over SSH, its LLDP neighbours and MAC table seeded
from an inventory; "harmony-lab bmcs" real BMCs (OpenIPMI's ipmi_sim).

Example:
   harmony-lab up --dir lab && export HARMONY_SECRETS_FILE=lab/secrets.yaml
   harmony-plan lab/site | harmony-apply-opnsense | harmony-switch apply --known-hosts lab/known_hosts | harmony-report`

func serveSwitch(c *cli.Context, stderr io.Writer) error {
	cfg := brocadetest.Config{Hostname: c.String("name"), Ports: c.Int("ports"), User: c.String("user"),
		Password: c.String("password"), EnablePassword: c.String("enable-password"), Version: c.String("version")}
	if f := c.String("inventory"); f != "" {
		docs, err := document.ReadPaths([]string{f}, nil)
		if err != nil {
			return tool.Refused(err)
		}
		for _, d := range docs {
			if d.Kind != domain.KindInventory {
				continue
			}
			var inv domain.Inventory
			if err := d.Decode(&inv); err != nil {
				return tool.Refused(err)
			}
			for _, h := range inv.Spec.Hosts {
				if len(h.NICs) == 0 {
					continue
				}
				chassis := h.NICs[0].MAC.String() // one chassis ID per host, as an LLDP agent sends
				for _, n := range h.NICs {
					if n.Switch == cfg.Hostname && n.Port != "" {
						cfg.LLDP = append(cfg.LLDP, brocadetest.Neighbor{Port: n.Port, ChassisMAC: chassis, PortMAC: n.MAC.String(), PortDescription: n.Name, SystemName: h.Name})
						cfg.MACs = append(cfg.MACs, brocadetest.MACEntry{MAC: n.MAC.String(), Port: n.Port})
					}
				}
			}
		}
	}
	if f := c.String("command-log"); f != "" {
		w, err := os.OpenFile(f, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
		if err != nil {
			return tool.Refused(err)
		}
		defer w.Close()
		cfg.CommandLog = w
	}
	sw := brocadetest.New(cfg)
	addr, err := sw.Start(c.String("addr"))
	if err != nil {
		return tool.Refused(&domain.FieldError{Msg: err.Error(), Hint: "pick a free --addr"})
	}
	defer sw.Close()
	if f := c.String("host-key-out"); f != "" {
		if err := os.WriteFile(f, []byte(sw.KnownHostsLine(addr)+"\n"), 0o644); err != nil {
			return tool.Failed(err)
		}
	}
	fmt.Fprintf(stderr, "%s: FastIron switch %s at ssh://%s (user %s; %d LLDP neighbours)\n", Name, cfg.Hostname, addr, cfg.User, len(cfg.LLDP))
	<-c.Context.Done()
	return nil
}

func serveKube(c *cli.Context, stderr io.Writer) error {
	bins := c.String("bins")
	if bins == "" {
		return tool.Refused(&domain.FieldError{Msg: "no kube-apiserver and etcd", Hint: "give --bins DIR (scripts/kube-bins.sh builds them and prints DIR)"})
	}
	if err := os.Setenv("HARMONY_KUBE_BINS", bins); err != nil {
		return tool.Failed(err)
	}
	if _, err := kubetest.Bins(); err != nil {
		return tool.Refused(err)
	}
	dir, err := filepath.Abs(c.String("dir"))
	if err != nil {
		return tool.Refused(err)
	}
	k, err := kubetest.Start(c.Context, bins, dir)
	if err != nil {
		return tool.Failed(err)
	}
	defer k.Stop()
	if out := c.String("kubeconfig-out"); out != "" {
		b, err := os.ReadFile(k.Kubeconfig)
		if err == nil {
			err = os.WriteFile(out, b, 0o600)
		}
		if err != nil {
			return tool.Failed(err)
		}
	}
	fmt.Fprintf(stderr, "%s: Kubernetes API server at %s (kubeconfig %s)\n", Name, k.URL, k.Kubeconfig)
	<-c.Context.Done()
	return nil
}

//go:embed notes.md
var notes string

// Run is harmony-lab's main.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	code := tool.Run(ctx, tool.Spec{
		Notes:       notes,
		Name:        Name,
		Usage:       "run simulated devices on loopback",
		Description: description,
		Commands: append(labCommands(stdout, stderr), []*cli.Command{{
			Name:  "redfish",
			Usage: "run N Redfish BMCs (HTTPS) on loopback; print their URLs",
			Flags: []cli.Flag{
				&cli.IntFlag{Name: "count", Value: 2, Usage: "how many"},
				&cli.StringFlag{Name: "out", Usage: "also write the URLs here, one a line, once all run"},
				&cli.StringFlag{Name: "ca-out", Required: true, Usage: "write the CA of their certificates here (a Site device's caFile)"},
				&cli.StringFlag{Name: "mac-prefix", Value: "52:54:00:dd:00", Usage: "each BMC's host has one NIC, PREFIX:NN"},
				vmsFlag,
			},
			Action: func(c *cli.Context) error {
				vms, count, err := machinesOr(c)
				if err != nil {
					return err
				}
				var urls []string
				var ca []byte
				for i := range count {
					cfg := redfishtest.Config{User: "admin", Password: "secret", MACs: []string{fmt.Sprintf("%s:%02x", c.String("mac-prefix"), i+1)}}
					if vms != nil {
						cfg.MACs, cfg.OnPower, cfg.OnRestart = vms[i].host.MACs, vms[i].follow(stderr), vms[i].restart(stderr)
						defer vms[i].vm.Stop()
					}
					b := redfishtest.Start(cfg)
					defer b.Close()
					urls = append(urls, b.URL())
					ca = append(ca, b.CertPEM()...)
					fmt.Fprintln(stdout, b.URL())
				}
				if err := os.WriteFile(c.String("ca-out"), ca, 0o644); err != nil {
					return tool.Failed(err)
				}
				if f := c.String("out"); f != "" {
					if err := os.WriteFile(f, []byte(strings.Join(urls, "\n")+"\n"), 0o644); err != nil {
						return tool.Failed(err)
					}
				}
				fmt.Fprintf(stderr, "%s: %d Redfish BMCs (user admin, password secret; CA in %s)\n", Name, len(urls), c.String("ca-out"))
				<-c.Context.Done()
				return nil
			},
		}, {
			Name:  "bmcs",
			Usage: "run N real BMCs (OpenIPMI's ipmi_sim) on loopback; print their addresses",
			Flags: []cli.Flag{
				&cli.IntFlag{Name: "count", Value: 5, Usage: "how many"},
				&cli.StringFlag{Name: "dir", Required: true, Usage: "where their state lives"},
				&cli.StringFlag{Name: "out", Usage: "also write the addresses here, one a line, once all run"},
				vmsFlag,
			},
			Action: func(c *cli.Context) error {
				if err := ipmitest.Available(); err != nil {
					return tool.Refused(&domain.FieldError{Msg: err.Error(), Hint: "apt-get install openipmi, or run scripts/deps.sh"})
				}
				vms, count, err := machinesOr(c)
				if err != nil {
					return err
				}
				var addrs []string
				for i := range count {
					b, err := ipmitest.Start(c.Context, c.String("dir"), fmt.Sprintf("bmc%02d", i+1), fmt.Sprintf("52:54:00:bb:00:%02x", i+1))
					if err != nil {
						return tool.Failed(err)
					}
					defer b.Stop()
					if vms != nil {
						b.WatchPower(c.Context, vms[i].follow(stderr), vms[i].restart(stderr))
						defer vms[i].vm.Stop()
					}
					addrs = append(addrs, b.Addr)
					fmt.Fprintln(stdout, b.Addr)
				}
				if f := c.String("out"); f != "" {
					if err := os.WriteFile(f, []byte(strings.Join(addrs, "\n")+"\n"), 0o644); err != nil {
						return tool.Failed(err)
					}
				}
				fmt.Fprintf(stderr, "%s: %d BMCs (user admin, password secret, cipher suite 3)\n", Name, len(addrs))
				<-c.Context.Done()
				return nil
			},
		}, {
			Name:  "switch",
			Usage: "serve a FastIron switch simulator over SSH",
			Flags: []cli.Flag{
				&cli.StringFlag{Name: "addr", Value: "127.0.0.1:2222", Usage: "listen address"},
				&cli.StringFlag{Name: "name", Value: "sw1", Usage: "the switch's host name, and its device name in the inventory's cabling"},
				&cli.IntFlag{Name: "ports", Value: 48, Usage: "ports 1/1/1 to 1/1/N"},
				&cli.StringFlag{Name: "user", Value: "admin", Usage: "SSH user it accepts"},
				&cli.StringFlag{Name: "password", Value: "harmony-test-switch", Usage: "that user's password"},
				&cli.StringFlag{Name: "enable-password", Usage: "asked after enable (default: none asked)"},
				&cli.StringFlag{Name: "version", Value: "08.0.95kT213", Usage: "FastIron release to simulate: 08.0.61 and later have LAG interfaces (08.0.95kT213), 08.0.30 to 08.0.60 LAGs with a primary port and deploy (08.0.30hT311)"},
				&cli.StringFlag{Name: "host-key-out", Usage: "write the switch's host key here, as a known_hosts line for --addr"},
				&cli.StringFlag{Name: "command-log", Usage: "append every command as a JSON line {mode, command} here"},
				&cli.StringFlag{Name: "inventory", Usage: "seed LLDP neighbours and the MAC table from the NICs this inventory cables to --name"},
			},
			Action: func(c *cli.Context) error { return serveSwitch(c, stderr) },
		}, {
			Name:  "kube",
			Usage: "run a real Kubernetes API server (kube-apiserver over etcd, no kubelet) and write its kubeconfig",
			Flags: []cli.Flag{
				&cli.StringFlag{Name: "dir", Value: ".harmony-lab/kube", Usage: "its data, certificates and logs"},
				&cli.StringFlag{Name: "kubeconfig-out", Usage: "write a kubeconfig for it here (default DIR/kubeconfig)"},
				&cli.StringFlag{Name: "bins", EnvVars: []string{"HARMONY_KUBE_BINS"}, Usage: "the directory of kube-apiserver and etcd (scripts/kube-bins.sh prints it)"},
			},
			Action: func(c *cli.Context) error { return serveKube(c, stderr) },
		}, {
			Name:  "opnsense",
			Usage: "serve the OPNsense API simulator",
			Flags: []cli.Flag{
				&cli.StringFlag{Name: "addr", Value: "127.0.0.1:8443", Usage: "listen address"},
				&cli.StringFlag{Name: "version", Value: "25.7", Usage: "OPNsense release to simulate: 24.7, 25.1, 25.7, 26.1 or 26.7"},
				&cli.StringFlag{Name: "key", Value: "harmony-test-key", Usage: "API key it accepts"},
				&cli.StringFlag{Name: "secret", Value: "harmony-test-secret", Usage: "API secret it accepts"},
				&cli.StringFlag{Name: "dhcp", Value: "kea", Usage: "the DHCP server enabled: kea or dnsmasq"},
				&cli.StringFlag{Name: "ca-out", Usage: "write the server's certificate (PEM) here"},
				&cli.StringFlag{Name: "request-log", Usage: "append every request as a JSON line {method, path, status} here"},
				&cli.StringSliceFlag{Name: "interface", Usage: "an assigned interface KEY=ADDRESS/BITS[@VLAN][%DEVICE], e.g. opt2=10.120.0.1/24@120 (repeatable; default wan, lan on 10.10.0.1/24@10, opt1)"},
				&cli.StringFlag{Name: "cert-name", Usage: "serve a certificate naming only this DNS name, as OPNsense's default does (default: one for 127.0.0.1)"},
				&cli.StringFlag{Name: "run-dnsmasq", Usage: "as root, with --dhcp dnsmasq: after each Dnsmasq reconfigure, render OPNsense's own dnsmasq template from the simulator and run a real dnsmasq on it, serving DHCP on this device only (harmony-lab up --vms gives the rack bridge)"},
				&cli.StringFlag{Name: "dnsmasq-dir", Usage: "where --run-dnsmasq keeps the rendered configuration, pid, leases and log (dnsmasq.log)"},
			},
			Action: func(c *cli.Context) error {
				opts := opnsensetest.Options{Release: c.String("version"), Key: c.String("key"), Secret: c.String("secret"),
					DHCP: c.String("dhcp"), Addr: c.String("addr"), CertName: c.String("cert-name")}
				for _, spec := range c.StringSlice("interface") {
					i, err := opnsensetest.ParseInterface(spec)
					if err != nil {
						return tool.Refused(&domain.FieldError{Msg: err.Error(), Hint: "write --interface KEY=ADDRESS/BITS[@VLAN][%DEVICE], e.g. lan=10.10.0.1/24@10"})
					}
					opts.Interfaces = append(opts.Interfaces, i)
				}
				if f := c.String("request-log"); f != "" {
					w, err := os.OpenFile(f, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
					if err != nil {
						return tool.Refused(err)
					}
					defer w.Close()
					opts.RequestLog = w
				}
				var dhcp *firewallDHCP
				if dev, dir := c.String("run-dnsmasq"), c.String("dnsmasq-dir"); dev != "" || dir != "" {
					if dev == "" || dir == "" || opts.DHCP != "dnsmasq" {
						return tool.Refused(&domain.FieldError{Msg: "--run-dnsmasq runs the firewall's Dnsmasq", Hint: "give --run-dnsmasq DEVICE, --dnsmasq-dir DIR and --dhcp dnsmasq together"})
					}
					if err := opnsensetest.ErrNoDnsmasqTemplate(opts.Release); err != nil {
						return tool.Refused(&domain.FieldError{Msg: "--run-dnsmasq: " + err.Error(), Hint: "simulate --version 25.7, 26.1 or 26.7"})
					}
					if _, err := exec.LookPath("dnsmasq"); err != nil {
						return tool.Refused(&domain.FieldError{Msg: "--run-dnsmasq: dnsmasq is not installed", Hint: "apt-get install dnsmasq-base, or run scripts/deps.sh"})
					}
					if err := os.MkdirAll(dir, 0o755); err != nil {
						return tool.Refused(err)
					}
					dhcp = &firewallDHCP{device: dev, dir: dir, stderr: stderr}
					opts.OnReconfigure = dhcp.reconfigure
					defer dhcp.stop()
				}
				s, err := opnsensetest.Start(opts)
				if err != nil {
					return tool.Refused(&domain.FieldError{Msg: err.Error(), Hint: "pick a free --addr"})
				}
				defer s.Close()
				if dhcp != nil {
					dhcp.srv = s
					// As a firewall set up as a site's: its Dnsmasq runs
					// from the start.
					if err := dhcp.reconfigure(c.Context, "dnsmasq"); err != nil {
						return tool.Failed(err)
					}
				}
				if f := c.String("ca-out"); f != "" {
					if err := s.WriteCA(f); err != nil {
						return tool.Failed(err)
					}
				}
				fmt.Fprintf(stderr, "%s: OPNsense %s simulator at %s\n", Name, s.Release(), s.URL)
				<-c.Context.Done()
				return nil
			},
		}}...),
	}, args, stdin, stdout, stderr)
	if code == tool.ExitCancelled {
		code = tool.ExitOK // an interrupt is how the lab stops
	}
	return code
}
