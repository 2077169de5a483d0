module github.com/browningluke/opnsense-go

go 1.23.0

toolchain go1.24.5

require (
	github.com/hashicorp/go-retryablehttp v0.7.8
	golang.org/x/text v0.28.0
	gopkg.in/yaml.v3 v3.0.1
)

require github.com/hashicorp/go-cleanhttp v0.5.2 // indirect
