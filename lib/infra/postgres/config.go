package postgres

import (
	"crypto/hmac"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"maps"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/nationtech/harmony-go/lib/domain"
)

// ConfFile is the file harmony-pg owns in a data directory, included
// from postgresql.conf; settings in it are overwritten on every run.
const ConfFile = "harmony.conf"

const (
	includeLine = "include_if_exists = '" + ConfFile + "'\t# harmony-pg: replication and failover settings"
	hbaBegin    = "# BEGIN harmony-pg: the members of the service replicate by password (managed: changes are overwritten)"
	hbaEnd      = "# END harmony-pg"
)

// SlotName is the replication slot a member streams from: the same name
// on every member, so it exists wherever the primary moves.
func SlotName(site string) string { return "harmony_" + strings.ReplaceAll(site, "-", "_") }

// Settings are the settings harmony-pg writes for a member, sorted by
// name. The synchronous standbys are every member's site, the same on
// all members, so a promoted standby needs no change to keep the
// durability: a server ignores its own name there.
func Settings(c domain.PGCluster) map[string]string {
	listen := "localhost"
	if c.Address != "localhost" && c.Address != "127.0.0.1" {
		listen += "," + c.Address
	}
	s := map[string]string{
		"listen_addresses":         quoteLiteral(listen),
		"port":                     strconv.Itoa(c.Port),
		"unix_socket_directories":  quoteLiteral(c.DataDir + ".run"),
		"wal_level":                "replica",
		"hot_standby":              "on",
		"max_wal_senders":          strconv.Itoa(max(10, 2*len(c.Members))),
		"max_replication_slots":    strconv.Itoa(max(10, 2*len(c.Members))),
		"wal_log_hints":            "on", // pg_rewind needs it
		"primary_slot_name":        quoteLiteral(SlotName(c.Site)),
		"recovery_target_timeline": "'latest'",
		"max_slot_wal_keep_size":   "'1GB'", // a member gone for good does not fill the disk
		// pg_rewind reads the former primary's own WAL back to the last
		// common checkpoint: keep some, or a rewind becomes a full copy.
		"wal_keep_size":      "'256MB'",
		"synchronous_commit": "on",
		// A standby re-pointed at a new primary retries its stream each
		// second, not each five.
		"wal_retrieve_retry_interval": "'1s'",
		"synchronous_standby_names":   "''",
	}
	if c.Durability == domain.DurabilitySync {
		var names []string
		for _, m := range c.Members {
			names = append(names, `"`+m.Site+`"`)
		}
		s["synchronous_standby_names"] = quoteLiteral("ANY 1 (" + strings.Join(names, ", ") + ")")
	}
	for k, v := range c.Settings {
		s[k] = quoteSetting(v)
	}
	return s
}

// quoteSetting writes a user's value as postgresql.conf reads it: numbers
// and simple words bare, anything else quoted.
func quoteSetting(v string) string {
	simple := v != ""
	for _, r := range v {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-') {
			simple = false
			break
		}
	}
	if simple {
		return v
	}
	return quoteLiteral(v)
}

// RenderConf is the content of harmony.conf for a member.
func RenderConf(c domain.PGCluster) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# Written by harmony-pg for service %s, member at site %s. Do not edit: the next run overwrites it.\n", c.Service, c.Site)
	fmt.Fprintf(&b, "# Change the PostgreSQLCluster Score's settings instead.\n")
	s := Settings(c)
	for _, k := range slices.Sorted(maps.Keys(s)) {
		fmt.Fprintf(&b, "%s = %s\n", k, s[k])
	}
	return b.String()
}

// parseConf reads name = value lines (harmony.conf as written).
func parseConf(text string) map[string]string {
	out := map[string]string{}
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if ok {
			out[strings.TrimSpace(k)] = strings.TrimSpace(v)
		}
	}
	return out
}

