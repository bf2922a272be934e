"""Clientdesk core: vendor clients, sandbox, profile, secrets and CLI — free of Qt."""

__version__ = "0.1.0"
