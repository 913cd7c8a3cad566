package clientinfo

import "testing"

func TestDevice(t *testing.T) {
	tests := []struct{ name, ua, want string }{
		{"chrome macos",
			"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
			"Chrome 131 on macOS"},
		{"firefox windows",
			"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
			"Firefox 133 on Windows"},
		{"safari iphone",
			"Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
			"Safari 18 on iOS"},
		{"edge windows",
			"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.86",
			"Edge 131 on Windows"},
		{"chrome android",
			"Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
			"Chrome 131 on Android"},
		{"chrome ios", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1",
			"Chrome 131 on iOS"},
		{"curl", "curl/8.5.0", "curl 8"},
		{"unknown product token", "python-requests/2.32.3", "python-requests 2"},
		{"unknown browser on linux", "Mozilla/5.0 (X11; Linux x86_64) FooBrowser/2.1", "FooBrowser 2 on Linux"},
		{"os only", "Mozilla/5.0 (Windows NT 10.0; Win64; x64)", "Windows"},
		{"empty", "", ""},
		{"blank", "   ", ""},
		{"garbage word", "asdfghjkl", UnknownDevice},
		{"garbage symbols", "!!! <script>alert(1)</script> ???", UnknownDevice},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Device(tt.ua); got != tt.want {
				t.Errorf("Device(%q) = %q, want %q", tt.ua, got, tt.want)
			}
		})
	}
}
