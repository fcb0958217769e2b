"""Which log keys a verifier trusts: verifier keys handed in, never read from the server.

A trusted-keys file holds one verifier key a line (`#` starts a comment); a key may end in
`until-size N` — a retired key, trusted only for checkpoints of at most N entries, the size
of the ledger when the key was rotated out. So each checkpoint is checked under the key that
was valid when it was signed, and a stolen retired key cannot sign a newer tree.
"""

from __future__ import annotations

from pathlib import Path

from lineage.log.note import ED25519, NoteError, Verifier, parse_vkey

UNTIL = "until-size"


class TrustError(ValueError):
    """A trusted key or trusted-keys file that cannot be used; the message names it."""


def trusted_line(line: str) -> Verifier:
    """One line of a trusted-keys file: `VKEY` or `VKEY until-size N`."""
    parts = line.split()
    if len(parts) not in (1, 3) or (
        len(parts) == 3 and (parts[1] != UNTIL or not parts[2].isdigit())
    ):
        raise NoteError(f"expected `VKEY` or `VKEY {UNTIL} N`, not {line.strip()!r}")
    until = int(parts[2]) if len(parts) == 3 else None
    verifier = parse_vkey(parts[0], until_size=until)
    if verifier.key_type != ED25519:
        raise NoteError(f"{verifier.name} is a cosigner's key, not a log's signing key")
    return verifier


def read_file(path: Path) -> list[Verifier]:
    """The keys in a trusted-keys file; `TrustError` names the file and line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise TrustError(f"trusted keys file {path}: {error}") from None
    found = []
    for number, line in enumerate(lines, start=1):
        if line.strip() and not line.lstrip().startswith("#"):
            try:
                found.append(trusted_line(line))
            except NoteError as error:
                raise TrustError(f"trusted keys file {path}, line {number}: {error}") from None
    return found


def gather(keys: list[str], files: list[Path]) -> list[Verifier]:
    """The keys from the command line and the files; `TrustError` if there are none."""
    trusted = []
    for key in keys:
        try:
            trusted.append(trusted_line(key))
        except NoteError as error:
            raise TrustError(f"--trusted-key: {error}") from None
    for path in files:
        trusted += read_file(path)
    if not trusted:
        raise TrustError(
            "no trusted key: pass the log's verifier key with --trusted-key VKEY or "
            "--trusted-keys-file FILE (the one line of checkpoint-signing.pub, kept apart "
            "from the server)"
        )
    return trusted


def signer_for(trusted: list[Verifier], size: int) -> list[Verifier]:
    """The trusted keys that may have signed a checkpoint of `size` entries."""
    return [v for v in trusted if v.until_size is None or size <= v.until_size]
