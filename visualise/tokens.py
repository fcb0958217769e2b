"""The last check before a diagram or a board report leaves: no subject token inside.

Board members see aggregates only, never identifiers, tokens or free text (docs/design.md,
Roles). Tokens have one form, `sub_` and 24 base32 letters, so a leak is detectable.
"""

from __future__ import annotations

import re
from typing import Final

TOKEN_PATTERN: Final = re.compile(r"sub_[a-z2-7]{24}", re.IGNORECASE)


class TokenLeak(ValueError):
    """Raised when text meant for a board or a diagram contains a subject token."""


def assert_no_tokens(text: str) -> None:
    """Raise `TokenLeak` if `text` contains a subject token (in either case).

    The message gives the position, never the token, so the error itself is safe to log.
    """
    found = TOKEN_PATTERN.search(text)
    if found is not None:
        raise TokenLeak(f"a subject token appears at character {found.start()}")
