// Package observe is what an operator sees of a running sessionguard: Prometheus metrics on a
// registry of each App's own (tests run many apps in one process) and slog loggers that tag
// every line about a request with its X-Request-Id. Other packages reach it through small hooks
// (an observer interface, a func field), so prometheus is imported here and in the app alone.
package observe
