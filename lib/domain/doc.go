// Package domain holds Harmony's concepts and the contracts between its
// tools: capabilities, the Site and its Inventory, the topology a Score
// plans against, and the Plan with its steps and outcomes. It imports only
// the standard library, so every tool and every Go program can depend on
// it without pulling in an adapter.
package domain
