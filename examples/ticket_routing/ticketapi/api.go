// Package ticketapi is a stand-in ticket API for the ticket_routing example and
// its tests. Its first GET /tickets answers 503, so the example shows a retry.
package ticketapi

import (
	"encoding/json"
	"log"
	"maps"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
)

// seed are the tickets a new API serves: four new ones and one closed.
var seed = []map[string]any{
	{"id": "T-1", "title": "Checkout is down", "kind": "outage", "customer": "acme", "state": "new"},
	{"id": "T-2", "title": "Invoice address wrong", "kind": "billing", "customer": "globex", "state": "new"},
	{"id": "T-3", "title": "Password reset mail missing", "kind": "account", "customer": "initech", "state": "new"},
	{"id": "T-4", "title": "API returns 500", "kind": "outage", "customer": "umbrella", "state": "new"},
	{"id": "T-5", "title": "Status page was red", "kind": "outage", "customer": "acme", "state": "closed"},
}

// Handler serves GET /tickets (every ticket, whatever its state), POST
// /tickets/{id} (a JSON object of fields to set, such as queue and state),
// and POST /route/{queue}; logf, if not nil, logs each update and routing.
// Each Handler has tickets of its own, as seeded.
func Handler(logf func(format string, args ...any)) http.Handler {
	if logf == nil {
		logf = log.Printf
	}
	var (
		gets    atomic.Int64
		mu      sync.Mutex
		tickets = map[string]map[string]any{}
	)
	for _, t := range seed {
		tickets[t["id"].(string)] = maps.Clone(t)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /tickets", func(w http.ResponseWriter, r *http.Request) {
		if gets.Add(1) == 1 {
			http.Error(w, "warming up", http.StatusServiceUnavailable)
			return
		}
		mu.Lock()
		list := make([]map[string]any, 0, len(tickets))
		for _, id := range slices.Sorted(maps.Keys(tickets)) {
			list = append(list, maps.Clone(tickets[id]))
		}
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"tickets": list})
	})
	mux.HandleFunc("POST /tickets/{id}", func(w http.ResponseWriter, r *http.Request) {
		var fields map[string]any
		if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(&fields); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		id := r.PathValue("id")
		mu.Lock()
		t, ok := tickets[id]
		if ok {
			delete(fields, "id")
			maps.Copy(t, fields)
			t = maps.Clone(t)
		}
		mu.Unlock()
		if !ok {
			http.Error(w, "no ticket "+id, http.StatusNotFound)
			return
		}
		logf("updated %s: queue %v, state %v", id, t["queue"], t["state"])
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(t)
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
