"""Errors the package raises on purpose, each naming what and where."""
from __future__ import annotations


class VnnewsError(Exception):
    """Base class of every error this package raises deliberately."""


class InputError(VnnewsError):
    """The input (a file, a record, bytes) cannot be read as a news article.

    The message names the source (file path or record id) and the cause.
    """

    def __init__(self, source: str, cause: str):
        self.source = source
        self.cause = cause
        super().__init__(f"{source}: {cause}")
