"""Carrying out a Plan over the providers: retries, fallback and circuit breaking."""
