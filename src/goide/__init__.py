"""goide: makes a Go + VS Code development environment work, proves it, and explains what is wrong."""

__version__ = "0.1.0"
