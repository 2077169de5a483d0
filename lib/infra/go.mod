module github.com/nationtech/harmony-go/lib/infra

go 1.26

replace github.com/nationtech/harmony-go/lib/domain => ../domain

require github.com/nationtech/harmony-go/lib/domain v0.0.0-00010101000000-000000000000
