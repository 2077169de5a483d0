package api_test

import (
	"encoding/json"
	"testing"

	"github.com/nationtech/harmony-go/lib/infra/opnsense/api"
	"github.com/nationtech/harmony-go/lib/infra/opnsense/wire"
)

// A 25.7 get_reservation answer, in OPNsense's get-format.
const reservation257 = `{"reservation":{
 "subnet":{"":{"value":"None","selected":0},"0b7e2e6e-6c1f-4a8f-9d44-6a3f0c8f2a11":{"value":"10.10.0.0\/24","selected":1}},
 "ip_address":"10.10.0.21","hw_address":"52:54:00:aa:00:01","hostname":"cp0","description":"harmony:lab/prod",
 "option_data":{"domain_name_servers":{"":{"value":"","selected":1}},"routers":{"10.10.0.1":{"value":"10.10.0.1","selected":1}},
  "static_routes":"","classless_static_route":"","domain_name":"","ntp_servers":{"":{"value":"","selected":1}},
  "time_servers":{"":{"value":"","selected":1}},"tftp_server_name":"","boot_file_name":"","v6_only_preferred":"","v4_dnr":""}}}`

func TestDecodeReservation(t *testing.T) {
	var got struct {
		Reservation api.KeaReservation `json:"reservation"`
	}
	if err := json.Unmarshal([]byte(reservation257), &got); err != nil {
		t.Fatal(err)
	}
	r := got.Reservation
	if r.Subnet.V != "0b7e2e6e-6c1f-4a8f-9d44-6a3f0c8f2a11" || r.IPAddress.V != "10.10.0.21" || r.HWAddress.V != "52:54:00:aa:00:01" {
		t.Errorf("reservation = %+v", r)
	}
	if !r.OptionData.Routers.Equal(wire.L("10.10.0.1")) || len(r.OptionData.DomainNameServers.V) != 0 {
		t.Errorf("option data = %+v", r.OptionData)
	}
	// What a client writes back: only what it sets.
	out, _ := json.Marshal(api.KeaReservation{Subnet: wire.S("u"), IPAddress: wire.T("10.10.0.21"), HWAddress: wire.T("52:54:00:aa:00:01")})
	if want := `{"subnet":"u","ip_address":"10.10.0.21","hw_address":"52:54:00:aa:00:01"}`; string(out) != want {
		t.Errorf("Marshal = %s, want %s", out, want)
	}
}

func TestItems(t *testing.T) {
	seen := map[string]bool{}
	for _, it := range api.Items {
		key := it.Module + " " + it.Name
		if seen[key] || it.Wrapper == "" || len(it.Fields) == 0 {
			t.Errorf("item %s: duplicate, no wrapper or no fields", key)
		}
		seen[key] = true
	}
	if api.DnsmasqHostItem.Releases.Has(api.R24_7) {
		t.Error("Dnsmasq hosts are not in 24.7's models")
	}
	if got := api.HAProxyServerItem.Search(); got != "search_servers" {
		t.Errorf("HAProxy server search = %s", got)
	}
	if got := api.KeaReservationItem.Search(); got != "search_reservation" {
		t.Errorf("Kea reservation search = %s", got)
	}
}

// FuzzDecodeItems: no answer from a device makes decoding panic, and
// whatever decodes encodes again.
func FuzzDecodeItems(f *testing.F) {
	f.Add([]byte(reservation257))
	f.Add([]byte(`{"rule":{"interface":{"lan":{"value":"LAN","selected":1}},"source_net":"any","enabled":"1"}}`))
	f.Add([]byte(`{"alias":{"content":"a\nb","name":"x","type":{"host":{"value":"Host(s)","selected":1}}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var v struct {
			Reservation *api.KeaReservation `json:"reservation"`
			Rule        *api.FilterRule     `json:"rule"`
			Alias       *api.Alias          `json:"alias"`
			Server      *api.HAProxyServer  `json:"server"`
		}
		if json.Unmarshal(data, &v) != nil {
			return
		}
		if _, err := json.Marshal(v); err != nil {
			t.Fatalf("Marshal after a successful decode: %v", err)
		}
	})
}
