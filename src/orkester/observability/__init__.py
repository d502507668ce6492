"""Metrics (every name in metrics.py), and later traces and structured logs."""
