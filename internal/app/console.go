package app

import (
	"io/fs"
	"log/slog"
	"net/http"
	"path"
	"strings"

	"github.com/99designs/gqlgen/graphql/playground"
)

// consoleHandler serves the built admin console with SPA fallback: a browser navigation to a
// path that names no file (a client-side route such as /sessions) gets index.html. Anything else
// unknown (an API client, a probe, a missing asset) is a plain 404, not a page that looks like
// success. Without a built console it serves the GraphiQL playground at /, so a fresh checkout
// still has something there.
func consoleHandler(console fs.FS) http.Handler {
	if console == nil {
		return playgroundAtRoot()
	}
	if _, err := fs.Stat(console, "index.html"); err != nil {
		return playgroundAtRoot()
	}
	files := http.FileServerFS(console)
	compressed, err := gzipAssets(console)
	if err != nil {
		// An embedded file that cannot be read: serve the console uncompressed rather than none.
		slog.Warn("console assets are served uncompressed", "err", err)
	}
	return pageHeaders(consolePolicy, readOnly(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(path.Clean(r.URL.Path), "/")
		if name != "" {
			if info, err := fs.Stat(console, name); err == nil && !info.IsDir() {
				if strings.HasPrefix(name, "assets/") {
					// Vite fingerprints asset names, so they never change under one name.
					w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
					if compressed.serve(w, r, name) {
						return
					}
				}
				files.ServeHTTP(w, r)
				return
			}
		}
		if name != "" && !isNavigation(r) {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Cache-Control", "no-cache")
		http.ServeFileFS(w, r, console, "index.html")
	})))
}

// isNavigation tells a browser loading a page (it accepts HTML) from everything else.
func isNavigation(r *http.Request) bool {
	for _, accept := range r.Header.Values("Accept") {
		if strings.Contains(accept, "text/html") {
			return true
		}
	}
	return false
}

// playgroundAtRoot serves the playground at / and 404 elsewhere.
func playgroundAtRoot() http.Handler {
	playground := playgroundHandler()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		playground.ServeHTTP(w, r)
	})
}

// playgroundHandler serves GraphiQL, which talks to /graphql.
func playgroundHandler() http.Handler {
	return pageHeaders(playgroundPolicy, readOnly(playground.Handler("sessionguard", "/graphql")))
}

// readOnly refuses every method but GET and HEAD. Routes are registered without a method (the
// mux forbids mixing "GET /" with the method-less "/graphql"), so handlers check it themselves.
func readOnly(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		next.ServeHTTP(w, r)
	})
}
