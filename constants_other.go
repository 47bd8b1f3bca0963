// Code generated from the names that golang.org/x/sys/unix defines on darwin and freebsd; DO NOT EDIT.
// The Linux constants are in constants_linux.go (CPython's names, x/sys's values for each GOARCH);
// these are the portable subset with each system's own values, so that the UNIX, INET and INET6 core
// builds there too.

//go:build darwin || freebsd

package socket

import (
	"syscall"

	"golang.org/x/sys/unix"
)

// The portable subset of Python's socket constants, with this system's values.
const (
	AF_APPLETALK              AddressFamily = unix.AF_APPLETALK
	AF_DECnet                 AddressFamily = unix.AF_DECnet
	AF_INET                   AddressFamily = unix.AF_INET
	AF_INET6                  AddressFamily = unix.AF_INET6
	AF_IPX                    AddressFamily = unix.AF_IPX
	AF_ROUTE                  AddressFamily = unix.AF_ROUTE
	AF_SNA                    AddressFamily = unix.AF_SNA
	AF_UNIX                   AddressFamily = unix.AF_UNIX
	AF_UNSPEC                 AddressFamily = unix.AF_UNSPEC
	IPPROTO_AH                              = unix.IPPROTO_AH
	IPPROTO_DSTOPTS                         = unix.IPPROTO_DSTOPTS
	IPPROTO_EGP                             = unix.IPPROTO_EGP
	IPPROTO_ESP                             = unix.IPPROTO_ESP
	IPPROTO_FRAGMENT                        = unix.IPPROTO_FRAGMENT
	IPPROTO_GRE                             = unix.IPPROTO_GRE
	IPPROTO_HOPOPTS                         = unix.IPPROTO_HOPOPTS
	IPPROTO_ICMP                            = unix.IPPROTO_ICMP
	IPPROTO_ICMPV6                          = unix.IPPROTO_ICMPV6
	IPPROTO_IDP                             = unix.IPPROTO_IDP
	IPPROTO_IGMP                            = unix.IPPROTO_IGMP
	IPPROTO_IP                              = unix.IPPROTO_IP
	IPPROTO_IPIP                            = unix.IPPROTO_IPIP
	IPPROTO_IPV6                            = unix.IPPROTO_IPV6
	IPPROTO_NONE                            = unix.IPPROTO_NONE
	IPPROTO_PIM                             = unix.IPPROTO_PIM
	IPPROTO_PUP                             = unix.IPPROTO_PUP
	IPPROTO_RAW                             = unix.IPPROTO_RAW
	IPPROTO_ROUTING                         = unix.IPPROTO_ROUTING
	IPPROTO_RSVP                            = unix.IPPROTO_RSVP
	IPPROTO_SCTP                            = unix.IPPROTO_SCTP
	IPPROTO_TCP                             = unix.IPPROTO_TCP
	IPPROTO_TP                              = unix.IPPROTO_TP
	IPPROTO_UDP                             = unix.IPPROTO_UDP
	IPV6_CHECKSUM                           = unix.IPV6_CHECKSUM
	IPV6_DONTFRAG                           = unix.IPV6_DONTFRAG
	IPV6_DSTOPTS                            = unix.IPV6_DSTOPTS
	IPV6_HOPLIMIT                           = unix.IPV6_HOPLIMIT
	IPV6_HOPOPTS                            = unix.IPV6_HOPOPTS
	IPV6_JOIN_GROUP                         = unix.IPV6_JOIN_GROUP
	IPV6_LEAVE_GROUP                        = unix.IPV6_LEAVE_GROUP
	IPV6_MULTICAST_HOPS                     = unix.IPV6_MULTICAST_HOPS
	IPV6_MULTICAST_IF                       = unix.IPV6_MULTICAST_IF
	IPV6_MULTICAST_LOOP                     = unix.IPV6_MULTICAST_LOOP
	IPV6_NEXTHOP                            = unix.IPV6_NEXTHOP
	IPV6_PATHMTU                            = unix.IPV6_PATHMTU
	IPV6_PKTINFO                            = unix.IPV6_PKTINFO
	IPV6_RECVDSTOPTS                        = unix.IPV6_RECVDSTOPTS
	IPV6_RECVHOPLIMIT                       = unix.IPV6_RECVHOPLIMIT
	IPV6_RECVHOPOPTS                        = unix.IPV6_RECVHOPOPTS
	IPV6_RECVPATHMTU                        = unix.IPV6_RECVPATHMTU
	IPV6_RECVPKTINFO                        = unix.IPV6_RECVPKTINFO
	IPV6_RECVRTHDR                          = unix.IPV6_RECVRTHDR
	IPV6_RECVTCLASS                         = unix.IPV6_RECVTCLASS
	IPV6_RTHDR                              = unix.IPV6_RTHDR
	IPV6_RTHDRDSTOPTS                       = unix.IPV6_RTHDRDSTOPTS
	IPV6_RTHDR_TYPE_0                       = unix.IPV6_RTHDR_TYPE_0
	IPV6_TCLASS                             = unix.IPV6_TCLASS
	IPV6_UNICAST_HOPS                       = unix.IPV6_UNICAST_HOPS
	IPV6_V6ONLY                             = unix.IPV6_V6ONLY
	IP_ADD_MEMBERSHIP                       = unix.IP_ADD_MEMBERSHIP
	IP_DEFAULT_MULTICAST_LOOP               = unix.IP_DEFAULT_MULTICAST_LOOP
	IP_DEFAULT_MULTICAST_TTL                = unix.IP_DEFAULT_MULTICAST_TTL
	IP_DROP_MEMBERSHIP                      = unix.IP_DROP_MEMBERSHIP
	IP_HDRINCL                              = unix.IP_HDRINCL
	IP_MAX_MEMBERSHIPS                      = unix.IP_MAX_MEMBERSHIPS
	IP_MULTICAST_IF                         = unix.IP_MULTICAST_IF
	IP_MULTICAST_LOOP                       = unix.IP_MULTICAST_LOOP
	IP_MULTICAST_TTL                        = unix.IP_MULTICAST_TTL
	IP_OPTIONS                              = unix.IP_OPTIONS
	IP_RECVOPTS                             = unix.IP_RECVOPTS
	IP_RECVRETOPTS                          = unix.IP_RECVRETOPTS
	IP_RECVTOS                              = unix.IP_RECVTOS
	IP_RETOPTS                              = unix.IP_RETOPTS
	IP_TOS                                  = unix.IP_TOS
	IP_TTL                                  = unix.IP_TTL
	MSG_CTRUNC                              = unix.MSG_CTRUNC
	MSG_DONTROUTE                           = unix.MSG_DONTROUTE
	MSG_DONTWAIT                            = unix.MSG_DONTWAIT
	MSG_EOR                                 = unix.MSG_EOR
	MSG_NOSIGNAL                            = unix.MSG_NOSIGNAL
	MSG_OOB                                 = unix.MSG_OOB
	MSG_PEEK                                = unix.MSG_PEEK
	MSG_TRUNC                               = unix.MSG_TRUNC
	MSG_WAITALL                             = unix.MSG_WAITALL
	SCM_RIGHTS                              = unix.SCM_RIGHTS
	SHUT_RD                                 = unix.SHUT_RD
	SHUT_RDWR                               = unix.SHUT_RDWR
	SHUT_WR                                 = unix.SHUT_WR
	SOCK_DGRAM                SocketKind    = unix.SOCK_DGRAM
	SOCK_RAW                  SocketKind    = unix.SOCK_RAW
	SOCK_RDM                  SocketKind    = unix.SOCK_RDM
	SOCK_SEQPACKET            SocketKind    = unix.SOCK_SEQPACKET
	SOCK_STREAM               SocketKind    = unix.SOCK_STREAM
	SOL_SOCKET                              = unix.SOL_SOCKET
	SOMAXCONN                               = unix.SOMAXCONN
	SO_ACCEPTCONN                           = unix.SO_ACCEPTCONN
	SO_BROADCAST                            = unix.SO_BROADCAST
	SO_DEBUG                                = unix.SO_DEBUG
	SO_DONTROUTE                            = unix.SO_DONTROUTE
	SO_ERROR                                = unix.SO_ERROR
	SO_KEEPALIVE                            = unix.SO_KEEPALIVE
	SO_LINGER                               = unix.SO_LINGER
	SO_OOBINLINE                            = unix.SO_OOBINLINE
	SO_RCVBUF                               = unix.SO_RCVBUF
	SO_RCVLOWAT                             = unix.SO_RCVLOWAT
	SO_RCVTIMEO                             = unix.SO_RCVTIMEO
	SO_REUSEADDR                            = unix.SO_REUSEADDR
	SO_REUSEPORT                            = unix.SO_REUSEPORT
	SO_SNDBUF                               = unix.SO_SNDBUF
	SO_SNDLOWAT                             = unix.SO_SNDLOWAT
	SO_SNDTIMEO                             = unix.SO_SNDTIMEO
	SO_TYPE                                 = unix.SO_TYPE
	TCP_FASTOPEN                            = unix.TCP_FASTOPEN
	TCP_KEEPCNT                             = unix.TCP_KEEPCNT
	TCP_KEEPINTVL                           = unix.TCP_KEEPINTVL
	TCP_MAXSEG                              = unix.TCP_MAXSEG
	TCP_NODELAY                             = unix.TCP_NODELAY
	EAGAIN                                  = syscall.EAGAIN
	EBADF                                   = syscall.EBADF
	EWOULDBLOCK                             = syscall.EWOULDBLOCK
)

// afNames holds the names that String prints for the portable address families.
var afNames = map[AddressFamily]string{
	AF_UNSPEC: "AF_UNSPEC",
	AF_UNIX:   "AF_UNIX",
	AF_INET:   "AF_INET",
	AF_INET6:  "AF_INET6",
	AF_ROUTE:  "AF_ROUTE",
}

// kindNames holds the names that String prints for the portable socket kinds.
var kindNames = map[SocketKind]string{
	SOCK_STREAM:    "SOCK_STREAM",
	SOCK_DGRAM:     "SOCK_DGRAM",
	SOCK_RAW:       "SOCK_RAW",
	SOCK_RDM:       "SOCK_RDM",
	SOCK_SEQPACKET: "SOCK_SEQPACKET",
}
