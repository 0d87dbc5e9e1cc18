// Command server runs the stand-in ticket API of the ticket_routing example on
// 127.0.0.1 only.
//
//	go run ./examples/ticket_routing/server            # 127.0.0.1:8765
//	go run ./examples/ticket_routing/server -addr 127.0.0.1:9000
package main

import (
	"flag"
	"log"
	"net/http"

	"github.com/dagrun/dagrun/examples/ticket_routing/ticketapi"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8765", "listen address")
	flag.Parse()
	log.Printf("ticket API on http://%s", *addr)
	log.Fatal(http.ListenAndServe(*addr, ticketapi.Handler(nil)))
}
