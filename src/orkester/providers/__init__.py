"""One small module per vendor: endpoint, authentication and quirks. Translation lives in dialects/."""
