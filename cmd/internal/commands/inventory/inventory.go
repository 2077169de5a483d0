// Package inventory is harmony-inventory: the Inventory validated,
// discovered (BMCs over IPMI, this host over netlink) and merged, saying
// where each fact came from and where declared and discovered disagree.
package inventory

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/nationtech/harmony-go/cmd/internal/document"
	"github.com/nationtech/harmony-go/cmd/internal/secret"
	"github.com/nationtech/harmony-go/cmd/internal/tool"
	"github.com/nationtech/harmony-go/lib/domain"
	"github.com/nationtech/harmony-go/lib/infra/ipmi"
	"github.com/nationtech/harmony-go/lib/infra/netlink"
	"github.com/nationtech/harmony-go/lib/infra/redfish"
	"github.com/urfave/cli/v2"
)

// Name is the command's name.
const Name = "harmony-inventory"

const description = `harmony-inventory keeps the Inventory true.

  validate [--site SITE] FILE|DIR...   check an Inventory (against its Site when given); print it normalised
  discover bmc [--secret-ref REF] FILE  read each host's BMC: its MAC, the machine's FRU product and serial
  discover local [--host NAME]          this host's NICs and MACs, over netlink
  merge DECLARED DISCOVERED...          declared facts plus discovered ones, each with where it came from;
                                        disagreements on stderr (exit 1 with --strict)

Every command writes an Inventory document (JSON) on stdout.

Example:
   harmony-inventory discover bmc inventory.yaml > bmc.json && harmony-inventory merge inventory.yaml bmc.json > merged.json`

//go:embed notes.md
var notes string

// Run is harmony-inventory's main.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return tool.Run(ctx, tool.Spec{
		Notes:       notes,
		Env:         tool.SecretEnv,
		Name:        Name,
		Usage:       "validate, discover and merge the Inventory",
		Description: description,
		Commands: []*cli.Command{
			{
				Name:      "validate",
				Usage:     "check an Inventory and print it normalised",
				ArgsUsage: "FILE|DIR...",
				Flags:     []cli.Flag{&cli.StringFlag{Name: "site", Usage: "check the cabling against this Site file"}},
				Action: func(c *cli.Context) error {
					inv, doc, err := load(c.Args().Slice(), stdin)
					if err != nil {
						return tool.Refused(err)
					}
					if f := c.String("site"); f != "" {
						docs, err := document.ReadPaths([]string{f}, nil)
						if err != nil {
							return tool.Refused(err)
						}
						var site domain.Site
						for _, d := range docs {
							if d.Kind == domain.KindSite {
								if err := d.Decode(&site); err != nil {
									return tool.Refused(err)
								}
							}
						}
						if _, err := domain.NewFacts(&site, inv); err != nil {
							return tool.Refused(doc.Wrap(err))
						}
					} else if err := inv.Validate(); err != nil {
						return tool.Refused(doc.Wrap(err))
					}
					return write(stdout, inv)
				},
			},
			{
				Name:  "discover",
				Usage: "discover facts: bmc or local",
				Subcommands: []*cli.Command{
					{
						Name:      "bmc",
						Usage:     "read every host's BMC over IPMI or Redfish (an https:// bmc.address)",
						ArgsUsage: "INVENTORY",
						Flags: []cli.Flag{
							&cli.StringFlag{Name: "secret-ref", Value: "bmc", Usage: "the reference of the BMCs' user:password"},
							&cli.IntFlag{Name: "cipher", Usage: "pin the RMCP+ cipher suite (0: negotiate)"},
							&cli.DurationFlag{Name: "timeout", Value: 2 * time.Second, Usage: "per request (Redfish: at least 10s)"},
							&cli.StringFlag{Name: "redfish-secret-ref", Value: "redfish", Usage: "the reference of the Redfish BMCs' user:password"},
							&cli.StringFlag{Name: "ca-file", Usage: "PEM CA of the Redfish BMCs' certificates"},
						},
						Action: func(c *cli.Context) error { return discoverBMC(c, stdin, stdout, stderr) },
					},
					{
						Name:  "local",
						Usage: "this host's NICs over netlink",
						Flags: []cli.Flag{&cli.StringFlag{Name: "host", Usage: "the host's name in the inventory (default: the machine's hostname)"}},
						Action: func(c *cli.Context) error {
							name := c.String("host")
							if name == "" {
								name, _ = os.Hostname()
							}
							links, err := netlink.Links()
							if err != nil {
								return tool.Failed(err)
							}
							h := localHost(name, links)
							return write(stdout, &domain.Inventory{APIVersion: domain.APIVersion, Kind: domain.KindInventory,
								Metadata: domain.Metadata{Name: "local"}, Spec: domain.InventorySpec{Hosts: []domain.Host{h}}})
						},
					},
				},
			},
			{
				Name:      "merge",
				Usage:     "declared facts plus discovered ones",
				ArgsUsage: "DECLARED DISCOVERED...",
				Flags:     []cli.Flag{&cli.BoolFlag{Name: "strict", Usage: "exit 1 when declared and discovered disagree"}},
				Action:    func(c *cli.Context) error { return merge(c, stdout, stderr) },
			},
		},
	}, args, stdin, stdout, stderr)
}

