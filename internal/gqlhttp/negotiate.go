package gqlhttp

import (
	"net/http"
	"strconv"
	"strings"
)

// Media types this package can answer with.
const (
	MediaTypeGraphQLResponse = "application/graphql-response+json"
	MediaTypeJSON            = "application/json"
)

// mediaType is the negotiated response media type. Responses are always
// UTF-8, as the spec requires, so the charset is part of the Content-Type.
type mediaType uint8

const (
	mediaJSON mediaType = iota
	mediaGraphQLResponse
)

// contentTypeHeader is the Content-Type header's value, one slice shared by every answer of
// the type: nothing changes a header's values in place (Set replaces the slice, Add appends
// past its capacity of one).
func (m mediaType) contentTypeHeader() []string {
	if m == mediaGraphQLResponse {
		return graphQLResponseContentType
	}
	return jsonContentType
}

var (
	graphQLResponseContentType = []string{MediaTypeGraphQLResponse + "; charset=utf-8"}
	jsonContentType            = []string{MediaTypeJSON + "; charset=utf-8"}
	varyAccept                 = []string{"Accept"}
)

// Specificity of the Accept range that matched a candidate (RFC 9110 §12.5.1:
// the most specific matching range decides the candidate's quality).
const (
	noMatch = iota - 1
	matchAny
	matchApplication
	matchExact
)

// candidate tracks the quality the Accept header gives one media type.
type candidate struct {
	subtype     string
	q           float64
	specificity int
}

func (c *candidate) offer(typ, sub string, q float64) {
	s := noMatch
	switch {
	case typ == "*" && sub == "*":
		s = matchAny
	case !strings.EqualFold(typ, "application"):
		return
	case sub == "*":
		s = matchApplication
	case strings.EqualFold(sub, c.subtype):
		s = matchExact
	default:
		return
	}
	if s > c.specificity || (s == c.specificity && q > c.q) {
		c.specificity, c.q = s, q
	}
}

// negotiate chooses the response media type from the Accept header. It
// reports false when the header accepts neither media type, which the caller
// answers with 406.
//
// Rules: the higher q-value wins; on equal q an explicitly named type beats a
// wildcard match; when both types are named explicitly with equal q,
// application/graphql-response+json wins (the spec's preferred type). A
// missing header or one matched only through wildcards (*/*, application/*)
// gets application/json: that is what legacy clients (curl, fetch defaults)
// send and they may not understand the newer type.
func negotiate(h http.Header) (mediaType, bool) {
	gr := candidate{subtype: "graphql-response+json", specificity: noMatch}
	js := candidate{subtype: "json", specificity: noMatch}
	ranges := 0
	for _, value := range h.Values("Accept") {
		for value != "" {
			var part string
			part, value, _ = strings.Cut(value, ",")
			typ, sub, q, valid, utf8 := parseMediaRange(part)
			if !valid {
				continue
			}
			ranges++
			if !utf8 {
				continue // asks for a charset we never produce
			}
			gr.offer(typ, sub, q)
			js.offer(typ, sub, q)
		}
	}
	if ranges == 0 {
		return mediaJSON, true
	}
	grQ, jsQ := gr.quality(), js.quality()
	switch {
	case grQ == 0 && jsQ == 0:
		return mediaJSON, false
	case grQ != jsQ:
		return pick(grQ > jsQ), true
	case gr.specificity != js.specificity:
		return pick(gr.specificity > js.specificity), true
	default:
		return pick(gr.specificity == matchExact), true
	}
}

func (c candidate) quality() float64 {
	if c.specificity == noMatch {
		return 0
	}
	return c.q
}

func pick(graphQLResponse bool) mediaType {
	if graphQLResponse {
		return mediaGraphQLResponse
	}
	return mediaJSON
}

// parseMediaRange parses one Accept element such as
// "application/json;charset=utf-8;q=0.9" without allocating. valid is false
// for malformed elements; utf8 is false when the element names a charset
// other than UTF-8, the only one we produce.
func parseMediaRange(s string) (typ, sub string, q float64, valid, utf8 bool) {
	rng, params, _ := strings.Cut(s, ";")
	typ, sub, found := strings.Cut(strings.TrimSpace(rng), "/")
	if !found || typ == "" || sub == "" {
		return "", "", 0, false, false
	}
	q, utf8 = 1, true
	for params != "" {
		var param string
		param, params, _ = strings.Cut(params, ";")
		name, value, _ := strings.Cut(param, "=")
		name = strings.TrimSpace(name)
		value = strings.Trim(strings.TrimSpace(value), `"`)
		switch {
		case strings.EqualFold(name, "q"):
			v, err := strconv.ParseFloat(value, 64)
			if err != nil || v < 0 || v > 1 {
				return "", "", 0, false, false
			}
			q = v
		case strings.EqualFold(name, "charset"):
			utf8 = isUTF8(value)
		}
	}
	return typ, sub, q, true, utf8
}

func isUTF8(charset string) bool {
	return strings.EqualFold(charset, "utf-8") || strings.EqualFold(charset, "utf8")
}
