"""Errors every adapter (CLI, API) turns into a clear message instead of a traceback."""

from __future__ import annotations


class InputError(Exception):
    """Bad input from a user: the CLI prints the message and exits 2; the API answers 4xx."""

    def __init__(self, message: str, code: str = "invalid_input") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


class NotFound(InputError):
    """A named thing (code, entry, document) does not exist."""

    def __init__(self, message: str, code: str = "not_found") -> None:
        super().__init__(message, code)


class Unauthorized(InputError):
    """No valid credentials were presented."""

    def __init__(self, message: str = "a valid bearer token is required", code: str = "unauthorized") -> None:
        super().__init__(message, code)


class Forbidden(InputError):
    """Valid credentials, but this role may not do this."""

    def __init__(self, message: str, code: str = "forbidden") -> None:
        super().__init__(message, code)


class TooLarge(InputError):
    """An input over its budget (policyhub.limits): refused before the work, as 413."""

    def __init__(self, message: str, code: str = "too_large") -> None:
        super().__init__(message, code)
