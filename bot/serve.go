package bot

import "context"

// Server is the path every adapter's requests take: it answers a request
// and queues the answer for delivery.
type Server interface {
	Serve(ctx context.Context, req Request) error
}

// Bot joins a Handler and a Dispatcher into a Server.
type Bot struct {
	Handler    *Handler
	Dispatcher *Dispatcher
}

// Serve handles req and queues its answer under the request's ID, so a
// redelivered request is answered once.
func (b *Bot) Serve(ctx context.Context, req Request) error {
	return b.Dispatcher.Answer(ctx, req, b.Handler.Handle(ctx, req))
}
