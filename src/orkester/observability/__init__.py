"""Metrics (every name in metrics.py, served at /metrics) and traces (OpenTelemetry, OTLP/HTTP).

What is exported and how to use it: docs/observability.md.
"""
