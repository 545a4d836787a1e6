package config

import (
	"errors"
	"fmt"
	"log/slog"

	"go.yaml.in/yaml/v3"
)

// Secret holds a token or password. It never prints itself: String, the
// YAML encoding and the log value are all "[redacted]" (or empty when
// unset), so a secret cannot leak through a log line or `config check`.
type Secret string

const redacted = "[redacted]"

// Value returns the secret itself, for the one place that needs it.
func (s Secret) Value() string { return string(s) }

// IsSet reports whether the secret has a value.
func (s Secret) IsSet() bool { return s != "" }

func (s Secret) String() string {
	if s == "" {
		return ""
	}
	return redacted
}

// LogValue implements slog.LogValuer.
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.String()) }

// MarshalYAML implements yaml.Marshaler.
func (s Secret) MarshalYAML() (any, error) { return s.String(), nil }

// errSecretInFile is returned when a config file tries to hold a secret.
var errSecretInFile = errors.New("secrets are not read from the config file: set the environment variable instead (see the README's configuration reference)")

// UnmarshalYAML refuses secrets in files, which end up in backups and
// version control.
func (s *Secret) UnmarshalYAML(n *yaml.Node) error { return lineError(n, errSecretInFile) }

// lineError reports a bad value as a yaml.TypeError, so decoding goes on
// and every bad value in the file is reported at once.
func lineError(n *yaml.Node, err error) error {
	return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d, column %d: %v", n.Line, n.Column, err)}}
}
