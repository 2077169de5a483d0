package tool

import (
	"bytes"
	"io"
	"os"

	"github.com/nationtech/harmony-go/cmd/internal/document"
	"github.com/nationtech/harmony-go/lib/domain"
)

// MaxPlan is the most a plan may hold: 64 MiB, the plan of the largest
// input harmony-plan takes (document.MaxInput) with room to spare.
const MaxPlan = 64 << 20

// ReadPlan reads and validates the plan in file, or on stdin when file is
// "" or "-". Errors name the input and, when known, the line.
func ReadPlan(file string, stdin io.Reader) (*domain.Plan, error) {
	name, data, err := ReadInput(file, stdin)
	if err != nil {
		return nil, err
	}
	return DecodePlan(name, data)
}

// ReadInput reads the document a tool was given: the file, or stdin for
// "" and "-", bounded, and refused when empty. It returns the name its
// errors use.
func ReadInput(file string, stdin io.Reader) (string, []byte, error) {
	name := file
	var data []byte
	var err error
	if file == "" || file == "-" {
		name = document.Stdin
		data, err = document.ReadLimited(stdin, MaxPlan, name, "a plan")
	} else {
		var f *os.File
		if f, err = os.Open(file); err != nil {
			return name, nil, &document.Error{File: name, Err: &domain.FieldError{Msg: "cannot read the plan: " + err.Error(), Hint: "check the path"}}
		}
		defer f.Close()
		data, err = document.ReadLimited(f, MaxPlan, name, "a plan")
	}
	if err != nil {
		return name, nil, err
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return name, nil, &document.Error{File: name, Err: &domain.FieldError{Msg: "the input is empty",
			Hint: "pipe a plan in, e.g. harmony-plan inventory/examples/lab/ | harmony-report"}}
	}
	return name, data, nil
}

// DecodePlan decodes a plan read from name.
func DecodePlan(name string, data []byte) (*domain.Plan, error) {
	p, err := domain.DecodePlan(data)
	if err != nil {
		return nil, &document.Error{File: name, Err: err}
	}
	return p, nil
}
