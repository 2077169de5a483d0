package main

import (
	"bytes"
	"os"
	"testing"
)

// TestGeneratedUpToDate fails when api/zz_generated.go differs from what
// the models generate: run make generate and commit the result.
func TestGeneratedUpToDate(t *testing.T) {
	want, err := Generate("../../models")
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../../api/zz_generated.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("api/zz_generated.go drifted from the models; run make generate and commit it")
	}
}

func TestGoName(t *testing.T) {
	for in, want := range map[string]string{
		"hw_address":         "HWAddress",
		"match-client-id":    "MatchClientID",
		"sslSNI":             "SSLSNI",
		"healthCheckEnabled": "HealthCheckEnabled",
		"linkedServers":      "LinkedServers",
		"ip_address":         "IPAddress",
		"option_data":        "OptionData",
		"ttl":                "TTL",
		"2fa":                "F2fa",
	} {
		if got := goName(in); got != want {
			t.Errorf("goName(%q) = %q, want %q", in, got, want)
		}
	}
}
