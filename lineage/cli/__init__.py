"""The command line, a front end: it imports the engine (and `api` to serve, `visualise` to
draw); nothing in the engine imports it. `disclosure = lineage.cli:main`."""

from lineage.cli.main import main

__all__ = ["main"]
