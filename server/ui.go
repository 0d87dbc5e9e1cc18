package server

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"embed"
	"encoding/hex"
	"encoding/json"
	"io"
	"io/fs"
	"net/http"
	"sync"
)

// The web UI: plain HTML, CSS and JavaScript embedded in the binary, served
// under /ui/ on the API's listener. It reads and acts through the JSON API.
//
//go:embed ui
var uiFiles embed.FS

// Names of the UI's cookie and CSRF header.
const (
	sessionCookie = "dagrun_session"
	csrfHeader    = "X-Dagrun-Csrf"
)

// uiKeys is the secret the UI's session cookie and CSRF token are derived
// from: made once per server, so a restart logs the browsers out.
type uiKeys struct {
	once   sync.Once
	secret []byte
}

func (k *uiKeys) mac(parts ...string) string {
	k.once.Do(func() {
		k.secret = make([]byte, 32)
		_, _ = rand.Read(k.secret)
	})
	m := hmac.New(sha256.New, k.secret)
	for _, p := range parts {
		m.Write([]byte(p))
		m.Write([]byte{0})
	}
	return hex.EncodeToString(m.Sum(nil))
}

// session is the value of the cookie of a browser that gave the token.
func (s *Server) session() string { return s.ui.mac("session", s.opts.Token) }

// csrfToken is what a page logged in with session must send in csrfHeader
// on every request that changes something.
func (s *Server) csrfToken(session string) string { return s.ui.mac("csrf", session) }

// hasSession reports whether r carries the session cookie.
func (s *Server) hasSession(r *http.Request) bool {
	c, err := r.Cookie(sessionCookie)
	return err == nil && subtle.ConstantTimeCompare([]byte(c.Value), []byte(s.session())) == 1
}

// authorizeAPI lets a request in with the bearer token or, from the UI, with
// the session cookie; a cookie alone does not change anything: a request
// that would must carry the CSRF token too (a page of another site cannot
// read it). Without a token everything is let in (the guard still holds).
func (s *Server) authorizeAPI(next http.Handler) http.Handler {
	if s.opts.Token == "" {
		return next
	}
	bearer := s.authorize(next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") == "" && s.hasSession(r) {
			c, _ := r.Cookie(sessionCookie)
			if !safeMethod(r.Method) && subtle.ConstantTimeCompare([]byte(r.Header.Get(csrfHeader)), []byte(s.csrfToken(c.Value))) != 1 {
				writeError(w, http.StatusForbidden, "missing or wrong CSRF token: send the "+csrfHeader+" header GET /api/v1/session gives", nil)
				return
			}
			next.ServeHTTP(w, r)
			return
		}
		bearer.ServeHTTP(w, r)
	})
}

// routeUI adds the UI's pages and its login to mux.
func (s *Server) routeUI(mux *http.ServeMux) {
	assets, _ := fs.Sub(uiFiles, "ui")
	files := http.StripPrefix("/ui/", http.FileServerFS(assets))
	mux.Handle("GET /ui/", uiHeaders(files))
	mux.Handle("GET /{$}", http.RedirectHandler("/ui/", http.StatusFound))
	mux.HandleFunc("POST /ui/login", s.login)
	mux.HandleFunc("POST /ui/logout", s.logout)
}

// uiHeaders keeps the pages from running anything but their own scripts and
// from being framed.
func uiHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
		h.Set("X-Frame-Options", "DENY")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cache-Control", "no-cache")
		next.ServeHTTP(w, r)
	})
}

// login takes {"token": "..."} and, when it is the server's token, sets the
// session cookie: HttpOnly (no script reads it) and SameSite=Strict (no
// other site's page sends it).
func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
	b, err := io.ReadAll(r.Body)
	var req struct {
		Token string `json:"token"`
	}
	if err == nil {
		err = json.Unmarshal(b, &req)
	}
	if err != nil {
		writeError(w, http.StatusBadRequest, "the body must be {\"token\": \"...\"}", nil)
		return
	}
	if s.opts.Token == "" {
		writeJSON(w, http.StatusOK, map[string]any{"auth": "none"})
		return
	}
	want := sha256.Sum256([]byte(s.opts.Token))
	got := sha256.Sum256([]byte(req.Token))
	if subtle.ConstantTimeCompare(got[:], want[:]) != 1 {
		writeError(w, http.StatusUnauthorized, "wrong token", nil)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: s.session(), Path: "/", HttpOnly: true,
		SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil})
	writeJSON(w, http.StatusOK, map[string]any{"auth": "token"})
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", HttpOnly: true,
		SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil, MaxAge: -1})
	writeJSON(w, http.StatusOK, map[string]any{"auth": "none"})
}

// sessionInfo tells the UI whether it is logged in and gives it the CSRF
// token (behind authorizeAPI: a 401 means log in).
func (s *Server) sessionInfo(w http.ResponseWriter, r *http.Request) {
	body := map[string]any{"auth": "none", "csrf": ""}
	if s.opts.Token != "" {
		body["auth"] = "token"
		if c, err := r.Cookie(sessionCookie); err == nil {
			body["csrf"] = s.csrfToken(c.Value)
		}
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, body)
}
