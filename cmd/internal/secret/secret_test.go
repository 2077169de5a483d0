package secret

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const sentinel = "S3NT1NEL-value"

func TestLookup(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.yaml")
	_ = os.WriteFile(good, []byte("fw1: key:"+sentinel+"\n"), 0o600)
	open := filepath.Join(dir, "open.yaml")
	_ = os.WriteFile(open, []byte("fw1: key:"+sentinel+"\n"), 0o644)
	bad := filepath.Join(dir, "bad.yaml")
	_ = os.WriteFile(bad, []byte("fw1: [\""+sentinel+"\n"), 0o600)
	tests := []struct {
		name, env, file, want, err string
	}{
		{"environment first", "k:v", good, "k:v", ""},
		{"file", "", good, "key:" + sentinel, ""},
		{"file readable by others", "", open, "", "chmod 600"},
		{"broken file", "", bad, "", "not a YAML map"},
		{"nothing", "", "", "", "set HARMONY_SECRET_FW1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("HARMONY_SECRET_FW1", tc.env)
			t.Setenv("HARMONY_SECRETS_FILE", tc.file)
			got, err := Lookup("fw1")
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("Lookup() error = %v, want %q", err, tc.err)
				}
				if strings.Contains(err.Error(), sentinel) {
					t.Errorf("the error repeats the secret: %v", err)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Errorf("Lookup() = %q, %v; want %q", got, err, tc.want)
			}
		})
	}
}
