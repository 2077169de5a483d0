package opnsense_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nationtech/harmony-go/lib/domain"
	"github.com/nationtech/harmony-go/lib/infra/opnsense/opnsensetest"
)

// terraformProvider is a configuration's provider block: the firewall
// at var.uri, with the simulator's key (TF_VAR_uri gives it).
const terraformProvider = `terraform {
  required_providers {
    opnsense = { source = "browningluke/opnsense" }
  }
}
variable "uri" { type = string }
provider "opnsense" {
  uri        = var.uri
  api_key    = "harmony-test-key"
  api_secret = "harmony-test-secret"
}
`

// terraformConfig is what a Terraform user writes for a firewall that
// Harmony also drives: a Kea subnet on opt1 with a reservation, A and
// AAAA overrides and an alias of one, a category, port, network and host
// aliases, and two rules — the resources of the provider's that meet the
// models Harmony writes. uri is the firewall.
const terraformConfig = terraformProvider + `resource "opnsense_kea_dhcpv4_subnet" "office" {
  subnet      = "10.20.0.0/24"
  pools       = ["10.20.0.100-10.20.0.200"]
  routers     = ["10.20.0.1"]
  dns_servers = ["10.20.0.1"]
  domain_name = "office.example.net"
  description = "terraform"
}
resource "opnsense_kea_dhcpv4_reservation" "printer" {
  subnet_id   = opnsense_kea_dhcpv4_subnet.office.id
  ip_address  = "10.20.0.50"
  mac_address = "52:54:00:ab:cd:01"
  hostname    = "printer"
  description = "terraform"
}
resource "opnsense_unbound_host_override" "printer" {
  hostname    = "printer"
  domain      = "office.example.net"
  server      = "10.20.0.50"
  description = "terraform"
}
resource "opnsense_unbound_host_override" "printer6" {
  type        = "AAAA"
  hostname    = "printer"
  domain      = "office.example.net"
  server      = "fd00::50"
  description = "terraform"
}
resource "opnsense_unbound_host_alias" "lp" {
  override    = opnsense_unbound_host_override.printer.id
  hostname    = "lp"
  domain      = "office.example.net"
  description = "terraform"
}
resource "opnsense_firewall_category" "tf" {
  name  = "terraform"
  color = "ff0000"
}
resource "opnsense_firewall_alias" "web" {
  name        = "tf_web_ports"
  type        = "port"
  content     = ["80", "443", "8000:8080"]
  categories  = [opnsense_firewall_category.tf.id]
  description = "terraform"
}
resource "opnsense_firewall_alias" "nets" {
  name        = "tf_nets"
  type        = "network"
  content     = ["10.20.0.0/24", "fd00::/64"]
  description = "terraform"
}
resource "opnsense_firewall_alias" "hosts" {
  name        = "tf_hosts"
  type        = "host"
  content     = ["10.20.0.50", "printer.office.example.net"]
  description = "terraform"
}
resource "opnsense_firewall_filter" "web" {
  description = "terraform web"
  categories  = [opnsense_firewall_category.tf.id]
  interface   = { interface = ["opt1"] }
  filter = {
    action      = "pass"
    direction   = "in"
    protocol    = "TCP"
    source      = { net = opnsense_firewall_alias.nets.name }
    destination = { net = "10.20.0.50", port = opnsense_firewall_alias.web.name }
    log         = true
  }
}
resource "opnsense_firewall_filter" "block" {
  description = "terraform block"
  interface   = { interface = ["opt1"] }
  filter = {
    action      = "block"
    direction   = "in"
    protocol    = "any"
    source      = { net = opnsense_firewall_alias.hosts.name, invert = true }
    destination = { net = "any" }
  }
}
`

// tofu runs OpenTofu with the Terraform OPNsense provider in dir, as
// scripts/terraform-bins.sh built them: the provider is a development
// override (no registry here), the firewall's certificate trusted through
// SSL_CERT_FILE (the provider verifies TLS; allow_insecure stays off).
type tofu struct {
	bin, dir string
	env      []string
}

func newTofu(t *testing.T, srv *opnsensetest.Server, config string) *tofu {
	t.Helper()
	bins := os.Getenv("HARMONY_TERRAFORM_BINS")
	if bins == "" {
		const why = "HARMONY_TERRAFORM_BINS is not set: scripts/terraform-bins.sh builds OpenTofu and the provider and prints their directory (make test sets it)"
		if os.Getenv("CI") != "" {
			t.Fatal(why)
		}
		t.Skip(why + "; skipped outside CI only")
	}
	for _, b := range []string{"tofu", "terraform-provider-opnsense"} {
		if _, err := os.Stat(filepath.Join(bins, b)); err != nil {
			t.Fatalf("%s: %v (scripts/terraform-bins.sh builds it)", b, err)
		}
	}
	dir := t.TempDir()
	rc := filepath.Join(dir, "tofu.tfrc")
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("tofu.tfrc", fmt.Sprintf("provider_installation {\n  dev_overrides {\n    \"browningluke/opnsense\" = %q\n  }\n  direct {}\n}\n", bins))
	write("main.tf", config)
	if err := srv.WriteCA(filepath.Join(dir, "ca.pem")); err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "TF_CLI_CONFIG_FILE="+rc, "SSL_CERT_FILE="+filepath.Join(dir, "ca.pem"),
		"TF_IN_AUTOMATION=1", "TF_VAR_uri="+srv.URL, "HOME="+dir, "CHECKPOINT_DISABLE=1")
	return &tofu{bin: filepath.Join(bins, "tofu"), dir: dir, env: env}
}

