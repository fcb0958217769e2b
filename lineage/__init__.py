"""The engine: settings, database, the append-only ledger and Merkle log, ingest, CLI."""
