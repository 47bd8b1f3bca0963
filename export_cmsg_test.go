package socket

// ParseControl and BuildControl expose the control-message codec to the
// external tests and fuzz targets.
var (
	ParseControl = parseControl
	BuildControl = func(anc []ControlMessage) ([]byte, error) { return buildControl(opSendmsg, anc) }
)
