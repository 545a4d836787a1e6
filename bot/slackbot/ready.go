package slackbot

import "errors"

// Connected reports nil once Slack has answered auth.test and, in Socket
// Mode, while the websocket is connected; otherwise an error that says
// which is missing. A readiness check calls it.
func (a *Adapter) Connected() error {
	if a.whoami().UserID == "" {
		return errors.New("Slack has not answered auth.test yet (check BRIEFBOT_SLACK_BOT_TOKEN and the network path to Slack)")
	}
	if a.down.Load() {
		return errors.New("the Socket Mode connection is down; it is being retried (check BRIEFBOT_SLACK_APP_TOKEN and the network path to Slack)")
	}
	return nil
}
