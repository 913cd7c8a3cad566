package app

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
)

// Compressed console assets. The console's script is about half a megabyte, a third of that
// compressed, and a browser on a slow link waits for all of it before the sign-in page shows.
// Assets are compressed once, when the handler is made, and served from memory: compressing on
// every request would let anyone, without a login, make the server spend milliseconds of CPU on
// each request for the same bytes.

// minGzipSize is the smallest asset worth a compressed copy.
const minGzipSize = 1024

// gzippedAssets holds the compressed copy of each asset it names.
type gzippedAssets map[string][]byte

// gzipAssets compresses the text assets under assets/ that compression makes smaller.
func gzipAssets(console fs.FS) (gzippedAssets, error) {
	out := gzippedAssets{}
	err := fs.WalkDir(console, "assets", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !compressible(name) {
			return err
		}
		raw, err := fs.ReadFile(console, name)
		if err != nil || len(raw) < minGzipSize {
			return err
		}
		var buf bytes.Buffer
		zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		if err != nil {
			return err
		}
		if _, err := zw.Write(raw); err != nil {
			return err
		}
		if err := zw.Close(); err != nil {
			return err
		}
		if buf.Len() < len(raw) {
			out[name] = buf.Bytes()
		}
		return nil
	})
	if errors.Is(err, fs.ErrNotExist) {
		return out, nil // a console without assets/
	}
	return out, err
}

// compressible tells text formats from images and fonts, which are compressed already.
func compressible(name string) bool {
	switch path.Ext(name) {
	case ".js", ".mjs", ".css", ".svg", ".json", ".map", ".txt", ".html":
		return true
	}
	return false
}

// serve answers with the compressed copy of name when there is one and r accepts gzip, and
// reports whether it did. An asset with a copy varies by Accept-Encoding either way, so that a
// cache never hands the compressed copy to a client that did not ask for it.
func (g gzippedAssets) serve(w http.ResponseWriter, r *http.Request, name string) bool {
	body, ok := g[name]
	if !ok {
		return false
	}
	w.Header().Add("Vary", "Accept-Encoding")
	if !acceptsGzip(r.Header.Values("Accept-Encoding")) {
		return false
	}
	// Written whole rather than by http.ServeContent, which leaves out the length of an encoded
	// body (so it goes out chunked) and would serve ranges of the compressed bytes. A server may
	// answer a range request with the whole asset.
	h := w.Header()
	h.Set("Content-Type", mime.TypeByExtension(path.Ext(name)))
	h.Set("Content-Encoding", "gzip")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body) // a client gone mid-way has nothing to be told
	}
	return true
}

// acceptsGzip reads Accept-Encoding as RFC 9110 (12.5.3) does: gzip, or else *, listed with a
// weight above zero. "gzip;q=0" refuses it even beside "*". It walks the header without
// splitting it, so a header of many empty items allocates nothing (asset requests need no login).
func acceptsGzip(headers []string) bool {
	gzipWeight, anyWeight := -1.0, -1.0
	for _, rest := range headers {
		for rest != "" {
			var item string
			item, rest, _ = strings.Cut(rest, ",")
			coding, params, _ := strings.Cut(item, ";")
			coding = strings.TrimSpace(coding)
			switch {
			case strings.EqualFold(coding, "gzip") || strings.EqualFold(coding, "x-gzip"):
				gzipWeight = max(gzipWeight, weight(params))
			case coding == "*":
				anyWeight = max(anyWeight, weight(params))
			}
		}
	}
	if gzipWeight >= 0 {
		return gzipWeight > 0
	}
	return anyWeight > 0
}

// weight is the q parameter of an Accept-Encoding item: 1 when absent, 0 when malformed.
func weight(params string) float64 {
	for params != "" {
		var p string
		p, params, _ = strings.Cut(params, ";")
		name, value, _ := strings.Cut(strings.TrimSpace(p), "=")
		if !strings.EqualFold(name, "q") {
			continue
		}
		q, err := strconv.ParseFloat(strings.TrimSpace(value), 64)
		if err != nil || q < 0 || q > 1 {
			return 0
		}
		return q
	}
	return 1
}
