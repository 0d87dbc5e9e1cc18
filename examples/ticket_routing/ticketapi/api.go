// Package ticketapi is a stand-in ticket API for the ticket_routing example and
// its test. Its first GET /tickets answers 503, so the example shows a retry.
package ticketapi

import (
	"encoding/json"
	"log"
	"net/http"
	"sync/atomic"
)

// Tickets are the tickets the API serves.
var tickets = []map[string]any{
	{"id": "T-1", "title": "Checkout is down", "kind": "outage", "customer": "acme"},
	{"id": "T-2", "title": "Invoice address wrong", "kind": "billing", "customer": "globex"},
	{"id": "T-3", "title": "Password reset mail missing", "kind": "account", "customer": "initech"},
	{"id": "T-4", "title": "API returns 500", "kind": "outage", "customer": "umbrella"},
}

// Handler serves GET /tickets and POST /route/{queue}; logf, if not nil, logs
// each routing.
func Handler(logf func(format string, args ...any)) http.Handler {
	if logf == nil {
		logf = log.Printf
	}
	var gets atomic.Int64
	mux := http.NewServeMux()
	mux.HandleFunc("GET /tickets", func(w http.ResponseWriter, r *http.Request) {
		if gets.Add(1) == 1 {
			http.Error(w, "warming up", http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"state": r.URL.Query().Get("state"), "tickets": tickets})
	})
	mux.HandleFunc("POST /route/{queue}", func(w http.ResponseWriter, r *http.Request) {
		var body []map[string]any
		if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(&body); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		logf("routed %d ticket(s) to %s", len(body), r.PathValue("queue"))
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"queue": r.PathValue("queue"), "accepted": len(body)})
	})
	return mux
}
