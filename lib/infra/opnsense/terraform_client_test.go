package opnsense_test

import (
	"context"
	"io"
	"log"
	"net/netip"
	"strings"
	"testing"

	tfapi "github.com/browningluke/opnsense-go/pkg/api"
	"github.com/browningluke/opnsense-go/pkg/kea"
	"github.com/browningluke/opnsense-go/pkg/unbound"
	"github.com/nationtech/harmony-go/lib/domain"
	"github.com/nationtech/harmony-go/lib/infra/opnsense/opnsensetest"
)

// TestTerraformProviderClient drives the simulator with the Terraform
// OPNsense provider's own API client (github.com/browningluke/opnsense-go
// v0.23.0, which the provider pins; third_party/opnsense-go): what a
// Terraform user's apply does — create a Kea subnet, a reservation in it
// and an Unbound host override, each followed by the service's
// reconfigure; read each back as the provider's Read does (a read that
// differs from what was written is a perpetual diff in Terraform); update
// and delete — on every release. Then Harmony's adapter meets them on the
// same firewall: a step matching a hand-made object is refused, not
// overwritten.
func TestTerraformProviderClient(t *testing.T) {
	for _, rel := range []string{"24.7", "25.1", "25.7", "26.1", "26.7"} {
		t.Run(rel, func(t *testing.T) {
			srv, d, dev := lab(t, opnsensetest.Options{Release: rel})
			key, secret := srv.Credentials()
			c := tfapi.NewClient(tfapi.Options{Uri: srv.URL, APIKey: key, APISecret: secret, AllowInsecure: true, // the provider's allow_insecure, for a self-signed firewall
				MaxRetries: 1, MinBackoff: 1, MaxBackoff: 1, Logger: log.New(io.Discard, "", 0)})
			ctx := context.Background()
			k, u := kea.Controller{Api: c}, unbound.Controller{Api: c}

			// As the provider's opnsense_kea_subnet converts its schema (its defaults: match_client_id and auto_collect true).
			subnetID, err := k.AddSubnetV4(ctx, &kea.SubnetV4{Subnet: "10.10.0.0/24", Pools: "10.10.0.100-10.10.0.200", MatchClientId: "1", OptionDataAutoCollect: "1", Description: "terraform"})
			if err != nil {
				t.Fatalf("AddSubnetV4: %v", err)
			}
			sub, err := k.GetSubnetV4(ctx, subnetID)
			if err != nil || sub.Subnet != "10.10.0.0/24" || sub.Pools != "10.10.0.100-10.10.0.200" || sub.Description != "terraform" {
				t.Fatalf("GetSubnetV4 after Add: %+v %v", sub, err)
			}
			resID, err := k.AddReservationV4(ctx, &kea.ReservationV4{Subnet: tfapi.SelectedMap(subnetID), IpAddress: "10.10.0.50",
				HwAddress: "52:54:00:ab:cd:01", Hostname: "printer", Description: "terraform"})
			if err != nil {
				t.Fatalf("AddReservationV4: %v", err)
			}
			res, err := k.GetReservationV4(ctx, resID)
			if err != nil || string(res.Subnet) != subnetID || res.IpAddress != "10.10.0.50" || res.HwAddress != "52:54:00:ab:cd:01" || res.Hostname != "printer" {
				t.Fatalf("GetReservationV4 after Add (the subnet must read back as its uuid): %+v %v", res, err)
			}
			res.IpAddress = "10.10.0.51"
			if err := k.UpdateReservationV4(ctx, resID, res); err != nil {
				t.Fatalf("UpdateReservationV4: %v", err)
			}
			if res, err = k.GetReservationV4(ctx, resID); err != nil || res.IpAddress != "10.10.0.51" {
				t.Fatalf("GetReservationV4 after Update: %+v %v", res, err)
			}
			hostID, err := u.AddHostOverride(ctx, &unbound.HostOverride{Enabled: "1", Hostname: "nas", Domain: "lab.example.net", Type: "A",
				Server: "10.10.0.60", Description: "terraform"})
			if err != nil {
				t.Fatalf("AddHostOverride: %v", err)
			}
			host, err := u.GetHostOverride(ctx, hostID)
			if err != nil || host.Hostname != "nas" || string(host.Type) != "A" || host.Server != "10.10.0.60" || host.Enabled != "1" {
				t.Fatalf("GetHostOverride after Add: %+v %v", host, err)
			}
			if _, err := k.AddReservationV4(ctx, &kea.ReservationV4{Subnet: tfapi.SelectedMap(subnetID), IpAddress: "10.99.0.5", HwAddress: "52:54:00:ab:cd:02"}); err == nil ||
				!strings.Contains(err.Error(), "Address not in specified subnet") {
				t.Errorf("a reservation outside its subnet: %v, want the validation in the error", err)
			}
			if u := srv.Unapplied(); len(u) > 0 {
				t.Errorf("after the provider's writes %v are not reconfigured (it reconfigures after each)", u)
			}

			// Harmony on the same firewall: the reservation Terraform made
			// is a hand-made one to it.
			out, _ := run(t, d, dev, []domain.Step{mustStep(t, domain.DHCPServer, domain.TypeReservation, "printer",
				domain.Reservation{MAC: domain.MAC{0x52, 0x54, 0, 0xab, 0xcd, 1}, IP: netip.MustParseAddr("10.10.0.51"), Hostname: "printer",
					Network: "lan", Subnet: netip.MustParsePrefix("10.10.0.0/24")})}, false)
			if out[0].Status != domain.Failure || !strings.Contains(out[0].Message, "exists, not managed") {
				t.Errorf("Harmony's step on Terraform's reservation: %s %q, want refused as not managed", out[0].Status, out[0].Message)
			}

			if err := k.DeleteReservationV4(ctx, resID); err != nil {
				t.Fatalf("DeleteReservationV4: %v", err)
			}
			if _, err := k.GetReservationV4(ctx, resID); err == nil {
				t.Errorf("GetReservationV4 after Delete found it")
			}
			if err := u.DeleteHostOverride(ctx, hostID); err != nil {
				t.Fatalf("DeleteHostOverride: %v", err)
			}
			if err := k.DeleteSubnetV4(ctx, subnetID); err != nil {
				t.Fatalf("DeleteSubnetV4: %v", err)
			}
		})
	}
}
