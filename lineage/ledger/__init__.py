"""The ledger: the one append path, bodies (tokens, sealed text), canonical JSON, projections,
the effective state after corrections, receipts, listings and bulk import."""
