// Package kube applies the k8s-cluster capability to any conformant
// Kubernetes cluster through client-go's dynamic client: server-side apply
// with field manager "harmony", NOOP when the server's object did not
// change, conflicts with other field managers reported (or forced), server
// dry-run, prune of Harmony's labelled objects, and rollout waits. It is a
// module of its own so that only harmony-k8s links client-go.
package kube
