"""One exception family with coded messages, so users can search for a code."""
from __future__ import annotations


class ReportError(Exception):
    """Base of every error reportnlp raises on purpose. ``code`` is stable, e.g. ``E101``."""

    code = "E000"

    def __init__(self, message: str, *, path: str = "") -> None:
        self.path = path
        self.message = message
        super().__init__(f"[{self.code}] {path + ': ' if path else ''}{message}")


class EmptyFile(ReportError):
    code = "E101"


class BinaryFile(ReportError):
    code = "E102"


class UndecodableText(ReportError):
    code = "E103"


class UnsupportedFormat(ReportError):
    code = "E104"


class BrokenDocument(ReportError):
    """A .docx/.pdf/.html that its parser cannot open (truncated, corrupt, zip bomb)."""

    code = "E105"


class NoText(ReportError):
    """A document that opens but holds no text (a scanned PDF without a text layer)."""

    code = "E106"


class NoReports(ReportError):
    code = "E107"


class FileTooLarge(ReportError):
    code = "E108"


class PathNotFound(ReportError):
    code = "E109"


class ExtractorFailed(ReportError):
    """An extractor raised on a document: a bug, reported as a row rather than a crash."""

    code = "E201"


class TimeLimitExceeded(ReportError):
    """One document took longer than the per-document time limit; it was skipped."""

    code = "E202"


class WorkerDied(ReportError):
    """The worker process analysing one document died (out of memory, a crash)."""

    code = "E203"


# --- using the API: E3xx --------------------------------------------------------------


class _KeyLike(ReportError, KeyError):
    def __str__(self) -> str:  # KeyError would quote the message
        return self.args[0] if self.args else ""


class UnknownColumn(_KeyLike):
    """A table or column named in where=, with_meta or describe that does not exist."""

    code = "E301"


class NotAnAnalysis(ReportError, FileNotFoundError):
    """A folder given to load() that holds no tables written by analyze or Analysis.save."""

    code = "E302"


class UnknownDocument(_KeyLike):
    """A doc_id that is not in the analysis (show)."""

    code = "E303"
