package kube

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/nationtech/harmony-go/lib/domain"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/client-go/kubernetes/scheme"
)

// CheckStep checks an object step's manifest against the API's own Go
// types, when its kind is a built-in one: a number that does not fit its
// field (replicas 99999999999 in an int32, which an API server would
// store wrapped) or a value of the wrong type is refused, naming the
// field, before anything is sent. Kinds it does not know (CRDs) pass:
// the API server checks them against their schema.
func CheckStep(step domain.Step) error {
	if step.Resource.Type == domain.TypeHelmChart || step.Action == domain.Absent {
		return nil
	}
	var o domain.K8sObject
	if err := step.DecodeSpec(&o); err != nil {
		return err
	}
	u := &unstructured.Unstructured{}
	if err := u.UnmarshalJSON(o.Manifest); err != nil {
		return fmt.Errorf("the manifest of %s/%s: %w", o.Kind, o.Name, err)
	}
	gvk := u.GroupVersionKind()
	if !scheme.Scheme.Recognizes(gvk) {
		return nil
	}
	typed, err := scheme.Scheme.New(gvk)
	if err != nil {
		return nil
	}
	if err := json.Unmarshal(o.Manifest, typed); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			switch te.Type.Kind().String() {
			case "int32", "int64", "uint32", "uint64", "int", "float64":
				if v, ok := strings.CutPrefix(te.Value, "number "); ok {
					limits := map[string]string{"int32": " (-2147483648 to 2147483647)", "uint32": " (0 to 4294967295)"}
					return fmt.Errorf("the manifest of %s %s: %s: %s does not fit its type, %s%s", o.Kind, o.Name, te.Field, v, te.Type, limits[te.Type.Kind().String()])
				}
			}
			return fmt.Errorf("the manifest of %s %s: %s: a %s where a %s goes", o.Kind, o.Name, te.Field, te.Value, te.Type)
		}
		return fmt.Errorf("the manifest of %s %s: %w", o.Kind, o.Name, err)
	}
	return nil
}
