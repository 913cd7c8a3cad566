// Command sessionguard serves the session-management GraphQL API.
//
// Configuration comes from the environment (see README.md); -demo fills in a demo account.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"sessionguard/frontend"
	"sessionguard/internal/app"
	"sessionguard/internal/auth"
	"sessionguard/internal/clientinfo"
	"sessionguard/internal/gctune"
	"sessionguard/internal/observe"
	"sessionguard/internal/store"
)

func main() {
	demo := flag.Bool("demo", false, "create a demo account on an empty database and print its login")
	flag.Parse()
	gctune.Tune()
	if err := run(*demo); err != nil {
		slog.Error("sessionguard stopped", "err", err)
		os.Exit(1)
	}
}

func run(demo bool) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	cfg, err := configFromEnv()
	if err != nil {
		return err
	}
	slog.SetDefault(cfg.Logger) // the store's and listener's lines too, in LOG_FORMAT, with request ids
	boot := bootstrapFromEnv(demo)
	a, err := app.New(ctx, cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	if err := bootstrap(ctx, a, boot); err != nil {
		return err
	}

	workers, stopWorkers := context.WithCancel(context.Background())
	defer stopWorkers()
	ready, workersDone := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(workersDone)
		a.Run(workers, ready)
	}()
	<-ready
	if cfg.MetricsAddr != "" {
		if _, err := a.ServeMetrics(workers, cfg.MetricsAddr); err != nil {
			return err
		}
	}

	addr := env("LISTEN_ADDR", ":8080")
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("unable to listen on %s: %w", addr, err)
	}
	// Idle keep-alive connections are let go after two minutes; websockets, once upgraded, are not
	// idle connections and have their own ping.
	srv := &http.Server{Handler: a.Handler(), ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute}
	slog.Info("sessionguard listening", "addr", ln.Addr().String(), "database", describeDB(cfg.DatabaseURL))
	if boot.DemoPassword {
		// Only a password -demo chose itself is shown: an operator's never reaches a log.
		fmt.Printf("\n  Open http://%s/ and log in as %s with password %s\n\n",
			displayAddr(ln.Addr()), boot.AdminEmail, boot.AdminPassword)
	} else if boot.AdminEmail != "" {
		fmt.Printf("\n  Open http://%s/ and log in as %s\n\n", displayAddr(ln.Addr()), boot.AdminEmail)
	}

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	// Graceful: websockets get a close frame, in-flight requests finish, then the workers stop
	// (the reaper between batches). Every change is committed as it happens, so a restart
	// loses no session and no recorded activity.
	slog.Info("shutting down")
	a.CloseWebsockets()
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	err = srv.Shutdown(shutdownCtx)
	stopWorkers()
	<-workersDone
	if err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// configFromEnv reads the server's configuration from the environment.
func configFromEnv() (app.Config, error) { return configFrom(os.Getenv) }

// configFrom reads the server's configuration through getenv, so tests need not set variables.
func configFrom(getenv func(string) string) (app.Config, error) {
	cfg := app.Config{
		DatabaseURL:    or(getenv("DATABASE_URL"), "./data/sessionguard.db"),
		GeoIPPath:      getenv("GEOIP_DB"),
		AllowSignUp:    getenv("ALLOW_SIGNUP") == "true",
		SecureCookies:  getenv("COOKIE_SECURE") == "true",
		AllowedOrigins: splitList(getenv("ALLOWED_ORIGINS")),
		Console:        frontend.Console(),
	}
	if v := getenv("REAPER_INTERVAL"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			return cfg, fmt.Errorf("REAPER_INTERVAL must be a positive Go duration such as 5s, got %q", v)
		}
		cfg.ReaperInterval = d
	}
	if v := getenv("INTROSPECTION"); v != "" {
		mode, ok := app.ParseIntrospectionMode(v)
		if !ok {
			return cfg, fmt.Errorf("INTROSPECTION must be public, authenticated or off, got %q", v)
		}
		cfg.Introspection = mode
	}
	logs, err := observe.ParseLogConfig(getenv("LOG_FORMAT"), getenv("LOG_LEVEL"))
	if err != nil {
		return cfg, err
	}
	cfg.Logger = observe.NewLogger(os.Stderr, logs)
	if cfg.MetricsAddr = getenv("METRICS_ADDR"); cfg.MetricsAddr != "" {
		if _, _, err := net.SplitHostPort(cfg.MetricsAddr); err != nil {
			return cfg, fmt.Errorf("METRICS_ADDR must be host:port such as 127.0.0.1:9090, got %q", cfg.MetricsAddr)
		}
	}
	proxies, err := clientinfo.ParseTrustedProxies(getenv("TRUSTED_PROXIES"))
	if err != nil {
		return cfg, err
	}
	cfg.TrustedProxies = proxies
	return cfg, nil
}

