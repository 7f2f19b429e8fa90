"""Errors the core raises; only the CLI turns them into a message and an exit code."""


class ArchwgError(Exception):
    """A user-facing failure: one line of text and an exit code."""

    exit_code = 1

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class UsageError(ArchwgError):
    """The call itself is wrong (bad option value, unknown name)."""

    exit_code = 2


class NotARepository(ArchwgError):
    """No spec repository (a folder with specs/ and workstreams/) was found."""

    exit_code = 2


class SpecNotFound(ArchwgError):
    exit_code = 2


class SpecExists(ArchwgError):
    exit_code = 2


class InvalidSpec(ArchwgError):
    """A spec file cannot be read as a spec at all."""

    exit_code = 2


class InvalidTransition(ArchwgError):
    exit_code = 2


class GitStateError(ArchwgError):
    """The git repository is not in a state a committing command can run in."""

    exit_code = 2


class OperationFailed(ArchwgError):
    """The input was fine but the operation did not go through (git refused the commit, ...)."""

    exit_code = 1


class LintProblems(ArchwgError):
    """The lint (``archwg check``) found problems: exit 1, as check itself exits."""

    exit_code = 1


class MissingExtra(ArchwgError):
    """The command needs an optional part of archwg that is not installed."""

    exit_code = 1


class BadInput(ArchwgError):
    """An input file is not what the command reads (not a meeting log, bad YAML...)."""

    exit_code = 2


class NothingYet(ArchwgError):
    """Not a failure: what was asked about has not happened yet (a new group's first carry-actions).

    The CLI prints the message on standard error and exits 0.
    """

    exit_code = 0
