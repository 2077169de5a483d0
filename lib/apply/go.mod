module github.com/nationtech/harmony-go/lib/apply

go 1.26

require github.com/nationtech/harmony-go/lib/domain v0.0.0

replace github.com/nationtech/harmony-go/lib/domain => ../domain
