package telegrambot

import "errors"

// Connected reports nil once Telegram has answered getMe; before that an
// error that says so. In poll mode only the replica that leads connects,
// so a readiness check asks it only there.
func (a *Adapter) Connected() error {
	if a.me.Load() == nil {
		return errors.New("Telegram has not answered getMe yet (check BRIEFBOT_TELEGRAM_TOKEN and the network path to Telegram)")
	}
	return nil
}
