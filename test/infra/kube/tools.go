//go:build tools

// Package kube pins the Kubernetes binaries the integration tests run.
// Nothing here is compiled into Asya: `go build` of the listed commands
// produces kube-apiserver, kube-controller-manager and kubectl, and the
// etcd server, all from the official Go modules.
package kube

import (
	_ "go.etcd.io/etcd/server/v3"
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
	_ "k8s.io/kubernetes/cmd/kubectl"
)
