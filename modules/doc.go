// Package modules holds Harmony's Scores, one package each, and the
// catalog that names them for documents. Scores import only lib/domain
// (and each other: a composite is built from the small ones).
package modules
