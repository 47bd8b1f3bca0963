//go:build linux

package socket

// Linux constants for AF_PACKET, AF_NETLINK and AF_VSOCK that Python 3.11's socket module lacks (the names it
// has are in constants_linux.go), with the values of Linux's UAPI headers. TestFamilyConstantsMatchXSys checks
// them against golang.org/x/sys/unix.

// EtherTypes from <linux/if_ether.h>, for PacketAddr.Proto and the protocol of AF_PACKET sockets (New takes it in
// network order: New(AF_PACKET, SOCK_RAW, Htons(ETH_P_ALL))).
const (
	ETH_P_1588       = 0x88f7
	ETH_P_8021AC     = 0x8870
	ETH_P_8021AD     = 0x88a8
	ETH_P_8021AH     = 0x88e7
	ETH_P_8021Q      = 0x8100
	ETH_P_80221      = 0x8917
	ETH_P_802_2      = 4
	ETH_P_802_3      = 1
	ETH_P_802_3_MIN  = 0x600
	ETH_P_802_EX1    = 0x88b5
	ETH_P_AARP       = 0x80f3
	ETH_P_AF_IUCV    = 0xfbfb
	ETH_P_ALL        = 3
	ETH_P_AOE        = 0x88a2
	ETH_P_ARCNET     = 0x1a
	ETH_P_ARP        = 0x806
	ETH_P_ATALK      = 0x809b
	ETH_P_ATMFATE    = 0x8884
	ETH_P_ATMMPOA    = 0x884c
	ETH_P_AX25       = 2
	ETH_P_BATMAN     = 0x4305
	ETH_P_BPQ        = 0x8ff
	ETH_P_CAIF       = 0xf7
	ETH_P_CAN        = 0xc
	ETH_P_CANFD      = 0xd
	ETH_P_CANXL      = 0xe
	ETH_P_CFM        = 0x8902
	ETH_P_CONTROL    = 0x16
	ETH_P_CUST       = 0x6006
	ETH_P_DDCMP      = 6
	ETH_P_DEC        = 0x6000
	ETH_P_DIAG       = 0x6005
	ETH_P_DNA_DL     = 0x6001
	ETH_P_DNA_RC     = 0x6002
	ETH_P_DNA_RT     = 0x6003
	ETH_P_DSA        = 0x1b
	ETH_P_DSA_8021Q  = 0xdadb
	ETH_P_DSA_A5PSW  = 0xe001
	ETH_P_ECONET     = 0x18
	ETH_P_EDSA       = 0xdada
	ETH_P_ERSPAN     = 0x88be
	ETH_P_ERSPAN2    = 0x22eb
	ETH_P_ETHERCAT   = 0x88a4
	ETH_P_FCOE       = 0x8906
	ETH_P_FIP        = 0x8914
	ETH_P_GRE_OSI    = 0xfe
	ETH_P_HDLC       = 0x19
	ETH_P_HSR        = 0x892f
	ETH_P_IBOE       = 0x8915
	ETH_P_IEEE802154 = 0xf6
	ETH_P_IEEEPUP    = 0xa00
	ETH_P_IEEEPUPAT  = 0xa01
	ETH_P_IFE        = 0xed3e
	ETH_P_IP         = 0x800
	ETH_P_IPV6       = 0x86dd
	ETH_P_IPX        = 0x8137
	ETH_P_IRDA       = 0x17
	ETH_P_LAT        = 0x6004
	ETH_P_LINK_CTL   = 0x886c
	ETH_P_LLDP       = 0x88cc
	ETH_P_LOCALTALK  = 9
	ETH_P_LOOP       = 0x60
	ETH_P_LOOPBACK   = 0x9000
	ETH_P_MACSEC     = 0x88e5
	ETH_P_MAP        = 0xf9
	ETH_P_MCTP       = 0xfa
	ETH_P_MOBITEX    = 0x15
	ETH_P_MPLS_MC    = 0x8848
	ETH_P_MPLS_UC    = 0x8847
	ETH_P_MRP        = 0x88e3
	ETH_P_MVRP       = 0x88f5
	ETH_P_MXLGSW     = 0x88c3
	ETH_P_NCSI       = 0x88f8
	ETH_P_NSH        = 0x894f
	ETH_P_NXP_NETC   = 0xfd3a
	ETH_P_PAE        = 0x888e
	ETH_P_PAUSE      = 0x8808
	ETH_P_PHONET     = 0xf5
	ETH_P_PPPTALK    = 0x10
	ETH_P_PPP_DISC   = 0x8863
	ETH_P_PPP_MP     = 8
	ETH_P_PPP_SES    = 0x8864
	ETH_P_PREAUTH    = 0x88c7
	ETH_P_PROFINET   = 0x8892
	ETH_P_PRP        = 0x88fb
	ETH_P_PUP        = 0x200
	ETH_P_PUPAT      = 0x201
	ETH_P_QINQ1      = 0x9100
	ETH_P_QINQ2      = 0x9200
	ETH_P_QINQ3      = 0x9300
	ETH_P_RARP       = 0x8035
	ETH_P_REALTEK    = 0x8899
	ETH_P_SCA        = 0x6007
	ETH_P_SLOW       = 0x8809
	ETH_P_SNAP       = 5
	ETH_P_TDLS       = 0x890d
	ETH_P_TEB        = 0x6558
	ETH_P_TIPC       = 0x88ca
	ETH_P_TRAILER    = 0x1c
	ETH_P_TR_802_2   = 0x11
	ETH_P_TSN        = 0x22f0
	ETH_P_WAN_PPP    = 7
	ETH_P_WCCP       = 0x883e
	ETH_P_X25        = 0x805
	ETH_P_XDSA       = 0xf8
	ETH_P_YT921X     = 0x9988
)

