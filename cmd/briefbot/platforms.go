package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"

	"golang.org/x/sync/errgroup"

	"briefbot/bot"
	"briefbot/bot/slackbot"
	"briefbot/bot/telegrambot"
	"briefbot/brief"
	"briefbot/config"
)

// startSlack starts the Slack adapter when configured and reports how
// many platforms it started (0 or 1).
// Requests are recorded in inbox before they are acknowledged.
func startSlack(ctx context.Context, g *errgroup.Group, cfg *config.Config, log *slog.Logger, core bot.Server, inbox bot.Inbox, d *bot.Dispatcher, mux *http.ServeMux) int {
	if cfg.SlackMode() == "" {
		log.Info("Slack is not configured (set BRIEFBOT_SLACK_BOT_TOKEN with BRIEFBOT_SLACK_APP_TOKEN for Socket Mode, or with BRIEFBOT_SLACK_SIGNING_SECRET for HTTP mode); not starting it")
		return 0
	}
	a, err := slackbot.New(core, slackbot.Options{
		BotToken: cfg.Slack.BotToken.Value(), AppToken: cfg.Slack.AppToken.Value(),
		SigningSecret: cfg.Slack.SigningSecret.Value(), APIURL: cfg.Slack.APIURL, Logger: log, Inbox: inbox,
	})
	if err != nil {
		g.Go(func() error { return fmt.Errorf("slack: %w", err) })
		return 0
	}
	d.Register(brief.PlatformSlack, a)
	if a.Mode() == slackbot.ModeHTTP {
		// The patterns are full paths (POST /slack/commands ...).
		mux.Handle("/slack/", a.Handler())
	}
	// In both modes Run authenticates, and it drains acknowledged requests on shutdown.
	g.Go(func() error { return a.Run(ctx) })
	log.Info("Slack started", "mode", a.Mode())
	return 1
}

// startTelegram starts the Telegram adapter when configured. Every replica
// can send; only one may long-poll a bot token (a second getUpdates gets
// 409 Conflict), so in poll mode receiving runs on the replica that leads.
func startTelegram(ctx context.Context, g *errgroup.Group, cfg *config.Config, log *slog.Logger, core bot.Server, inbox bot.Inbox, d *bot.Dispatcher, mux *http.ServeMux, leaderOnly *[]func(context.Context) error) int {
	if !cfg.Telegram.Token.IsSet() {
		log.Info("Telegram is not configured (set BRIEFBOT_TELEGRAM_TOKEN); not starting it")
		return 0
	}
	a, err := telegrambot.New(core, telegrambot.Options{
		Token: cfg.Telegram.Token.Value(), Mode: cfg.Telegram.Mode,
		WebhookURL: cfg.Telegram.WebhookURL, WebhookSecret: cfg.Telegram.WebhookSecret.Value(),
		APIURL: cfg.Telegram.APIURL, AdminsOnly: cfg.Telegram.AdminsOnly, Logger: log, Inbox: inbox,
	})
	if err != nil {
		g.Go(func() error { return fmt.Errorf("telegram: %w", err) })
		return 0
	}
	d.Register(brief.PlatformTelegram, a)
	if cfg.Telegram.Mode == telegrambot.ModeWebhook {
		mux.Handle(telegrambot.WebhookPath, a.Handler())
		g.Go(func() error { return a.Run(ctx) })
	} else {
		*leaderOnly = append(*leaderOnly, a.Run)
	}
	log.Info("Telegram started", "mode", cfg.Telegram.Mode)
	return 1
}
