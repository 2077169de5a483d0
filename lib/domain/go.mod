module github.com/nationtech/harmony-go/lib/domain

go 1.26
