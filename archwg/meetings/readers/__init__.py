"""One module per input format, all producing the same Line stream (or, for minutes, Meetings)."""
