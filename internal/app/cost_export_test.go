package app

// CostLimits are the limits the server's cost check applies, for the external tests.
var CostLimits = costLimits

// MaxRequestBytes is the server's limit on a request body or websocket message.
const MaxRequestBytes = maxRequestBytes
