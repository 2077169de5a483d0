// Package models embeds OPNsense's model XML for 24.7, 25.1, 25.7, 26.1 and 26.7 (see
// README.md for provenance and LICENSE.* for their BSD-2-Clause licences),
// so the simulator validates against the real model definitions.
package models

import "embed"

// FS holds <release>/OPNsense/<Module>/<Model>.xml.
//
//go:embed 24.7 25.1 25.7 26.1 26.7 LICENSE.opnsense-core LICENSE.opnsense-plugins
var FS embed.FS
