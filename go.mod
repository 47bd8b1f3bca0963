module github.com/pysocket/socket

go 1.26.0

require golang.org/x/sys v0.50.0

require (
	github.com/stretchr/testify v1.12.1 // indirect
	golang.org/x/net v0.62.0 // indirect
)
