package app

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
)

// A large text asset goes out compressed to a client that accepts gzip, and as itself to one
// that does not; small files and images always go out as they are.
func TestConsoleAssetsAreCompressedForClientsThatAcceptIt(t *testing.T) {
	script := []byte(strings.Repeat("export const answer = 42;\n", 400))
	png := bytes.Repeat([]byte{0x89, 'P', 'N', 'G'}, 1000)
	console := fstest.MapFS{
		"index.html":           {Data: []byte("<html>console</html>")},
		"assets/app-1a2b.js":   {Data: script},
		"assets/tiny-3c4d.js":  {Data: []byte("console.log(1)")},
		"assets/logo-5e6f.png": {Data: png},
	}
	h := consoleHandler(console)
	get := func(path, acceptEncoding string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		if acceptEncoding != "" {
			req.Header.Set("Accept-Encoding", acceptEncoding)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}

	rec := get("/assets/app-1a2b.js", "gzip, deflate, br, zstd")
	if rec.Code != http.StatusOK || rec.Header().Get("Content-Encoding") != "gzip" {
		t.Fatalf("a browser's request: %d, Content-Encoding %q; want gzip", rec.Code, rec.Header().Get("Content-Encoding"))
	}
	if rec.Header().Get("Content-Length") != strconv.Itoa(rec.Body.Len()) {
		t.Errorf("Content-Length %q for %d bytes", rec.Header().Get("Content-Length"), rec.Body.Len())
	}
	if rec.Body.Len() >= len(script)/4 {
		t.Errorf("compressed to %d bytes of %d", rec.Body.Len(), len(script))
	}
	zr, err := gzip.NewReader(rec.Body)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := io.ReadAll(zr); err != nil || !bytes.Equal(got, script) {
		t.Errorf("the compressed body does not decompress to the asset: %v", err)
	}
	for name, want := range map[string]string{
		"Content-Type":           "text/javascript; charset=utf-8",
		"Vary":                   "Accept-Encoding",
		"Cache-Control":          "public, max-age=31536000, immutable",
		"X-Content-Type-Options": "nosniff",
	} {
		if got := rec.Header().Get(name); got != want {
			t.Errorf("%s: %q, want %q", name, got, want)
		}
	}

	for _, enc := range []string{"", "identity", "gzip;q=0", "gzip;q=0, *", "br", "gzip;q=nonsense"} {
		rec := get("/assets/app-1a2b.js", enc)
		if rec.Header().Get("Content-Encoding") != "" || !bytes.Equal(rec.Body.Bytes(), script) {
			t.Errorf("Accept-Encoding %q: Content-Encoding %q, %d bytes; want the asset as it is", enc, rec.Header().Get("Content-Encoding"), rec.Body.Len())
		}
		if rec.Header().Get("Vary") != "Accept-Encoding" {
			t.Errorf("Accept-Encoding %q: Vary %q; a cache must not serve this copy to a browser that accepts gzip", enc, rec.Header().Get("Vary"))
		}
	}
	for _, enc := range []string{"*", "x-gzip", "GZIP;Q=0.5", "br;q=1, gzip;q=0.1"} {
		if got := get("/assets/app-1a2b.js", enc).Header().Get("Content-Encoding"); got != "gzip" {
			t.Errorf("Accept-Encoding %q: Content-Encoding %q, want gzip", enc, got)
		}
	}
	for _, path := range []string{"/assets/tiny-3c4d.js", "/assets/logo-5e6f.png", "/"} {
		if rec := get(path, "gzip"); rec.Header().Get("Content-Encoding") != "" || rec.Code != http.StatusOK {
			t.Errorf("GET %s: %d, Content-Encoding %q; want it as it is", path, rec.Code, rec.Header().Get("Content-Encoding"))
		}
	}

	req := httptest.NewRequest(http.MethodHead, "/assets/app-1a2b.js", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	head := httptest.NewRecorder()
	h.ServeHTTP(head, req)
	if head.Code != http.StatusOK || head.Header().Get("Content-Encoding") != "gzip" || head.Body.Len() != 0 {
		t.Errorf("HEAD: %d, Content-Encoding %q, %d body bytes", head.Code, head.Header().Get("Content-Encoding"), head.Body.Len())
	}
	if got, want := head.Header().Get("Content-Length"), rec.Header().Get("Content-Length"); got == "" || got != want {
		t.Errorf("Content-Length: HEAD %q, GET %q; want the compressed size in both", got, want)
	}
}

// Reading a hostile Accept-Encoding costs no allocation, however many items it lists.
func TestAcceptEncodingIsReadWithoutAllocating(t *testing.T) {
	headers := []string{strings.Repeat(",", 1<<20) + "br;q=0.5;level=1, GZIP ; q=0.8"}
	var ok bool
	allocs := testing.AllocsPerRun(3, func() { ok = acceptsGzip(headers) })
	if !ok || allocs != 0 {
		t.Errorf("acceptsGzip = %v with %v allocations; want true with none", ok, allocs)
	}
}
