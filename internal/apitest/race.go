//go:build race

package apitest

// raceFactor is how much longer a test waits under the race detector.
const raceFactor = 5
