"""Casework over the ledger: breaches, subject access requests, complaints and Art 19
worklists, each a case whose opening and steps are ledger entries, with the clocks the law
sets (`models.clock`)."""
