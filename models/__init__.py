"""Records and vocabularies of the disclosure ledger.

No I/O; imports nothing of the other packages.
"""
