package wsgorilla

import (
	"bufio"
	"net"
	"net/http"
)

// NotifyHijack wraps w so that hijacked is closed once the connection has been hijacked, the
// moment net/http's handler may return while the websocket carries on. The hijacked
// connection comes with small buffers of its own: net/http's (8 KiB) stay reachable from the
// request for the socket's whole life, so they are emptied instead of handed over. The
// Upgrader must then size its own buffers (ReadBufferSize, WriteBufferPool).
func NotifyHijack(w http.ResponseWriter, hijacked chan<- struct{}) http.ResponseWriter {
	return &hijackNotifier{ResponseWriter: w, hijacked: hijacked}
}

type hijackNotifier struct {
	http.ResponseWriter
	hijacked chan<- struct{}
}

// smallBuffer is bufio's least size: the upgrade only writes its response through it.
const smallBuffer = 16

func (h *hijackNotifier) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	conn, brw, err := http.NewResponseController(h.ResponseWriter).Hijack()
	if err != nil {
		return conn, brw, err
	}
	defer close(h.hijacked)
	if brw.Reader.Buffered() > 0 || brw.Writer.Buffered() > 0 {
		return conn, brw, nil // bytes in flight: the upgrade refuses such a connection anyway
	}
	// net/http keeps pointers to these two, and never uses them once hijacked.
	*brw.Reader, *brw.Writer = bufio.Reader{}, bufio.Writer{}
	return conn, bufio.NewReadWriter(bufio.NewReaderSize(conn, smallBuffer), bufio.NewWriterSize(conn, smallBuffer)), nil
}

// Unwrap lets http.ResponseController reach the writer underneath.
func (h *hijackNotifier) Unwrap() http.ResponseWriter { return h.ResponseWriter }
