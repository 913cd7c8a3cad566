package store_test

import (
	"encoding/base64"
	"slices"
	"testing"

	"sessionguard/internal/store"
)

func TestDecodeCursor(t *testing.T) {
	enc := func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
	cases := []struct {
		name    string
		in      string
		want    *store.Cursor // nil: invalid
		wantErr bool
	}{
		{name: "round trip", in: store.Cursor{Key: "2025-03-14T09:26:53.589793Z", ID: "01a2-x"}.Encode(),
			want: &store.Cursor{Key: "2025-03-14T09:26:53.589793Z", ID: "01a2-x"}},
		{name: "empty key", in: store.Cursor{Key: "", ID: "id"}.Encode(), want: &store.Cursor{Key: "", ID: "id"}},
		{name: "key with odd characters", in: store.Cursor{Key: "Ünal, 100% _x_ \\", ID: "id"}.Encode(),
			want: &store.Cursor{Key: "Ünal, 100% _x_ \\", ID: "id"}},
		{name: "empty string", in: "", wantErr: true},
		{name: "not base64", in: "!!!not base64!!!", wantErr: true},
		{name: "padded standard base64", in: base64.StdEncoding.EncodeToString([]byte("k\x00id")) + "=", wantErr: true},
		{name: "no separator", in: enc("just-a-key"), wantErr: true},
		{name: "no id", in: enc("key\x00"), wantErr: true},
		{name: "garbage bytes", in: enc("\xff\xfe\x00"), wantErr: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := store.DecodeCursor(tc.in, "after")
			if tc.wantErr {
				if got := fieldsOf(t, err); !slices.Equal(got, []string{"after"}) {
					t.Errorf("fields: got %v, want [after]", got)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if *got != *tc.want {
				t.Errorf("got %+v, want %+v", *got, *tc.want)
			}
		})
	}
}

func TestDecodeCursorNamesTheGivenField(t *testing.T) {
	_, err := store.DecodeCursor("???", "usersAfter")
	if got := fieldsOf(t, err); !slices.Equal(got, []string{"usersAfter"}) {
		t.Errorf("fields: got %v, want [usersAfter]", got)
	}
}

func TestPageSize(t *testing.T) {
	cases := []struct {
		name    string
		first   *int
		want    int
		wantErr bool
	}{
		{"default", nil, 50, false},
		{"zero", ptr(0), 0, false},
		{"one", ptr(1), 1, false},
		{"the cap", ptr(store.MaxPageSize), 100, false},
		{"above the cap", ptr(store.MaxPageSize + 1), 0, true},
		{"far above the cap", ptr(1 << 30), 0, true},
		{"negative", ptr(-1), 0, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := store.PageSize(tc.first)
			if tc.wantErr {
				if fields := fieldsOf(t, err); !slices.Equal(fields, []string{"first"}) {
					t.Errorf("fields: got %v, want [first]", fields)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Errorf("got %d, %v; want %d", got, err, tc.want)
			}
		})
	}
}
