"""Offline evaluations: replay recorded model answers through routing strategies and score them."""
