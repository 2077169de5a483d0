// Command kube-apiserver is Kubernetes' own API server, built from the
// module proxy at the version tools/kube/go.mod pins.
package main

import (
	"os"

	_ "time/tzdata"

	"k8s.io/component-base/cli"
	"k8s.io/kubernetes/cmd/kube-apiserver/app"
)

func main() {
	os.Exit(cli.Run(app.NewAPIServerCommand()))
}
