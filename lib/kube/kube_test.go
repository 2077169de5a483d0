package kube

import (
	"reflect"
	"testing"

	"github.com/nationtech/harmony-go/lib/domain"
)

// TestDiff: the fields of the manifest that the server's object does not
// contain, with the server's defaults (in list items too) ignored.
func TestDiff(t *testing.T) {
	want := map[string]any{"spec": map[string]any{"replicas": 3, "template": map[string]any{"spec": map[string]any{
		"containers": []any{map[string]any{"name": "web", "image": "nginx:1.27"}}}}}}
	have := map[string]any{"spec": map[string]any{"replicas": int64(2), "progressDeadlineSeconds": int64(600), "template": map[string]any{"spec": map[string]any{
		"containers": []any{map[string]any{"name": "web", "image": "nginx:1.26", "imagePullPolicy": "IfNotPresent"}}}}}}
	got := diff(want, have)
	wantChanges := []domain.Change{{Field: "spec.replicas", From: "2", To: "3"}, {Field: "spec.template.spec.containers[0].image", From: "nginx:1.26", To: "nginx:1.27"}}
	if !reflect.DeepEqual(got, wantChanges) {
		t.Errorf("diff:\n got %+v\nwant %+v", got, wantChanges)
	}
	if got := diff(want, map[string]any{"spec": map[string]any{"replicas": 3.0, "template": map[string]any{"spec": map[string]any{
		"containers": []any{map[string]any{"name": "web", "image": "nginx:1.27", "resources": map[string]any{}}}}}}}); len(got) != 0 {
		t.Errorf("a contained object differs: %+v", got)
	}
	if got := diff(map[string]any{"a": []any{1, 2}}, map[string]any{"a": []any{1}}); len(got) != 1 || got[0].Field != "a" {
		t.Errorf("a list of another length: %+v", got)
	}
}
