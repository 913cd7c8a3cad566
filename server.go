// Command sessionguard serves the session-management GraphQL API.
//
// Configuration comes from the environment (see README.md); -demo fills in a demo account.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
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
	code := runCommand(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	logOutput.Close() // the log lines still buffered
	os.Exit(code)
}

// logOutput is where the server logs: standard error, batched (observe.BufferedWriter).
var logOutput = observe.NewBufferedWriter(os.Stderr)

// serve is the default command: the API and the console until SIGINT or SIGTERM.
func serve(args []string, _ io.Reader, stdout, stderr io.Writer) error {
	flags := commandFlags("serve", stderr)
	demo := flags.Bool("demo", false, "create a demo account on an empty database and print its login")
	if err := parseFlags(flags, args, stdout); err != nil {
		return err
	}
	gctune.Tune()
	return run(*demo)
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

	addr := env("LISTEN_ADDR")
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
// Every name it reads is in the settings table, with its default there.
func configFrom(getenv func(string) string) (app.Config, error) {
	env := settingsReader(getenv)
	cfg := app.Config{
		DatabaseURL:         env.get("DATABASE_URL"),
		GeoIPPath:           env.get("GEOIP_DB"),
		AllowSignUp:         env.get("ALLOW_SIGNUP") == "true",
		WebhookAllowPrivate: env.get("WEBHOOK_ALLOW_PRIVATE") == "true",
		SecureCookies:       env.get("COOKIE_SECURE") == "true",
		AllowedOrigins:      splitList(env.get("ALLOWED_ORIGINS")),
		Console:             frontend.Console(),
		// Embedded with the console; only TRUSTED_DOCUMENTS=enforce uses them.
		ConsoleDocuments: frontend.PersistedDocuments(),
	}
	v := env.get("REAPER_INTERVAL")
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return cfg, fmt.Errorf("REAPER_INTERVAL must be a positive Go duration such as 5s, got %q", v)
	}
	cfg.ReaperInterval = d
	if cfg.APIKeyRate, err = keyRateFrom(env); err != nil {
		return cfg, err
	}
	mode, ok := app.ParseIntrospectionMode(env.get("INTROSPECTION"))
	if !ok {
		return cfg, fmt.Errorf("INTROSPECTION must be public, authenticated or off, got %q", getenv("INTROSPECTION"))
	}
	cfg.Introspection = mode
	logs, err := observe.ParseLogConfig(env.get("LOG_FORMAT"), env.get("LOG_LEVEL"))
	if err != nil {
		return cfg, err
	}
	cfg.Logger = observe.NewLogger(logOutput, logs)
	if cfg.MetricsAddr = env.get("METRICS_ADDR"); cfg.MetricsAddr != "" {
		if _, _, err := net.SplitHostPort(cfg.MetricsAddr); err != nil {
			return cfg, fmt.Errorf("METRICS_ADDR must be host:port such as 127.0.0.1:9090, got %q", cfg.MetricsAddr)
		}
	}
	documents, ok := app.ParseTrustedDocumentsMode(env.get("TRUSTED_DOCUMENTS"))
	if !ok {
		return cfg, fmt.Errorf("TRUSTED_DOCUMENTS must be allow or enforce, got %q", getenv("TRUSTED_DOCUMENTS"))
	}
	cfg.TrustedDocuments = documents
	proxies, err := clientinfo.ParseTrustedProxies(env.get("TRUSTED_PROXIES"))
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
func bootstrapFromEnv(demo bool) bootConfig { return bootstrapFrom(os.Getenv, demo) }

func bootstrapFrom(getenv func(string) string, demo bool) bootConfig {
	env := settingsReader(getenv)
	b := bootConfig{
		AccountName:   env.get("BOOTSTRAP_ACCOUNT_NAME"),
		AdminName:     env.get("BOOTSTRAP_ADMIN_NAME"),
		AdminEmail:    env.get("BOOTSTRAP_ADMIN_EMAIL"),
		AdminPassword: env.get("BOOTSTRAP_ADMIN_PASSWORD"),
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
	account, err := newAccount(ctx, a, b)
	if err != nil {
		return fmt.Errorf("BOOTSTRAP_ADMIN_EMAIL or BOOTSTRAP_ADMIN_PASSWORD: %w", err)
	}
	created, err := a.Store.Bootstrap(ctx, account)
	if err != nil {
		return err
	}
	if created {
		slog.Info("created the first account", "admin", b.AdminEmail)
	}
	return nil
}

// env reads one setting from the process environment, or its default.
// newAccount checks b's credentials and hashes its password, for bootstrap and create-admin. The
// administrator must be able to log in through the API, which holds credentials to these rules;
// the error names the rule, never the value.
func newAccount(ctx context.Context, a *app.App, b bootConfig) (store.NewAccount, error) {
	email := auth.NormalizeEmail(b.AdminEmail)
	if err := auth.CheckNewCredentials(email, b.AdminPassword); err != nil {
		return store.NewAccount{}, err
	}
	hash, err := a.Auth.Passwords.Hash(ctx, b.AdminPassword)
	if err != nil {
		return store.NewAccount{}, err
	}
	return store.NewAccount{
		AccountName: or(b.AccountName, "My Company"), AdminName: or(b.AdminName, "Administrator"),
		AdminEmail: email, PasswordHash: hash,
	}, nil
}

func env(key string) string { return settingsReader(os.Getenv).get(key) }

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
