package app

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/gorilla/websocket"
	"github.com/vektah/gqlparser/v2/ast"

	"sessionguard/graph"
	"sessionguard/internal/auth"
	"sessionguard/internal/gqlhttp"
	"sessionguard/internal/gqlws"
	"sessionguard/internal/wsgorilla"
	"sessionguard/resolvers"
)

func (a *App) routes() http.Handler {
	middleware := &auth.Middleware{
		Store: a.Store, TrustedProxies: a.cfg.TrustedProxies, AllowedOrigins: a.cfg.AllowedOrigins,
		SecureCookies: a.cfg.SecureCookies, Geo: a.geo, KeyLimiter: auth.NewKeyLimiter(a.cfg.APIKeyRate),
	}
	mux := http.NewServeMux()
	mux.Handle("/graphql", apiHeaders(middleware.Handler(a.graphQL(middleware))))
	export := exportHandler{store: a.Store}
	mux.Handle("/export/sessions.csv", readOnly(apiHeaders(middleware.Handler(http.HandlerFunc(export.sessions)))))
	mux.Handle("/export/audit.csv", readOnly(apiHeaders(middleware.Handler(http.HandlerFunc(export.audit)))))
	mux.Handle("/healthz", readOnly(http.HandlerFunc(alive)))
	mux.Handle("/readyz", readOnly(http.HandlerFunc(a.ready)))
	mux.Handle("/playground", playgroundHandler())
	// "/" without a method: "GET /" would conflict with the method-less "/graphql" in ServeMux.
	mux.Handle("/", consoleHandler(a.cfg.Console))
	return a.observeRequests(transportSecurity(a.cfg.TrustedProxies, mux))
}

func (a *App) graphQL(middleware *auth.Middleware) http.Handler {
	srv := handler.New(graph.NewExecutableSchema(graph.Config{
		Resolvers: &resolvers.Resolver{
			Store: a.Store, Auth: a.Auth, Hub: a.Hub, AllowSignUp: a.cfg.AllowSignUp,
			Webhooks: a.Webhooks,
		},
		Complexity: complexity(),
	}))
	// The websocket transport comes first: gqlhttp claims every request that is not an upgrade.
	// gqlws rather than gqlgen's transport.Websocket: an idle socket holds one goroutine and
	// nothing of its upgrade request, an idle subscription nothing but its state (see gqlws).
	srv.AddTransport(&gqlws.Transport{
		Accept: wsgorilla.Implementation{
			Upgrader: websocket.Upgrader{
				CheckOrigin: middleware.OriginAllowed, // the middleware refuses first; kept as a second line
				// Buffers of its own rather than net/http's (8 KiB a socket): an idle socket
				// holds no write buffer (one is borrowed per message) and a small read buffer
				// (clients send little: subscribe, pong).
				ReadBufferSize:  512,
				WriteBufferPool: &sync.Pool{},
			},
			// One goroutine pings every socket.
			//
			// graphql-transport-ws: notices dead peers, within two intervals. Each ping wakes
			// the server for every idle socket, so not more often than proxies' idle timeouts
			// (60 s is common) require.
			Ping: &wsgorilla.Pinger{Every: 25 * time.Second, Message: map[string]string{"type": "ping"}, AwaitReply: true},
			// The legacy graphql-ws: keep-alives, which clients do not answer.
			KeepAlive: &wsgorilla.Pinger{Every: 10 * time.Second, Message: map[string]string{"type": "ka"}},
		},
		Context:     a.wsCtx, // shutdown closes every socket
		InitFunc:    a.socketOpened,
		CloseFunc:   a.socketClosed,
		InitTimeout: 10 * time.Second,
		ReadLimit:   maxRequestBytes,
	})
	srv.AddTransport(gqlhttp.Transport{MaxBodyBytes: maxRequestBytes, MaxTokens: costLimits.Tokens, CodeStatus: codeStatus})
	queries := lru.New[*ast.QueryDocument](1000)
	srv.SetQueryCache(queries)
	srv.SetParserTokenLimit(costLimits.Tokens)
	srv.Use(operationObserver{metrics: a.metrics, log: a.log, knownName: a.trusted.knownName})
	srv.Use(introspection{mode: a.cfg.Introspection})
	if a.cfg.TrustedDocuments == TrustedDocumentsEnforce {
		srv.Use(enforceTrustedDocuments{a.trusted})
	}
	srv.Use(persistedQueries{AutomaticPersistedQuery: extension.AutomaticPersistedQuery{Cache: lru.New[string](100)}, maxBytes: costLimits.Bytes})
	srv.Use(costCheck{limits: costLimits, passed: queries}) // after APQ: sees the document it resolved
	srv.Use(newComplexityLimit(maxComplexity))
	srv.AroundResponses((&responseLoaders{hub: a.Hub, store: a.Store}).around)
	srv.AroundFields(guardFields)
	srv.SetErrorPresenter(presentError)
	srv.SetRecoverFunc(func(ctx context.Context, err any) error {
		slog.ErrorContext(ctx, "resolver panic", "panic", err)
		return fmt.Errorf("panic: %v", err)
	})
	return srv
}
