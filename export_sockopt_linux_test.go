package socket

// ParseTCPInfo exposes the struct tcp_info decoder to the fuzz target.
var ParseTCPInfo = parseTCPInfo
