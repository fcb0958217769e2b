"""The engine: settings and wiring, the ledger, the Merkle log, storage, the registries,
investigations, reports (data only), the synthetic council, and the command line (a front end)."""
