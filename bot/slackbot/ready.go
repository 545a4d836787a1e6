package slackbot

import "errors"

// Connected reports nil once Slack has answered auth.test, so the adapter
// can receive and send; before that, or when it never will, an error
// that says so. A readiness check calls it.
func (a *Adapter) Connected() error {
	if a.whoami().UserID == "" {
		return errors.New("Slack has not answered auth.test yet (check BRIEFBOT_SLACK_BOT_TOKEN and the network path to Slack)")
	}
	return nil
}
