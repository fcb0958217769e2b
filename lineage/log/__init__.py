"""The Merkle log (RFC 6962): hashing and proofs, the frontier of perfect subtrees, signed
checkpoints and their schedule, and verification."""
