"""Typed errors of sovkg, each with the exit code the command line returns for it.

The library raises these; the command line prints ``sovkg: error: <message>`` on one line of
stderr and exits with :attr:`SovkgError.exit_code`. Exit codes follow pySHACL:

* ``0`` success;
* ``1`` the data has validation violations (:class:`ViolationsFoundError`);
* ``2`` bad input, or something could not run (every other error here).

Example:
    >>> from sovkg.errors import ParameterError
    >>> err = ParameterError("missing required parameter 'date'")
    >>> (err.exit_code, str(err))
    (2, "missing required parameter 'date'")
"""

from __future__ import annotations

EXIT_OK = 0
"""Everything worked."""
EXIT_VIOLATIONS = 1
"""The data was checked and has violations."""
EXIT_BAD_INPUT = 2
"""Bad input, or the command could not run."""


class SovkgError(Exception):
    """Base class of every error sovkg reports to its user.

    The message is one line that says what was wrong and what is allowed.
    """

    exit_code: int = EXIT_BAD_INPUT


class BadInputError(SovkgError):
    """The user asked for something sovkg cannot do as asked."""


class UnknownQueryError(BadInputError):
    """No named query has that name.

    Attributes:
        name: the name that was asked for.
        suggestion: the nearest known name, or ``None``.
    """

    def __init__(self, name: str, suggestion: str | None, known: list[str]) -> None:
        hint = f"did you mean '{suggestion}'? " if suggestion else ""
        listing = ", ".join(known) if known else "none"
        super().__init__(f"unknown query '{name}'; {hint}known queries: {listing}")
        self.name = name
        self.suggestion = suggestion


class ParameterError(BadInputError):
    """A query parameter is unknown, missing, repeated or malformed."""


class QuerySyntaxError(BadInputError):
    """A SPARQL query does not parse.

    Attributes:
        line: 1-based line of the error, or ``None`` if the parser did not say.
        column: 1-based column of the error, or ``None``.
    """

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        where = f" at line {line}, column {column}" if line is not None else ""
        super().__init__(f"SPARQL syntax error{where}: {message}")
        self.line = line
        self.column = column


class ForbiddenQueryError(BadInputError):
    """A query would write, or reach beyond the local graph (update, SERVICE, FROM, LOAD)."""


class QueryExecutionError(SovkgError):
    """A query parsed but the engine could not evaluate it."""


class QueryDefinitionError(SovkgError):
    """A named query file is malformed (its header, or a parameter sovkg cannot bind)."""


class DataError(SovkgError):
    """The ontology or a data file is missing, unreadable or does not parse."""


class OutputError(SovkgError):
    """The result cannot be written where it was asked to go."""


class RemoteError(SovkgError):
    """A remote SPARQL endpoint could not be reached or answered with an error."""


class ViolationsFoundError(SovkgError):
    """Validation ran and found violations (exit code 1)."""

    exit_code = EXIT_VIOLATIONS
