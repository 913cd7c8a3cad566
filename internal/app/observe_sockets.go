package app

import (
	"context"
	"log/slog"
	"time"

	"github.com/99designs/gqlgen/graphql/handler/transport"

	"sessionguard/internal/auth"
	"sessionguard/internal/observe"
	"sessionguard/internal/wsgorilla"
)

type socketOpenedKey struct{}

// socketOpened is the websocket InitFunc: live's, then the socket's request id (its upgrade
// request's, for every line about its operations), one log line and the open-socket gauge.
func (a *App) socketOpened(req, conn context.Context, ws *wsgorilla.Conn, payload transport.InitPayload) (context.Context, error) {
	ctx, err := a.Sockets.InitFunc(req, conn, ws, payload)
	if err != nil {
		a.log.LogAttrs(req, slog.LevelInfo, "websocket refused", slog.String("err", err.Error()))
		return ctx, err
	}
	ctx = observe.WithRequestID(ctx, observe.RequestID(req))
	ctx = context.WithValue(ctx, socketOpenedKey{}, time.Now())
	a.metrics.WebsocketOpened()
	attrs := []slog.Attr{slog.String("protocol", ws.Subprotocol())}
	if p := auth.RequestFrom(ctx).Principal; p != nil {
		attrs = append(attrs, slog.String("account_id", p.User.AccountID), slog.String("user_id", p.User.ID),
			slog.String("session_id", p.Session.ID))
		if p.APIKey != nil {
			attrs = append(attrs, slog.String("api_key_id", p.APIKey.ID))
		}
	}
	a.log.LogAttrs(ctx, slog.LevelInfo, "websocket opened", attrs...)
	return ctx, nil
}

// socketClosed is the websocket CloseFunc, for sockets socketOpened accepted.
func (a *App) socketClosed(ctx context.Context, code int) {
	a.Sockets.CloseFunc(ctx, code)
	a.metrics.WebsocketClosed()
	attrs := []slog.Attr{slog.Int("code", code)}
	if opened, ok := ctx.Value(socketOpenedKey{}).(time.Time); ok {
		attrs = append(attrs, slog.Float64("duration_s", time.Since(opened).Seconds()))
	}
	a.log.LogAttrs(ctx, slog.LevelInfo, "websocket closed", attrs...)
}
