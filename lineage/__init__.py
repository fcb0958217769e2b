"""The engine: settings, database, the append-only ledger and its Merkle log, ingest, lineage, CLI."""
