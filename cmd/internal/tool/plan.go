package tool

import (
	"bytes"
	"io"
	"os"

	"github.com/nationtech/harmony-go/cmd/internal/document"
	"github.com/nationtech/harmony-go/lib/domain"
)

// ReadPlan reads and validates the plan in file, or on stdin when file is
// "" or "-". Errors name the input and, when known, the line.
func ReadPlan(file string, stdin io.Reader) (*domain.Plan, error) {
	name := file
	var data []byte
	var err error
	if file == "" || file == "-" {
		name = document.Stdin
		data, err = io.ReadAll(stdin)
	} else {
		data, err = os.ReadFile(file)
	}
	if err != nil {
		return nil, &document.Error{File: name, Err: &domain.FieldError{Msg: "cannot read the plan: " + err.Error(), Hint: "check the path"}}
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, &document.Error{File: name, Err: &domain.FieldError{Msg: "the input is empty",
			Hint: "pipe a plan in, e.g. harmony-plan inventory/examples/lab/ | harmony-report"}}
	}
	p, err := domain.DecodePlan(data)
	if err != nil {
		return nil, &document.Error{File: name, Err: err}
	}
	return p, nil
}
