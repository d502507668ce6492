"""Pure translation between Orkester's neutral types and each vendor's wire API. No I/O here."""
