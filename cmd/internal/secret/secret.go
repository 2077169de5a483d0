// Package secret resolves a device's secret reference at apply time:
// first the environment variable HARMONY_SECRET_<REF> (the reference
// upper-cased, "-" as "_"), then the YAML map in the file named by
// HARMONY_SECRETS_FILE, which must be readable by its owner only (0600).
// Values never appear in errors.
package secret

import (
	"fmt"
	"os"
	"strings"

	"github.com/nationtech/harmony-go/lib/domain"
	"go.yaml.in/yaml/v3"
)

// Lookup returns the secret a reference names.
func Lookup(ref string) (string, error) {
	env := "HARMONY_SECRET_" + domain.EnvName(ref)
	if v, ok := os.LookupEnv(env); ok && v != "" {
		return v, nil
	}
	file := os.Getenv("HARMONY_SECRETS_FILE")
	if file == "" {
		return "", fmt.Errorf("no secret for reference %q: set %s, or HARMONY_SECRETS_FILE to a 0600 YAML file with %s: <value>", ref, env, ref)
	}
	st, err := os.Stat(file)
	if err != nil {
		return "", fmt.Errorf("secrets file %s: %w", file, err)
	}
	if st.Mode().Perm()&0o077 != 0 {
		return "", fmt.Errorf("secrets file %s is readable by others (mode %04o): chmod 600 %s", file, st.Mode().Perm(), file)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return "", fmt.Errorf("secrets file %s: %w", file, err)
	}
	var m map[string]string
	if err := yaml.Unmarshal(data, &m); err != nil {
		// The YAML error could quote a value: say only where.
		return "", fmt.Errorf("secrets file %s is not a YAML map of reference: value", file)
	}
	v, ok := m[ref]
	if !ok || v == "" {
		return "", fmt.Errorf("no secret for reference %q in %s nor in %s", ref, file, env)
	}
	return v, nil
}

// Pair splits a "user:password" or "key:secret" value.
func Pair(ref string) (string, string, error) {
	v, err := Lookup(ref)
	if err != nil {
		return "", "", err
	}
	a, b, ok := strings.Cut(v, ":")
	if !ok || a == "" || b == "" {
		return "", "", fmt.Errorf("the secret of reference %q is not of the form key:secret", ref)
	}
	return a, b, nil
}
