"""Recording the command line's reads of subject-level data in the access log.

A command that shows a subject's data (a lineage, a notify list, a partner's exposure, an
access report) records who ran it, which command, which subject tokens and what it
returned, through the one recorder (`lineage.registry.access_log`), as the API does. The
principal is `cli:` and the operating-system user running the command.
"""

from __future__ import annotations

import getpass
from collections.abc import Iterable, Mapping
from typing import Any

from lineage.registry import access_log
from lineage.registry.access_log import SubjectRead
from lineage.service import Service


def record_cli_read(
    service: Service, command: str, tokens: Iterable[str], returned: Mapping[str, Any]
) -> list[int]:
    """Append one read by this command to the access log; the rows' seqs."""
    read = SubjectRead(
        principal=f"cli:{getpass.getuser()}",
        endpoint=f"CLI {command}",
        tokens=sorted(set(tokens)),
        returned=dict(returned),
    )
    return access_log.record(service.engine, read)