// Hardware types from <linux/if_arp.h>, as PacketAddr.HAType reports them.
const (
	ARPHRD_6LOWPAN            = 0x339
	ARPHRD_ADAPT              = 0x108
	ARPHRD_APPLETLK           = 8
	ARPHRD_ARCNET             = 7
	ARPHRD_ASH                = 0x30d
	ARPHRD_ATM                = 0x13
	ARPHRD_AX25               = 3
	ARPHRD_BIF                = 0x307
	ARPHRD_CAIF               = 0x336
	ARPHRD_CAN                = 0x118
	ARPHRD_CHAOS              = 5
	ARPHRD_CISCO              = 0x201
	ARPHRD_CSLIP              = 0x101
	ARPHRD_CSLIP6             = 0x103
	ARPHRD_DDCMP              = 0x205
	ARPHRD_DLCI               = 0xf
	ARPHRD_ECONET             = 0x30e
	ARPHRD_EETHER             = 2
	ARPHRD_ETHER              = 1
	ARPHRD_EUI64              = 0x1b
	ARPHRD_FCAL               = 0x311
	ARPHRD_FCFABRIC           = 0x313
	ARPHRD_FCPL               = 0x312
	ARPHRD_FCPP               = 0x310
	ARPHRD_FDDI               = 0x306
	ARPHRD_FRAD               = 0x302
	ARPHRD_HDLC               = 0x201
	ARPHRD_HIPPI              = 0x30c
	ARPHRD_HWX25              = 0x110
	ARPHRD_IEEE1394           = 0x18
	ARPHRD_IEEE802            = 6
	ARPHRD_IEEE80211          = 0x321
	ARPHRD_IEEE80211_PRISM    = 0x322
	ARPHRD_IEEE80211_RADIOTAP = 0x323
	ARPHRD_IEEE802154         = 0x324
	ARPHRD_IEEE802154_MONITOR = 0x325
	ARPHRD_IEEE802_TR         = 0x320
	ARPHRD_INFINIBAND         = 0x20
	ARPHRD_IP6GRE             = 0x337
	ARPHRD_IPDDP              = 0x309
	ARPHRD_IPGRE              = 0x30a
	ARPHRD_IRDA               = 0x30f
	ARPHRD_LAPB               = 0x204
	ARPHRD_LOCALTLK           = 0x305
	ARPHRD_LOOPBACK           = 0x304
	ARPHRD_MCTP               = 0x122
	ARPHRD_METRICOM           = 0x17
	ARPHRD_NETLINK            = 0x338
	ARPHRD_NETROM             = 0
	ARPHRD_NONE               = 0xfffe
	ARPHRD_PHONET             = 0x334
	ARPHRD_PHONET_PIPE        = 0x335
	ARPHRD_PIMREG             = 0x30b
	ARPHRD_PPP                = 0x200
	ARPHRD_PRONET             = 4
	ARPHRD_RAWHDLC            = 0x206
	ARPHRD_RAWIP              = 0x207
	ARPHRD_ROSE               = 0x10e
	ARPHRD_RSRVD              = 0x104
	ARPHRD_SIT                = 0x308
	ARPHRD_SKIP               = 0x303
	ARPHRD_SLIP               = 0x100
	ARPHRD_SLIP6              = 0x102
	ARPHRD_TUNNEL             = 0x300
	ARPHRD_TUNNEL6            = 0x301
	ARPHRD_VOID               = 0xffff
	ARPHRD_VSOCKMON           = 0x33a
	ARPHRD_X25                = 0x10f
)

// Option levels: SOL_PACKET for the PACKET_* options of AF_PACKET sockets, SOL_NETLINK for the NETLINK_* options
// of AF_NETLINK sockets, SOL_VSOCK (Linux 6.5 and later; AF_VSOCK works as the level everywhere) for SO_VM_*.
const (
	SOL_NETLINK = 0x10e
	SOL_PACKET  = 0x107
	SOL_VSOCK   = 0x11f
)

