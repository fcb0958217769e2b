"""`python -m lineage` is the `disclosure` command."""

from lineage.cli import main

if __name__ == "__main__":
    main()
