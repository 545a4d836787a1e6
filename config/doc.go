// Package config is briefbot's one Config: the defaults (defined once, in
// Default), the YAML file (decoded strictly: an unknown key is an error
// naming the key and its line), and the environment, which holds secrets
// and deployment facts. Validate reports every problem at once, each
// naming the setting and the fix; Check reports the decoding problems and
// Validate's together. Each is a *Problem placed at its line and column,
// read from the YAML library's node positions.
//
// Only cmd/briefbot imports this package; it translates the Config into
// each component's own Options.
package config
