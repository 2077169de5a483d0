package opnsense

import (
	"encoding/json"
	"testing"
)

// FuzzCodecs: no answer from a firewall makes the adapter's readers panic.
func FuzzCodecs(f *testing.F) {
	f.Add([]byte(`{"u1":{"hostname":"cp0","domain":"lab","rr":{"A":{"value":"A","selected":1}},"server":"10.0.0.1"}}`))
	f.Add([]byte(`[]`))
	f.Add([]byte(`{"rows":[{"uuid":"u","subnet":"10.0.0.0\/24","%subnet":"x"}],"total":1}`))
	f.Add([]byte(`{"reservation":{"hw_address":"52:54:00:aa:00:01","subnet":{"":{"value":"None","selected":0}}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, cd := range []codec{keaSubnets, keaReservations, dnsmasqHosts, unboundHosts, unboundAliases, filterRules,
			haproxyServers, haproxyBackends, haproxyFronts, haproxyChecks} {
			_, _ = cd.items(json.RawMessage(data))
			_, _ = cd.rows(json.RawMessage(data))
			_, _ = cd.one(json.RawMessage(data), cd.item.Wrapper)
		}
	})
}
