package cmd_test

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestSystemdExamples checks the unit files of docs/examples with
// systemd-analyze verify, or, where systemd is not installed, with a
// parser of the unit file format.
func TestSystemdExamples(t *testing.T) {
	units, _ := filepath.Glob("../docs/examples/*.service")
	timers, _ := filepath.Glob("../docs/examples/*.timer")
	files := append(units, timers...)
	if len(files) < 2 {
		t.Fatal("no unit files in docs/examples")
	}
	if _, err := exec.LookPath("systemd-analyze"); err == nil {
		out, err := exec.Command("systemd-analyze", append([]string{"verify", "--man=no"}, files...)...).CombinedOutput()
		if err != nil || len(strings.TrimSpace(string(out))) > 0 {
			t.Fatalf("systemd-analyze verify: %v\n%s", err, out)
		}
		return
	}
	t.Log("systemd-analyze is not installed: checking the unit files with the fallback parser")
	section := regexp.MustCompile(`^\[(Unit|Service|Timer|Install)\]$`)
	keyValue := regexp.MustCompile(`^[A-Za-z]+=.+$`)
	for _, f := range files {
		lines := readLines(t, f)
		seen := ""
		for i, l := range lines {
			switch {
			case l == "" || strings.HasPrefix(l, "#"):
			case section.MatchString(l):
				seen = l
			case keyValue.MatchString(l) && seen != "":
			default:
				t.Errorf("%s:%d: not a section or key=value line in a section: %q", f, i+1, l)
			}
		}
	}
}

// TestCronExample checks docs/examples/harmony.cron line by line: a
// variable, or five time fields, a user and a command.
func TestCronExample(t *testing.T) {
	field := `(\*|[0-9]+(-[0-9]+)?)(/[0-9]+)?(,(\*|[0-9]+(-[0-9]+)?)(/[0-9]+)?)*`
	job := regexp.MustCompile(`^` + strings.Repeat(field+` `, 5) + `[a-z_][a-z0-9_-]* \S.*$`)
	env := regexp.MustCompile(`^[A-Z_][A-Z0-9_]*=\S+$`)
	jobs := 0
	for i, l := range readLines(t, "../docs/examples/harmony.cron") {
		switch {
		case l == "" || strings.HasPrefix(l, "#") || env.MatchString(l):
		case job.MatchString(l):
			jobs++
		default:
			t.Errorf("harmony.cron:%d: not a variable or a job: %q", i+1, l)
		}
	}
	if jobs == 0 {
		t.Error("harmony.cron has no job")
	}
}

func readLines(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		out = append(out, sc.Text())
	}
	return out
}
