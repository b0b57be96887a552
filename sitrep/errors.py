"""One exception hierarchy with catalogued codes, so every failure tells the user what to do."""

from __future__ import annotations


class SitrepError(Exception):
    """Base of every error sitrep raises on purpose. ``code`` is stable; the message says what to do."""

    code = "E000"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}"


class InputError(SitrepError):
    """The article cannot be read: empty, binary, not UTF-8, too large."""

    code = "E001"


class ModelNotFound(SitrepError):
    """No spaCy English model is installed under any of the configured names."""

    code = "E002"


class UnknownStage(SitrepError):
    """A pipeline configuration names a stage nobody registered."""

    code = "E003"


class KnowledgeBaseError(SitrepError):
    """A knowledge-base data file is malformed."""

    code = "E004"


class ParallelError(SitrepError):
    """Worker processes or the Dask cluster cannot be used as asked."""

    code = "E005"
