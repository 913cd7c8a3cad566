// Command wsbench measures a sessionguard binary's websocket path on PostgreSQL, in a fresh
// schema it creates and drops:
//
//	wsbench -mode=revocation -bin=./sessionguard -database-url=postgres://... -rounds=40
//	wsbench -mode=subscribers -bin=./sessionguard -database-url=postgres://... -n=10000
//
// revocation: a session ended on replica A, until its websocket on replica B closes (and
// whether currentSessionEnded came first). subscribers: the memory and idle CPU of n
// sessionEvents subscribers, and how long one login takes to reach them all. Each mode prints
// one line on stdout; progress goes to stderr.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	mode := flag.String("mode", "", "revocation or subscribers")
	bin := flag.String("bin", "", "the sessionguard binary to measure")
	databaseURL := flag.String("database-url", "", "PostgreSQL URL; a fresh schema is created in it and dropped")
	rounds := flag.Int("rounds", 40, "revocation: sessions to end")
	n := flag.Int("n", 10000, "subscribers: websockets, each with one sessionEvents subscription")
	hold := flag.Duration("hold", 0, "subscribers: keep the server and its sockets this long after measuring (to profile it)")
	flag.Parse()
	log.SetFlags(log.Ltime | log.Lmicroseconds)
	log.SetPrefix("wsbench: ")
	if *bin == "" || *databaseURL == "" {
		log.Fatal("-bin and -database-url are required")
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	var line string
	err := withSchema(ctx, *databaseURL, func(url string) error {
		var err error
		switch *mode {
		case "revocation":
			line, err = revocation(ctx, *bin, url, *rounds)
		case "subscribers":
			line, err = subscribers(ctx, *bin, url, *n, *hold)
		default:
			err = fmt.Errorf("unknown -mode %q: revocation or subscribers", *mode)
		}
		return err
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(line)
}
