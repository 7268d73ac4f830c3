"""Pure parsers of the formats goide reads; no knowledge of the CLI, no I/O beyond the file given."""
