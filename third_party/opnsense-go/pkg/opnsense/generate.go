//go:generate go run ../../internal/generate/api/main.go -client
// ONLY generate directives and package declaration! Do not add anything else to this file.

package opnsense
