"""`python -m lineage` is the `disclosure` command."""

from lineage.cli import main

main()
