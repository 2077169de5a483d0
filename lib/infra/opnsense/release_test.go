package opnsense

import (
	"testing"

	"github.com/nationtech/harmony-go/lib/infra/opnsense/api"
)

func TestModelRelease(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want api.Release
	}{
		{"24.7", api.R24_7}, {"24.7.12", api.R24_7}, {"25.1.6", api.R25_1}, {"25.7", api.R25_7}, {"25.7.3_1", api.R25_7},
		{"26.1.8", api.R26_1}, {"26.7", api.R26_7}, {"27.1", api.R26_7}, {"24.1", api.R24_7}, {"", api.R26_7}, {"devel", api.R26_7},
	} {
		if got := modelRelease(tc.in); got != tc.want {
			t.Errorf("modelRelease(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}