type bootConfig struct {
	AccountName, AdminName, AdminEmail, AdminPassword string
	DemoPassword                                      bool // -demo chose AdminPassword, so it may be shown
}

// bootstrapFromEnv reads the first account to create; -demo supplies defaults.
func bootstrapFromEnv(demo bool) bootConfig {
	b := bootConfig{
		AccountName:   os.Getenv("BOOTSTRAP_ACCOUNT_NAME"),
		AdminName:     os.Getenv("BOOTSTRAP_ADMIN_NAME"),
		AdminEmail:    os.Getenv("BOOTSTRAP_ADMIN_EMAIL"),
		AdminPassword: os.Getenv("BOOTSTRAP_ADMIN_PASSWORD"),
	}
	if demo {
		b.AccountName = or(b.AccountName, "Demo Company")
		b.AdminName = or(b.AdminName, "Demo Admin")
		b.AdminEmail = or(b.AdminEmail, "admin@demo.test")
		b.DemoPassword = b.AdminPassword == ""
		b.AdminPassword = or(b.AdminPassword, "sessionguard-demo")
	}
	return b
}

// bootstrap creates the configured account when the database has none.
func bootstrap(ctx context.Context, a *app.App, b bootConfig) error {
	if b.AdminEmail == "" {
		return nil
	}
	if b.AdminPassword == "" {
		return errors.New("BOOTSTRAP_ADMIN_PASSWORD is required with BOOTSTRAP_ADMIN_EMAIL")
	}
	// The administrator must be able to log in through the API, which holds credentials to
	// these rules. The error names the rule, never the value.
	if err := auth.CheckNewCredentials(auth.NormalizeEmail(b.AdminEmail), b.AdminPassword); err != nil {
		return fmt.Errorf("BOOTSTRAP_ADMIN_EMAIL or BOOTSTRAP_ADMIN_PASSWORD: %w", err)
	}
	hash, err := a.Auth.Passwords.Hash(ctx, b.AdminPassword)
	if err != nil {
		return err
	}
	created, err := a.Store.Bootstrap(ctx, store.NewAccount{
		AccountName: or(b.AccountName, "My Company"), AdminName: or(b.AdminName, "Administrator"),
		AdminEmail: auth.NormalizeEmail(b.AdminEmail), PasswordHash: hash,
	})
	if err != nil {
		return err
	}
	if created {
		slog.Info("created the first account", "admin", b.AdminEmail)
	}
	return nil
}

func env(key, fallback string) string { return or(os.Getenv(key), fallback) }

func or(v, fallback string) string {
	if v == "" {
		return fallback
	}
	return v
}

func splitList(s string) []string {
	var out []string
	for _, part := range strings.Split(s, ",") {
		if p := strings.TrimSpace(part); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// describeDB names the database without its credentials, for the log.
func describeDB(url string) string {
	if store.IsPostgres(url) {
		return "postgres"
	}
	return "sqlite " + url
}

func displayAddr(a net.Addr) string {
	host, port, _ := net.SplitHostPort(a.String())
	if host == "" || host == "::" || host == "0.0.0.0" {
		host = "localhost"
	}
	return net.JoinHostPort(host, port)
}