// run is one tofu command; its exit code and output.
func (tf *tofu) run(t *testing.T, args ...string) (int, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, tf.bin, append(args, "-no-color", "-input=false")...)
	cmd.Dir, cmd.Env = tf.dir, tf.env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return 0, out.String()
	case errors.As(err, &exit):
		return exit.ExitCode(), out.String()
	}
	t.Fatalf("tofu %s: %v\n%s", strings.Join(args, " "), err, out.String())
	return 0, ""
}

// TestTerraformProvider: the Terraform OPNsense provider
// (github.com/browningluke/terraform-provider-opnsense v0.24.0, unmodified,
// run by OpenTofu) against the simulator of every release, with Kea and
// with Dnsmasq as the DHCP server, as a Terraform user runs it, beside
// Harmony on the same firewall:
//   - apply creates every resource (the simulator takes what the provider
//     sends, with the real validation);
//   - the plan after it is empty: every field reads back as the provider
//     wrote it (a field rendered unlike OPNsense is a perpetual diff or a
//     read that fails — the rule's tos and sched were, before this test);
//     where a release's model lacks a field the provider always writes,
//     exactly that field differs, as on a real firewall of that release;
//   - a hand change on the firewall shows as drift, so the check is live;
//   - Harmony applies and prunes its own steps there: the plan stays
//     as it was (Harmony touches none of Terraform's objects) and
//     Harmony's second run is all NOOP;
//   - destroy removes everything Terraform made, and only that.
func TestTerraformProvider(t *testing.T) {
	for _, c := range []struct {
		name, dhcp, config string
		releases           []string
		made               map[string]int // objects of each kind the config makes
		// lacking are, by release, the changes every plan shows because
		// the release's models lack a field the provider writes, and how
		// many resources they change.
		lacking map[string]lacks
		// hand is a change made on the firewall to the item whose field
		// match has value, and the diff the plan must show for it.
		hand struct{ module, name, match, value, field, to, diff string }
	}{
		{
			name: "kea", dhcp: "kea", config: terraformConfig, releases: []string{"24.7", "25.1", "25.7", "26.1", "26.7"},
			made: map[string]int{"kea/dhcpv4 subnet": 1, "kea/dhcpv4 reservation": 1, "unbound/settings host_override": 2,
				"unbound/settings host_alias": 1, "firewall/category item": 1, "firewall/alias item": 3, "firewall/filter rule": 2},
			// 24.7's rules have no statetype and its Kea subnets no match-client-id.
			lacking: map[string]lacks{"24.7": {3, []string{`type              = "" -> "keep"`, `type              = "" -> "keep"`, "match_client_id = false -> true"}}},
			hand: struct{ module, name, match, value, field, to, diff string }{"kea/dhcpv4", "reservation", "hostname", "printer", "ip_address", "10.20.0.51",
				`"10.20.0.51" -> "10.20.0.50"`},
		},
		{
			name: "dnsmasq", dhcp: "dnsmasq", config: terraformDnsmasqConfig, releases: []string{"25.1", "25.7", "26.1", "26.7"},
			made: map[string]int{"dnsmasq/settings host": 2},
			// 25.1's Dnsmasq hosts have no cnames.
			lacking: map[string]lacks{"25.1": {1, []string{`+ "storage.office.example.net",`}}},
			hand: struct{ module, name, match, value, field, to, diff string }{"dnsmasq/settings", "host", "host", "printer", "descr", "by hand",
				`"by hand" -> "terraform"`},
		},
	} {
		for _, rel := range c.releases {
			t.Run(c.name+"/"+rel, func(t *testing.T) {
				srv, d, dev := lab(t, opnsensetest.Options{Release: rel, DHCP: c.dhcp})
				tf := newTofu(t, srv, c.config)
				settled := func(code int, out string) bool {
					l, ok := c.lacking[rel]
					if !ok {
						return code == 0
					}
					for _, w := range l.changes {
						if strings.Count(out, w) != strings.Count(strings.Join(l.changes, "\n"), w) {
							return false
						}
					}
					return code == 2 && strings.Contains(out, fmt.Sprintf("Plan: 0 to add, %d to change, 0 to destroy.", l.resources))
				}
				if code, out := tf.run(t, "apply", "-auto-approve"); code != 0 {
					t.Fatalf("tofu apply: exit %d\n%s", code, out)
				}
				if code, out := tf.run(t, "plan", "-detailed-exitcode"); !settled(code, out) {
					t.Fatalf("tofu plan after apply: exit %d, want no changes but those of fields %s lacks\n%s", code, rel, out)
				}
				if u := srv.Unapplied(); len(u) > 0 {
					t.Errorf("after Terraform's apply %v are not reconfigured", u)
				}

				// A hand change on the firewall is drift to Terraform.
				h := c.hand
				changed := ""
				for id, it := range srv.Items(h.module, h.name) {
					if it[h.match] == h.value {
						it[h.field], changed = h.to, id
						srv.Put(h.module, h.name, id, it)
					}
				}
				if code, out := tf.run(t, "plan", "-detailed-exitcode"); changed == "" || code != 2 || !strings.Contains(out, h.diff) {
					t.Fatalf("tofu plan after a hand change of %s %s: exit %d, want 2 and %s\n%s", h.name, h.value, code, h.diff, out)
				}
				if code, out := tf.run(t, "apply", "-auto-approve"); code != 0 || srv.Items(h.module, h.name)[changed][h.field] == h.to {
					t.Fatalf("tofu apply after the hand change: exit %d, the change still there\n%s", code, out)
				}

				// Harmony beside it: its own steps, applied, then pruned to them.
				out, err := run(t, d, dev, steps(t), false)
				if err != nil {
					t.Fatalf("Harmony's commit: %v", err)
				}
				for i, o := range out {
					if o.Status != domain.Success && o.Status != domain.Noop { // a PTR is NOOP where the A override serves it
						t.Errorf("Harmony's %s: %s %s", steps(t)[i].ID, o.Status, o.Message)
					}
				}
				s, err := d.Open(context.Background(), dev)
				if err != nil {
					t.Fatal(err)
				}
				removed, err := s.Prune(context.Background(), domain.NewKeep(steps(t)), false)
				if err == nil {
					err = s.Commit(context.Background())
				}
				s.Close()
				if err != nil || len(removed) != 0 {
					t.Errorf("Harmony's prune beside Terraform's objects removed %v (%v), want nothing", removed, err)
				}
				both := counts(srv, c.made)
				if code, out := tf.run(t, "plan", "-detailed-exitcode"); !settled(code, out) {
					t.Errorf("tofu plan after Harmony's run: exit %d, want it as before (Harmony changed nothing of Terraform's)\n%s", code, out)
				}
				for i, o := range committed(t)(run(t, d, dev, steps(t), false)) {
					if o.Status != domain.Noop {
						t.Errorf("Harmony's second run beside Terraform: %s %s %s", steps(t)[i].ID, o.Status, o.Message)
					}
				}

				if code, out := tf.run(t, "destroy", "-auto-approve"); code != 0 {
					t.Fatalf("tofu destroy: exit %d\n%s", code, out)
				}
				left := counts(srv, c.made)
				for kind, n := range both {
					if left[kind] != n-c.made[kind] {
						t.Errorf("%s: Terraform's destroy left %d of %d, want its %d gone and Harmony's kept", kind, left[kind], n, c.made[kind])
					}
				}
				for i, o := range committed(t)(run(t, d, dev, steps(t), false)) {
					if o.Status != domain.Noop {
						t.Errorf("Harmony after Terraform's destroy: %s %s %s", steps(t)[i].ID, o.Status, o.Message)
					}
				}
			})
		}
	}
}