// localHost is the host these links are: its NICs (with their own MACs)
// and its bonds (mode, members, MAC), each with the addresses on it.
func localHost(name string, links []netlink.Link) domain.Host {
	h := domain.Host{Name: name, NICs: []domain.NIC{}, Hardware: &domain.Hardware{Source: "netlink"}}
	for _, l := range links {
		m, err := domain.ParseMAC(l.MAC)
		switch {
		case l.NIC() && err == nil:
			h.NICs = append(h.NICs, domain.NIC{Name: l.Name, MAC: m, Addresses: l.Addresses})
		case l.Kind == "bond":
			b := domain.Bond{Name: l.Name, Mode: l.BondMode, MAC: m, Members: []string{}, Addresses: l.Addresses, Source: "netlink"}
			for _, o := range links {
				if o.Master == l.Name {
					b.Members = append(b.Members, o.Name)
				}
			}
			h.Bonds = append(h.Bonds, b)
		}
	}
	return h
}

// load reads the one Inventory among the documents of paths.
func load(paths []string, stdin io.Reader) (*domain.Inventory, *document.Doc, error) {
	docs, err := document.ReadPaths(paths, stdin)
	if err != nil {
		return nil, nil, err
	}
	for _, d := range docs {
		if d.Kind == domain.KindInventory {
			var inv domain.Inventory
			if err := d.Decode(&inv); err != nil {
				return nil, nil, err
			}
			return &inv, d, nil
		}
	}
	return nil, nil, &domain.FieldError{Msg: "no Inventory document among the inputs", Hint: "give the inventory file"}
}

func write(w io.Writer, inv *domain.Inventory) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(inv)
}

func discoverBMC(c *cli.Context, stdin io.Reader, stdout, stderr io.Writer) error {
	inv, _, err := load(c.Args().Slice(), stdin)
	if err != nil {
		return tool.Refused(err)
	}
	d := &ipmi.Driver{Credentials: secret.Pair, Cipher: c.Int("cipher"), Timeout: c.Duration("timeout")}
	var s *ipmi.Session
	var rs *redfish.Session
	for _, h := range inv.Spec.Hosts {
		if h.BMC != nil && h.BMC.Protocol() == "ipmi" && s == nil {
			if s, err = d.Open(c.Context, domain.Device{Name: "bmc", Provider: "ipmi", SecretRef: c.String("secret-ref")}); err != nil {
				return tool.Failed(err)
			}
			defer s.Close()
		}
		if h.BMC != nil && h.BMC.Protocol() == "redfish" && rs == nil {
			rd := &redfish.Driver{Credentials: secret.Pair, CAFile: c.String("ca-file"), Timeout: max(c.Duration("timeout"), 10*time.Second)}
			if rs, err = rd.Open(c.Context, domain.Device{Name: "redfish", Provider: "redfish", SecretRef: c.String("redfish-secret-ref")}); err != nil {
				return tool.Failed(err)
			}
			defer rs.Close()
		}
	}
	out := &domain.Inventory{APIVersion: domain.APIVersion, Kind: domain.KindInventory, Metadata: domain.Metadata{Name: inv.Metadata.Name + "-bmc"}, Spec: domain.InventorySpec{Hosts: []domain.Host{}}}
	var mu sync.Mutex
	var wg sync.WaitGroup
	failed := 0
	slots := make(chan struct{}, 16)
	for _, h := range inv.Spec.Hosts {
		if h.BMC == nil {
			continue
		}
		read := func() (domain.Host, error) { return ipmiHost(c.Context, s, h) }
		if h.BMC.Protocol() == "redfish" {
			read = func() (domain.Host, error) { return redfishHost(c.Context, rs, h) }
		}
		wg.Go(func() {
			slots <- struct{}{}
			defer func() { <-slots }()
			found, err := read()
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				failed++
				fmt.Fprintf(stderr, "%s: host %s: %v\n", Name, h.Name, err)
				return
			}
			out.Spec.Hosts = append(out.Spec.Hosts, found)
		})
	}
	wg.Wait()
	slices.SortFunc(out.Spec.Hosts, func(a, b domain.Host) int { return strings.Compare(a.Name, b.Name) })
	if err := write(stdout, out); err != nil {
		return tool.Failed(err)
	}
	if failed > 0 {
		return &tool.ExitError{Code: tool.ExitFailed}
	}
	return nil
}

