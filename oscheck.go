package socket

// The import stops a build for a system other than linux, darwin or freebsd with one readable error.
import _ "github.com/pysocket/socket/internal/oscheck"
