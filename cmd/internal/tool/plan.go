package tool

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/nationtech/harmony-go/lib/domain"
)

// ReadPlan reads and validates the plan in file, or on stdin when file is
// "" or "-". Errors name the input and, when known, the line.
func ReadPlan(file string, stdin io.Reader) (*domain.Plan, error) {
	name := file
	var data []byte
	var err error
	if file == "" || file == "-" {
		name = "<stdin>"
		data, err = io.ReadAll(stdin)
	} else {
		data, err = os.ReadFile(file)
	}
	if err != nil {
		return nil, &PlanError{Name: name, Err: &domain.FieldError{Msg: "cannot read the plan: " + err.Error(), Hint: "check the path"}}
	}
	p, err := domain.DecodePlan(data)
	if err != nil {
		var fe *domain.FieldError
		if errors.As(err, &fe) && fe.Msg == "the input is empty" {
			fe.Hint = "pipe a plan in, e.g. harmony-plan inventory/examples/lab/ | harmony-report"
		}
		return nil, &PlanError{Name: name, Err: err}
	}
	return p, nil
}

// PlanError is a plan that could not be read, with where it came from.
type PlanError struct {
	Name string
	Err  error
}

func (e *PlanError) Error() string {
	var fe *domain.FieldError
	if errors.As(e.Err, &fe) && fe.Line > 0 {
		return fmt.Sprintf("%s:%d: %v", e.Name, fe.Line, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.Name, e.Err)
}

func (e *PlanError) Unwrap() error { return e.Err }
