"""Records and vocabularies of the disclosure ledger: no I/O, imports nothing of the other packages."""
