module github.com/nationtech/harmony-go/cmd

go 1.26

require (
	github.com/invopop/jsonschema v0.14.0
	github.com/nationtech/harmony-go/lib/apply v0.0.0
	github.com/nationtech/harmony-go/lib/domain v0.0.0
	github.com/nationtech/harmony-go/lib/infra v0.0.0
	github.com/nationtech/harmony-go/modules v0.0.0
	github.com/pb33f/ordered-map/v2 v2.3.1
	github.com/rogpeppe/go-internal v1.16.0
	github.com/santhosh-tekuri/jsonschema/v6 v6.0.3
	github.com/urfave/cli/v2 v2.27.7
	go.yaml.in/yaml/v3 v3.0.6
)

require (
	github.com/bahlo/generic-list-go v0.2.0 // indirect
	github.com/buger/jsonparser v1.1.2 // indirect
	github.com/cpuguy83/go-md2man/v2 v2.0.7 // indirect
	github.com/russross/blackfriday/v2 v2.1.0 // indirect
	github.com/xrash/smetrics v0.0.0-20240521201337-686a1a2994c1 // indirect
	go.yaml.in/yaml/v4 v4.0.0-rc.2 // indirect
	golang.org/x/sys v0.26.0 // indirect
	golang.org/x/text v0.14.0 // indirect
	golang.org/x/tools v0.26.0 // indirect
)

// The workspace's own modules, used from this checkout.
replace (
	github.com/nationtech/harmony-go/lib/apply => ../lib/apply
	github.com/nationtech/harmony-go/lib/domain => ../lib/domain
	github.com/nationtech/harmony-go/lib/infra => ../lib/infra
	github.com/nationtech/harmony-go/modules => ../modules
)
