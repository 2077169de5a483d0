module github.com/nationtech/harmony-go/lib/infra

go 1.26

replace github.com/nationtech/harmony-go/lib/domain => ../domain
