// Package oscheck stops the build of github.com/pysocket/socket on a system it does not support with one
// error that names the systems it does (see the package documentation); elsewhere it is empty.
package oscheck
