"""Lets `python -m goide` behave like the `goide` command."""

from goide.cli import main

raise SystemExit(main())
