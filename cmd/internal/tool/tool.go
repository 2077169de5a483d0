// Package tool is what every Harmony command shares: the urfave/cli app
// wired to the run function's streams, the exit codes, and the one-line
// error with its hint.
package tool

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/nationtech/harmony-go/lib/domain"
	"github.com/urfave/cli/v2"
)

// The exit codes every tool uses.
const (
	ExitOK        = 0   // every step it ran is SUCCESS or NOOP
	ExitFailed    = 1   // a step is FAILURE or BLOCKED, or the tool could not finish
	ExitRefused   = 2   // input refused (usage, schema, capability); nothing was touched
	ExitCancelled = 130 // interrupted by a signal
)

// Version is stamped by the Makefile with -ldflags -X.
var Version = "dev"

// ExitError carries an exit code up to Run. Err may be nil when the
// document on stdout already says what went wrong.
type ExitError struct {
	Code int
	Err  error
}

func (e *ExitError) Error() string {
	if e.Err == nil {
		return fmt.Sprintf("exit %d", e.Code)
	}
	return e.Err.Error()
}

func (e *ExitError) Unwrap() error { return e.Err }

// Refused marks err as refused input: exit 2.
func Refused(err error) error { return &ExitError{Code: ExitRefused, Err: err} }

// Failed marks err as a failure: exit 1.
func Failed(err error) error { return &ExitError{Code: ExitFailed, Err: err} }

// Spec describes a tool.
type Spec struct {
	Name        string
	Usage       string // one line
	ArgsUsage   string
	Description string // the manual; ends with a pipeline example
	Flags       []cli.Flag
	Commands    []*cli.Command
	Action      cli.ActionFunc
	// Env are the environment variables it reads besides its flags'
	// (which the manual lists from the flags themselves).
	Env []Env
	// Notes is the rest of its manual, in Markdown (the package's
	// notes.md): what it does on each device, how, and why.
	Notes string
}

// SecretEnv is how every tool that reaches a device resolves its secretRef.
var SecretEnv = []Env{
	{"HARMONY_SECRET_<REF>", "the secret of a device whose secretRef is REF (upper-cased, - as _), e.g. HARMONY_SECRET_FW1=key:secret; never on the command line"},
	{"HARMONY_SECRETS_FILE", "a YAML map ref → secret, mode 0600, read when the variable for a ref is not set"},
}

// Run runs the tool with args (args[0] is the program name) on the given
// streams and returns its exit code. Nothing below it exits the process.
func Run(ctx context.Context, s Spec, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	app := &cli.App{
		Name:                 s.Name,
		Usage:                s.Usage,
		ArgsUsage:            s.ArgsUsage,
		Description:          s.Description,
		Version:              Version,
		Flags:                s.Flags,
		Commands:             s.Commands,
		Action:               s.Action,
		Reader:               stdin,
		Writer:               stderr, // help and version are for people: stdout carries only the document
		ErrWriter:            stderr,
		HideHelpCommand:      true,
		EnableBashCompletion: true,
		ExitErrHandler:       func(*cli.Context, error) {},
		OnUsageError: func(_ *cli.Context, err error, _ bool) error {
			return Refused(&domain.FieldError{Msg: err.Error(), Hint: "see " + s.Name + " --help"})
		},
	}
	for _, c := range app.Commands {
		c.OnUsageError = app.OnUsageError
	}
	if len(args) == 2 && args[1] == manualFlag {
		manual(stdout, app, s.Env, s.Notes)
		return ExitOK
	}
	if len(args) == 3 && args[1] == "--completion" {
		return completion(app, args[2], stdout, stderr)
	}
	if len(s.Commands) == 0 {
		args = flagsFirst(args, s.Flags)
	}
	err := app.RunContext(ctx, args)
	if ctx.Err() != nil {
		fmt.Fprintf(stderr, "%s: interrupted\n", s.Name)
		return ExitCancelled
	}
	if err == nil {
		return ExitOK
	}
	code := ExitFailed
	var ee *ExitError
	if errors.As(err, &ee) {
		code = ee.Code
		if ee.Err == nil {
			return code
		}
	}
	Report(stderr, s.Name, err)
	return code
}

// completion prints the shell completion script of the tool: bash and
// zsh ask the tool itself (urfave/cli's --generate-bash-completion, which
// answers on stderr), fish gets the generated completions.
func completion(app *cli.App, shell string, stdout, stderr io.Writer) int {
	fn := "_" + strings.ReplaceAll(app.Name, "-", "_") + "_complete"
	bash := `%[1]s() {
  local cur="${COMP_WORDS[COMP_CWORD]}" opts
  if [[ "$cur" == -* ]]; then
    opts=$("${COMP_WORDS[@]:0:$COMP_CWORD}" "$cur" --generate-bash-completion 2>&1)
  else
    opts=$("${COMP_WORDS[@]:0:$COMP_CWORD}" --generate-bash-completion 2>&1)
  fi
  COMPREPLY=($(compgen -W "$opts" -- "$cur"))
}
complete -o bashdefault -o default -F %[1]s %[2]s
`
	bash = fmt.Sprintf(bash, fn, app.Name)
	switch shell {
	case "bash":
		fmt.Fprintf(stdout, "# %s completion for bash: source it, or put it in /etc/bash_completion.d/%s\n%s", app.Name, app.Name, bash)
	case "zsh":
		fmt.Fprintf(stdout, "# %s completion for zsh (through bashcompinit)\nautoload -U +X bashcompinit && bashcompinit\n%s", app.Name, bash)
	case "fish":
		script, err := app.ToFishCompletion()
		if err != nil {
			Report(stderr, app.Name, err)
			return ExitFailed
		}
		fmt.Fprint(stdout, script)
	default:
		Report(stderr, app.Name, &domain.FieldError{Msg: fmt.Sprintf("no completion for shell %q", shell), Hint: "use --completion bash, zsh or fish"})
		return ExitRefused
	}
	return ExitOK
}

// Report writes err for the operator: one line prefixed with the tool's
// name, then a hint line when the error carries one.
func Report(w io.Writer, name string, err error) {
	msg := strings.TrimSpace(err.Error())
	fmt.Fprintf(w, "%s: %s\n", name, msg)
	if h := domain.Hint(err); h != "" {
		fmt.Fprintf(w, "hint: %s\n", h)
	}
}

// Warn writes a warning line.
func Warn(w io.Writer, name, format string, args ...any) {
	fmt.Fprintf(w, "%s: warning: %s\n", name, fmt.Sprintf(format, args...))
}

// flagsFirst moves flags given after the arguments in front of them, so
// "harmony-plan lab/ --pretty" works as people expect (urfave/cli v2 stops
// at the first argument). A flag that takes a value keeps it; "--" ends
// the flags.
func flagsFirst(args []string, flags []cli.Flag) []string {
	if len(args) < 2 {
		return args
	}
	takesValue := map[string]bool{}
	for _, f := range flags {
		_, isBool := f.(*cli.BoolFlag)
		for _, n := range f.Names() {
			takesValue[n] = !isBool
		}
	}
	var front, rest []string
	for i := 1; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			rest = append(rest, args[i:]...)
			break
		}
		if len(a) < 2 || a[0] != '-' {
			rest = append(rest, a)
			continue
		}
		front = append(front, a)
		name := strings.TrimLeft(a, "-")
		if !strings.Contains(name, "=") && takesValue[name] && i+1 < len(args) {
			i++
			front = append(front, args[i])
		}
	}
	return append(append([]string{args[0]}, front...), rest...)
}
