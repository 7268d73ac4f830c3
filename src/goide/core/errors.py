"""The errors a user sees: one line saying what is wrong, one line saying what to do.

Every command raises these instead of printing; `goide.cli` turns them into
`error: ...` / `hint: ...` on stderr and the exit status they carry.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2


class GoideError(Exception):
    """A failure the user can act on. `exit_status` is 2 (bad input or usage) unless said otherwise."""

    def __init__(self, message: str, hint: str | None = None, exit_status: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.exit_status = exit_status

    def __str__(self) -> str:
        return self.message


class InputError(GoideError):
    """Input that goide cannot read: a malformed file, a truncated stream, a wrong flag value."""