// ipmiHost is what an IPMI BMC says of its host: its own MAC, the FRU's
// product and serial, power.
func ipmiHost(ctx context.Context, s *ipmi.Session, h domain.Host) (domain.Host, error) {
	f, err := s.Facts(ctx, h.BMC.Address)
	if err != nil {
		return domain.Host{}, err
	}
	return domain.Host{Name: h.Name, NICs: []domain.NIC{},
		BMC:      &domain.BMC{Address: h.BMC.Address, MAC: f.MAC, Source: "ipmi", Power: f.Power},
		Hardware: &domain.Hardware{Product: f.Product, Serial: f.Serial, Source: "ipmi"}}, nil
}

// redfishHost is what a Redfish BMC says of its host: maker, model and
// serial, power, and a NIC per EthernetInterface — named as the declared
// NIC of that MAC, else redfish-<its Id> (which merge reports as found
// but not declared).
func redfishHost(ctx context.Context, s *redfish.Session, h domain.Host) (domain.Host, error) {
	f, err := s.Facts(ctx, h.BMC.Address)
	if err != nil {
		return domain.Host{}, err
	}
	out := domain.Host{Name: h.Name, NICs: []domain.NIC{},
		BMC:      &domain.BMC{Address: h.BMC.Address, Source: "redfish", Power: f.Power},
		Hardware: &domain.Hardware{Product: strings.TrimSpace(f.Manufacturer + " " + f.Model), Serial: f.Serial, Source: "redfish"}}
	for _, n := range f.NICs {
		mac, err := domain.ParseMAC(n.MAC)
		if err != nil {
			return domain.Host{}, fmt.Errorf("BMC %s: EthernetInterface %s: %w", h.BMC.Address, n.ID, err)
		}
		name := "redfish-" + n.ID
		for _, d := range h.NICs {
			if d.MAC == mac {
				name = d.Name
			}
		}
		out.NICs = append(out.NICs, domain.NIC{Name: name, MAC: mac})
	}
	return out, nil
}

func merge(c *cli.Context, stdout, stderr io.Writer) error {
	if c.NArg() < 2 {
		return tool.Refused(&domain.FieldError{Msg: "give the declared inventory and at least one discovered one", Hint: "harmony-inventory merge DECLARED DISCOVERED..."})
	}
	declared, doc, err := load(c.Args().Slice()[:1], nil)
	if err != nil {
		return tool.Refused(err)
	}
	conflicts := 0
	for _, f := range c.Args().Slice()[1:] {
		found, _, err := load([]string{f}, nil)
		if err != nil {
			return tool.Refused(err)
		}
		for _, finding := range declared.Merge(found, f) {
			if finding.Disagreement {
				conflicts++
			}
			fmt.Fprintf(stderr, "%s: %s\n", Name, finding)
		}
	}
	if err := declared.Validate(); err != nil {
		return tool.Refused(doc.Wrap(err))
	}
	if err := write(stdout, declared); err != nil {
		return tool.Failed(err)
	}
	if conflicts > 0 {
		fmt.Fprintf(stderr, "%s: %d disagreements between declared and discovered facts; the declared ones are kept\n", Name, conflicts)
		if c.Bool("strict") {
			return &tool.ExitError{Code: tool.ExitFailed}
		}
	}
	return nil
}
