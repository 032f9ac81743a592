"""Errors a user can fix: one line of reason, one line of hint, exit code 2."""

from __future__ import annotations


class RunnerError(Exception):
    """The runner or dbt could not run. Printed as one line (no traceback), exit 2."""

    exit_code = 2

    def __init__(self, reason: str, hint: str | None = None):
        super().__init__(reason)
        self.reason = reason
        self.hint = hint

    def __str__(self) -> str:
        return self.reason if not self.hint else f"{self.reason} ({self.hint})"
