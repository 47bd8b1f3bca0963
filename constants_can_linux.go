//go:build linux

package socket

// CAN and ISO-TP constants of <linux/can.h>, <linux/can/raw.h>,
// <linux/can/error.h> and <linux/can/isotp.h> that Python 3.11's socket
// module does not export, with the kernel's names and values.
const (
	CAN_MTU        = 16 // sizeof(struct can_frame)
	CANFD_MTU      = 72 // sizeof(struct canfd_frame)
	CAN_MAX_DLEN   = 8
	CANFD_MAX_DLEN = 64

	CANFD_BRS = 0x01 // bit rate switch
	CANFD_ESI = 0x02 // error state indicator
	CANFD_FDF = 0x04 // marks a CAN FD frame

	CAN_INV_FILTER     = 0x20000000 // in CANFilter.ID: invert the filter
	CAN_RAW_ERR_FILTER = 2          // SOL_CAN_RAW: mask of error classes to receive (u32)
	CAN_RAW_FILTER_MAX = 512

	CAN_ERR_DLC        = 8
	CAN_ERR_TX_TIMEOUT = 0x001
	CAN_ERR_LOSTARB    = 0x002
	CAN_ERR_CRTL       = 0x004
	CAN_ERR_PROT       = 0x008
	CAN_ERR_TRX        = 0x010
	CAN_ERR_ACK        = 0x020
	CAN_ERR_BUSOFF     = 0x040
	CAN_ERR_BUSERROR   = 0x080
	CAN_ERR_RESTARTED  = 0x100
	CAN_ERR_CNT        = 0x200

	SOL_CAN_ISOTP = SOL_CAN_BASE + CAN_ISOTP // 106
	SOL_CAN_J1939 = SOL_CAN_BASE + CAN_J1939 // 107

	CAN_ISOTP_OPTS     = 1 // struct can_isotp_options
	CAN_ISOTP_RECV_FC  = 2 // struct can_isotp_fc_options
	CAN_ISOTP_TX_STMIN = 3 // u32, nanoseconds
	CAN_ISOTP_RX_STMIN = 4 // u32, nanoseconds
	CAN_ISOTP_LL_OPTS  = 5 // struct can_isotp_ll_options

	CAN_ISOTP_LISTEN_MODE   = 0x0001
	CAN_ISOTP_EXTEND_ADDR   = 0x0002
	CAN_ISOTP_TX_PADDING    = 0x0004
	CAN_ISOTP_RX_PADDING    = 0x0008
	CAN_ISOTP_CHK_PAD_LEN   = 0x0010
	CAN_ISOTP_CHK_PAD_DATA  = 0x0020
	CAN_ISOTP_HALF_DUPLEX   = 0x0040
	CAN_ISOTP_FORCE_TXSTMIN = 0x0080
	CAN_ISOTP_FORCE_RXSTMIN = 0x0100
	CAN_ISOTP_RX_EXT_ADDR   = 0x0200
	CAN_ISOTP_WAIT_TX_DONE  = 0x0400
	CAN_ISOTP_SF_BROADCAST  = 0x0800
	CAN_ISOTP_CF_BROADCAST  = 0x1000

	CAN_ISOTP_DEFAULT_FLAGS        = 0
	CAN_ISOTP_DEFAULT_EXT_ADDRESS  = 0x00
	CAN_ISOTP_DEFAULT_PAD_CONTENT  = 0xCC
	CAN_ISOTP_DEFAULT_FRAME_TXTIME = 50000
	CAN_ISOTP_DEFAULT_RECV_BS      = 0
	CAN_ISOTP_DEFAULT_RECV_STMIN   = 0x00
	CAN_ISOTP_DEFAULT_RECV_WFTMAX  = 0
	CAN_ISOTP_FRAME_TXTIME_ZERO    = 0xFFFFFFFF
)