// confChanges lists the settings that differ between two harmony.conf.
func confChanges(old, want string) []domain.Change {
	o, w := parseConf(old), parseConf(want)
	var out []domain.Change
	for _, k := range slices.Sorted(maps.Keys(w)) {
		if o[k] != w[k] {
			out = append(out, domain.Change{Field: "setting " + k, From: o[k], To: w[k]})
		}
	}
	for _, k := range slices.Sorted(maps.Keys(o)) {
		if _, ok := w[k]; !ok {
			out = append(out, domain.Change{Field: "setting " + k, From: o[k], To: "(default)"})
		}
	}
	return out
}

// withInclude returns postgresql.conf with the include of harmony.conf
// at its end (where it wins over earlier lines), and whether it had it.
func withInclude(conf string) (string, bool) {
	for _, line := range strings.Split(conf, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "include_if_exists = '"+ConfFile+"'") {
			return conf, true
		}
	}
	if conf != "" && !strings.HasSuffix(conf, "\n") {
		conf += "\n"
	}
	return conf + includeLine + "\n", false
}

// hbaLines are the pg_hba.conf lines of harmony-pg's block: every member
// may connect as the replication role, for streaming (replication) and
// for pg_rewind and the primary check (database postgres).
func hbaLines(c domain.PGCluster) []string {
	var lines []string
	seen := map[string]bool{}
	for _, m := range c.Members {
		addr := m.Address
		if a, err := netip.ParseAddr(addr); err == nil {
			addr = netip.PrefixFrom(a, a.BitLen()).String()
		}
		if seen[addr] {
			continue
		}
		seen[addr] = true
		for _, db := range []string{"replication", "postgres"} {
			lines = append(lines, fmt.Sprintf("host\t%s\t%s\t%s\tscram-sha-256\t# %s", db, c.Replication.User, addr, m.Site))
		}
	}
	return lines
}

// withHBA returns pg_hba.conf with harmony-pg's block replaced by lines
// (at the top, so it is matched before any broader reject a person wrote),
// leaving every other line as it was.
func withHBA(hba string, lines []string) string {
	var kept []string
	in := false
	for _, line := range strings.Split(strings.TrimRight(hba, "\n"), "\n") {
		switch {
		case line == hbaBegin:
			in = true
		case line == hbaEnd:
			in = false
		case !in:
			kept = append(kept, line)
		}
	}
	block := append([]string{hbaBegin}, lines...)
	block = append(block, hbaEnd)
	return strings.Join(append(block, kept...), "\n") + "\n"
}

// passfileLine is a .pgpass line for the replication role.
func passfileLine(user, password string) string {
	esc := strings.NewReplacer(`\`, `\\`, `:`, `\:`)
	return "*:*:*:" + esc.Replace(user) + ":" + esc.Replace(password) + "\n"
}

// scramVerifier computes the SCRAM-SHA-256 verifier PostgreSQL stores
// for a password (RFC 5802, 7677), so ALTER ROLE carries the verifier,
// never the password: the server's logs cannot hold it.
func scramVerifier(password string) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	const iter = 4096
	salted, err := pbkdf2.Key(sha256.New, password, salt, iter, 32)
	if err != nil {
		return "", err
	}
	mac := func(key []byte, msg string) []byte {
		h := hmac.New(sha256.New, key)
		h.Write([]byte(msg))
		return h.Sum(nil)
	}
	clientKey := mac(salted, "Client Key")
	stored := sha256.Sum256(clientKey)
	serverKey := mac(salted, "Server Key")
	b64 := base64.StdEncoding.EncodeToString
	return fmt.Sprintf("SCRAM-SHA-256$%d:%s$%s:%s", iter, b64(salt), b64(stored[:]), b64(serverKey)), nil
}

// Conninfo is how a member connects to another as the replication role:
// the password is in the passfile, never in the string.
func Conninfo(c domain.PGCluster, to domain.PGMember, passfile string) string {
	return fmt.Sprintf("host=%s port=%d user=%s dbname=postgres application_name=%s passfile=%s connect_timeout=3 sslmode=prefer",
		to.Address, to.Port, c.Replication.User, c.Site, passfile)
}

// Passfile is where a member's replication password is kept: beside its
// data directory, mode 0600, owned by the server's user.
func Passfile(c domain.PGCluster) string { return c.DataDir + ".pgpass" }
