// Package app assembles sessionguard: the store, the auth service and the GraphQL handler behind
// one http.Handler. server.go reads configuration into a Config; tests build an App directly.
package app

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/netip"
	"time"

	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/playground"
	"github.com/vektah/gqlparser/v2/ast"

	"sessionguard/graph"
	"sessionguard/internal/auth"
	"sessionguard/internal/clientinfo"
	"sessionguard/internal/events"
	"sessionguard/internal/gqlhttp"
	"sessionguard/internal/loaders"
	"sessionguard/internal/store"
	"sessionguard/resolvers"
)

// Config is everything an App needs; server.go fills it from the environment.
type Config struct {
	DatabaseURL    string
	GeoIPPath      string
	TrustedProxies []netip.Prefix
	AllowedOrigins []string
	AllowSignUp    bool
	SecureCookies  bool
	Passwords      auth.PasswordParams // zero: auth.DefaultPasswordParams
	Now            func() time.Time    // zero: time.Now
	Publisher      events.Publisher    // zero: events.Discard
}

// App is a running sessionguard.
type App struct {
	Store   *store.Store
	Auth    *auth.Service
	geo     *clientinfo.GeoDB
	handler http.Handler
}

// New opens the database (migrating it) and builds the handler.
func New(ctx context.Context, cfg Config) (*App, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Passwords == (auth.PasswordParams{}) {
		cfg.Passwords = auth.DefaultPasswordParams
	}
	st, err := store.Open(ctx, cfg.DatabaseURL, store.Options{Now: cfg.Now, Publisher: cfg.Publisher})
	if err != nil {
		return nil, err
	}
	geo, err := clientinfo.OpenGeoDB(cfg.GeoIPPath)
	if err != nil {
		st.Close()
		return nil, fmt.Errorf("app: unable to open GeoIP database: %w", err)
	}
	passwords, err := auth.NewPasswords(cfg.Passwords)
	if err != nil {
		st.Close()
		return nil, err
	}
	byEmail, byAddress := auth.NewThrottles()
	a := &App{
		Store: st, geo: geo,
		Auth: &auth.Service{
			Store: st, Passwords: passwords, Geo: geo, ByEmail: byEmail, ByAddress: byAddress, Now: cfg.Now,
		},
	}
	a.handler = a.routes(cfg)
	return a, nil
}

// Handler serves the whole product.
func (a *App) Handler() http.Handler { return a.handler }

// Close releases the database and the GeoIP reader.
func (a *App) Close() error {
	a.geo.Close()
	return a.Store.Close()
}

func (a *App) routes(cfg Config) http.Handler {
	middleware := &auth.Middleware{
		Store: a.Store, TrustedProxies: cfg.TrustedProxies, AllowedOrigins: cfg.AllowedOrigins,
		SecureCookies: cfg.SecureCookies,
	}
	mux := http.NewServeMux()
	mux.Handle("/graphql", middleware.Handler(loaders.Middleware(a.Store, a.graphQL(cfg))))
	mux.HandleFunc("GET /healthz", a.health)
	mux.Handle("GET /playground", playground.Handler("sessionguard", "/graphql"))
	mux.Handle("GET /{$}", playground.Handler("sessionguard", "/graphql"))
	return mux
}

func (a *App) graphQL(cfg Config) http.Handler {
	srv := handler.New(graph.NewExecutableSchema(graph.Config{
		Resolvers:  &resolvers.Resolver{Store: a.Store, Auth: a.Auth, AllowSignUp: cfg.AllowSignUp},
		Complexity: complexity(),
	}))
	srv.AddTransport(gqlhttp.Transport{})
	srv.SetQueryCache(lru.New[*ast.QueryDocument](1000))
	srv.Use(extension.Introspection{})
	srv.Use(extension.AutomaticPersistedQuery{Cache: lru.New[string](100)})
	srv.Use(extension.FixedComplexityLimit(maxComplexity))
	srv.AroundOperations(limitShape)
	srv.AroundFields(guardFields)
	srv.SetErrorPresenter(presentError)
	srv.SetRecoverFunc(func(ctx context.Context, err any) error {
		slog.ErrorContext(ctx, "resolver panic", "panic", err)
		return fmt.Errorf("panic: %v", err)
	})
	return srv
}

// health answers load balancers: 200 while the database answers within a second.
func (a *App) health(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), time.Second)
	defer cancel()
	db, err := a.Store.Gorm().DB()
	if err == nil {
		err = db.PingContext(ctx)
	}
	if err != nil {
		http.Error(w, "database unavailable", http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte("ok\n"))
}