// AF_PACKET socket options (level SOL_PACKET) from <linux/if_packet.h>, the packet_mreq types (PACKET_MR_*)
// and the PACKET_FANOUT modes and flags; PACKET_USER and PACKET_KERNEL are packet types beside PACKET_HOST.
const (
	PACKET_ADD_MEMBERSHIP              = 1
	PACKET_AUXDATA                     = 8
	PACKET_COPY_THRESH                 = 7
	PACKET_DROP_MEMBERSHIP             = 2
	PACKET_FANOUT                      = 0x12
	PACKET_FANOUT_CBPF                 = 6
	PACKET_FANOUT_CPU                  = 2
	PACKET_FANOUT_DATA                 = 0x16
	PACKET_FANOUT_EBPF                 = 7
	PACKET_FANOUT_FLAG_DEFRAG          = 0x8000
	PACKET_FANOUT_FLAG_IGNORE_OUTGOING = 0x4000
	PACKET_FANOUT_FLAG_ROLLOVER        = 0x1000
	PACKET_FANOUT_FLAG_UNIQUEID        = 0x2000
	PACKET_FANOUT_HASH                 = 0
	PACKET_FANOUT_LB                   = 1
	PACKET_FANOUT_QM                   = 5
	PACKET_FANOUT_RND                  = 4
	PACKET_FANOUT_ROLLOVER             = 3
	PACKET_HDRLEN                      = 0xb
	PACKET_IGNORE_OUTGOING             = 0x17
	PACKET_KERNEL                      = 7
	PACKET_LOSS                        = 0xe
	PACKET_MR_ALLMULTI                 = 2
	PACKET_MR_MULTICAST                = 0
	PACKET_MR_PROMISC                  = 1
	PACKET_MR_UNICAST                  = 3
	PACKET_ORIGDEV                     = 9
	PACKET_QDISC_BYPASS                = 0x14
	PACKET_RECV_OUTPUT                 = 3
	PACKET_RESERVE                     = 0xc
	PACKET_ROLLOVER_STATS              = 0x15
	PACKET_RX_RING                     = 5
	PACKET_STATISTICS                  = 6
	PACKET_TIMESTAMP                   = 0x11
	PACKET_TX_HAS_OFF                  = 0x13
	PACKET_TX_RING                     = 0xd
	PACKET_TX_TIMESTAMP                = 0x10
	PACKET_USER                        = 6
	PACKET_VERSION                     = 0xa
	PACKET_VNET_HDR                    = 0xf
	PACKET_VNET_HDR_SZ                 = 0x18
)

// Netlink protocols (New's proto for AF_NETLINK) and AF_NETLINK socket options (level SOL_NETLINK) from
// <linux/netlink.h>. As in C, the two sets share numbers.
const (
	NETLINK_ADD_MEMBERSHIP   = 1
	NETLINK_AUDIT            = 9
	NETLINK_BROADCAST_ERROR  = 4
	NETLINK_CAP_ACK          = 0xa
	NETLINK_CONNECTOR        = 0xb
	NETLINK_DROP_MEMBERSHIP  = 2
	NETLINK_ECRYPTFS         = 0x13
	NETLINK_EXT_ACK          = 0xb
	NETLINK_FIB_LOOKUP       = 0xa
	NETLINK_GENERIC          = 0x10
	NETLINK_GET_STRICT_CHK   = 0xc
	NETLINK_INET_DIAG        = 4
	NETLINK_ISCSI            = 8
	NETLINK_KOBJECT_UEVENT   = 0xf
	NETLINK_LISTEN_ALL_NSID  = 8
	NETLINK_LIST_MEMBERSHIPS = 9
	NETLINK_NETFILTER        = 0xc
	NETLINK_NO_ENOBUFS       = 5
	NETLINK_PKTINFO          = 3
	NETLINK_RDMA             = 0x14
	NETLINK_RX_RING          = 6
	NETLINK_SCSITRANSPORT    = 0x12
	NETLINK_SELINUX          = 7
	NETLINK_SMC              = 0x16
	NETLINK_SOCK_DIAG        = 4
	NETLINK_TX_RING          = 7
	NETLINK_UNUSED           = 1
)

// AF_VSOCK context ids, address flags and socket options (level AF_VSOCK) from <linux/vm_sockets.h>.
const (
	SO_VM_SOCKETS_CONNECT_TIMEOUT     = 6
	SO_VM_SOCKETS_CONNECT_TIMEOUT_NEW = 8
	SO_VM_SOCKETS_CONNECT_TIMEOUT_OLD = 6
	SO_VM_SOCKETS_NONBLOCK_TXRX       = 7
	SO_VM_SOCKETS_PEER_HOST_VM_ID     = 3
	SO_VM_SOCKETS_TRUSTED             = 5
	VMADDR_CID_HYPERVISOR             = 0
	VMADDR_CID_LOCAL                  = 1
	VMADDR_FLAG_TO_HOST               = 1
)

// Classic BPF socket filters (level SOL_SOCKET); see SetsockoptAttachFilter.
const (
	SO_ATTACH_FILTER = 0x1a
	SO_DETACH_FILTER = 0x1b
	SO_LOCK_FILTER   = 0x2c
)
