"""The registries kept beside the ledger: subjects, partners and agreements, keys, API keys and
the access log."""