// lacks are the changes a plan shows on every run because a release's
// models lack fields the provider writes, and how many resources they
// change.
type lacks struct {
	resources int
	changes   []string // each as often as it shows
}

// terraformDnsmasqConfig is a Terraform user's Dnsmasq hosts on opt1.
const terraformDnsmasqConfig = terraformProvider + `resource "opnsense_dnsmasq_host" "printer" {
  hostname           = "printer"
  domain             = "office.example.net"
  ip_addresses       = ["10.20.0.50", "fd00::50"]
  hardware_addresses = ["52:54:00:ab:cd:01"]
  description        = "terraform"
}
resource "opnsense_dnsmasq_host" "nas" {
  hostname           = "nas"
  domain             = "office.example.net"
  is_local_domain    = true
  alias_records      = ["files.office.example.net"]
  cname_records      = ["storage.office.example.net"]
  ip_addresses       = ["10.20.0.60"]
  hardware_addresses = ["52:54:00:ab:cd:02", "52:54:00:ab:cd:03"]
  client_id          = "01:02:f3"
  comment            = "a comment"
  description        = "terraform"
}
`

// committed is a run's outcomes; its commit's error fails the test.
func committed(t *testing.T) func([]domain.Outcome, error) []domain.Outcome {
	return func(out []domain.Outcome, err error) []domain.Outcome {
		t.Helper()
		if err != nil {
			t.Errorf("Harmony's commit: %v", err)
		}
		return out
	}
}

// counts is how many objects of each kind in kinds the firewall holds.
func counts(srv *opnsensetest.Server, kinds map[string]int) map[string]int {
	out := map[string]int{}
	for kind := range kinds {
		module, name, _ := strings.Cut(kind, " ")
		out[kind] = len(srv.Items(module, name))
	}
	return out
}
