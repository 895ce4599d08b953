"""One exception family with coded messages, so users can search for a code.

Every coded error reportnlp raises or writes as an ``errors`` row is one entry of
``MESSAGES``: a key, the exception class (which carries the code) and a message
template. Raise sites name the key and pass the fields (``raise errors.new("empty_file",
path=shown)``); rows are made the same way (``errors.row``, ``io.InputError.of``), so a
message is written once, here. README.md's list of codes is generated from this table
(``scripts/cli_reference.py``; tests/test_errors.py fails when it is stale).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Dict, List, Type


class ReportError(Exception):
    """Base of every error reportnlp raises on purpose. ``code`` is stable, e.g. ``E101``."""

    code = "E000"
    key = ""  # the MESSAGES entry the error was made from ("" when made directly)

    def __init__(self, message: str, *, path: str = "") -> None:
        self.path = path
        self.message = message
        self.fields: Dict[str, object] = {}
        super().__init__(f"[{self.code}] {path + ': ' if path else ''}{message}")


# --- reading the input: E1xx ------------------------------------------------------------


class EmptyFile(ReportError):
    """A file of 0 bytes."""

    code = "E101"


class BinaryFile(ReportError):
    """A file that is binary data, not text."""

    code = "E102"


class UndecodableText(ReportError):
    """Text in no encoding that fits."""

    code = "E103"


class UnsupportedFormat(ReportError):
    """A file of a kind reportnlp does not read."""

    code = "E104"


class BrokenDocument(ReportError):
    """A .docx/.pdf/.html that its parser cannot open (truncated, corrupt, zip bomb)."""

    code = "E105"


class NoText(ReportError):
    """A document that opens but holds no text (a scanned PDF without a text layer)."""

    code = "E106"


class NoReports(ReportError):
    """A folder without report files."""

    code = "E107"


class FileTooLarge(ReportError):
    """A file larger than a report may be."""

    code = "E108"


class PathNotFound(ReportError):
    """A path that does not exist or cannot be opened."""

    code = "E109"


# --- analysing a document: E2xx ---------------------------------------------------------


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


class NotTexts(ReportError, TypeError):
    """One string where an iterable of texts is wanted (MaskRestorer.fit)."""

    code = "E304"


class BadSetting(ReportError, ValueError):
    """A setting missing, unreadable or out of its range (MaskRestorer's context_chars, compare's bins)."""

    code = "E305"


class NotFitted(ReportError, RuntimeError):
    """A MaskRestorer used before fit()."""

    code = "E306"


class DuplicateDocId(ReportError, ValueError):
    """Two reports with the same doc_id given to the reuse functions."""

    code = "E307"


class UnknownGroup(_KeyLike):
    """A group label asked for (compare's pair) that no document has."""

    code = "E308"


class NothingToCompare(ReportError, ValueError):
    """A comparison left without documents, words or group labels to compare."""

    code = "E309"


class NotDocuments(ReportError, TypeError):
    """Something other than an Analysis or a documents table given to the comparison functions."""

    code = "E310"


class BadOption(ReportError, ValueError):
    """Command-line options that cannot be used together or as given (--out naming a file)."""

    code = "E311"


class CannotWrite(ReportError, OSError):
    """An output folder or file that cannot be written."""

    code = "E312"


class SchedulerUnreachable(ReportError, TimeoutError):
    """A Dask scheduler that does not answer during the run."""

    code = "E313"


# --- the messages ------------------------------------------------------------------------


@dataclass(frozen=True)
class Message:
    """One coded message: ``template`` is filled with str.format from the raise site's fields."""

    key: str
    error: Type[ReportError]
    template: str

    @property
    def code(self) -> str:
        return self.error.code


_AS_TEXT = "save the report as UTF-8 .txt"
_RESAVE_DOCX = "open it in Word or WPS and save it again"
_BOMB = "(zip bomb?); if it is a real report, save it as .txt"

MESSAGES: Dict[str, Message] = {m.key: m for m in [
    Message("empty_file", EmptyFile, "the file is empty (0 bytes); re-export the report or remove the file"),
    Message("binary_control", BinaryFile, "decodes as {encoding} but is mostly control characters, so it "
            "is binary data, not text; is this the right file?"),
    Message("binary_nul", BinaryFile, "binary data, not text (NUL bytes); is this the right file?"),
    Message("bad_bom", UndecodableText, "starts with a {bom} mark but does not decode ({reason} at byte "
            "{byte}); re-save it as UTF-8"),
    Message("undecodable", UndecodableText, "not valid UTF-8, UTF-16 or GB18030 and no other encoding "
            "fits; open it in an editor and re-save it as UTF-8"),
    Message("unsupported_suffix", UnsupportedFormat, "'{suffix}' files are not read; save the report as "
            ".txt, .docx, .pdf or .html (Word/WPS: File > Save As)"),
    Message("folder_as_file", UnsupportedFormat, "this is a folder; name the folder itself, not as a file"),
    Message("unreadable_file", BrokenDocument, "cannot read it ({reason}); check the file's permissions"),
    Message("read_failed", BrokenDocument, "cannot read it ({kind}: {exc}); check the file, or " + _AS_TEXT),
    Message("docx_bad_zip", BrokenDocument, "not a readable .docx (broken or truncated zip: {exc}); "
            + _RESAVE_DOCX),
    Message("docx_many_parts", BrokenDocument, "refused: {parts} parts in the zip is far more than a .docx "
            "holds (zip bomb?); save it again from Word or WPS"),
    Message("docx_unpacks_big", BrokenDocument, "refused: unpacks to {unpacked_mib:.0f} MiB from "
            "{packed_mib:.1f} MiB " + _BOMB),
    Message("docx_part_big", BrokenDocument, "refused: {part} unpacks to more than {limit_mib} MiB " + _BOMB),
    Message("docx_part_lies", BrokenDocument, "not a readable .docx (a part does not unpack to what the "
            "zip says: {exc}); " + _RESAVE_DOCX),
    Message("docx_unpack_failed", BrokenDocument, "not a readable .docx ({kind}: {exc}); " + _RESAVE_DOCX),
    Message("docx_parser", BrokenDocument, "python-docx cannot open it ({kind}: {exc}); " + _RESAVE_DOCX),
    Message("pdf_password", BrokenDocument, "the PDF is protected by a password; open it, print it to a "
            "new PDF without a password, or save the report as .txt"),
    Message("pdf_parser", BrokenDocument, "pypdf cannot read it ({kind}: {exc}); export the PDF again or "
            "save the report as .txt"),
    Message("blank_text", NoText, "the document holds no text (only blanks); check that it is the right file"),
    Message("pdf_no_text", NoText, "the PDF has no text layer (a scan?); run OCR first"),
    Message("no_reports", NoReports, "no report files ({suffixes}) in this folder; check the path or "
            "convert the reports to one of these formats"),
    Message("too_large", FileTooLarge, "{size_mib:.0f} MiB is more than the {limit_mib} MiB a report may "
            "have; split it into one file per report"),
    Message("cannot_open", PathNotFound, "cannot open: {reason}; check the path"),
    Message("folder_unreadable", PathNotFound, "cannot read this folder ({reason}); check its permissions"),
    Message("dangling_link", PathNotFound, "a symbolic link that leads nowhere (or in a loop); check the link"),
    Message("no_such_path", PathNotFound, "no such file or folder; check the path"),
    Message("analysis_failed", ExtractorFailed, "analysis failed ({kind}: {exc}); please report this"),
    Message("audit_failed", ExtractorFailed, "audit failed ({kind}: {exc}); please report this"),
    Message("time_limit", TimeLimitExceeded, "analysis {reason}; it was skipped; split the file, or raise "
            "the limit (--time-limit)"),
    Message("worker_died", WorkerDied, "analysis {reason}; it was skipped (out of memory?); check the "
            "file, or " + _AS_TEXT),
    Message("no_table", UnknownColumn, "no table {table!r}; choose one of {known}"),
    Message("no_documents_column", UnknownColumn, "the documents table has no column {missing}; choose "
            "among {known}"),
    Message("no_doc_id", UnknownColumn, "the {table} table has no doc_id column to join on"),
    Message("no_where_column", UnknownColumn, "no column {column!r} to select documents on; known: {known}"),
    Message("where_needs_analysis", UnknownColumn, "cannot select documents on {column!r} before analysing "
            "them: it is not a manifest or metadata column (known: {known}); analyse everything and use "
            "Analysis.subset for columns that counts decide"),
    Message("bin_column", UnknownColumn, "cannot bin {by!r}: give a numeric documents column such as year"),
    Message("bin_not_numeric", UnknownColumn, "cannot bin {by!r}: it holds no numbers"),
    Message("no_group_column", UnknownColumn, "cannot group by {by!r}: the documents table has no such "
            "column (choose one of: {known})"),
    Message("not_an_analysis", NotAnAnalysis, "not a folder written by reportnlp analyze or Analysis.save"),
    Message("no_documents_table", NotAnAnalysis, "holds no documents.parquet or documents.csv; is it a "
            "folder written by reportnlp analyze or Analysis.save?"),
    Message("no_document", UnknownDocument, "no document {doc_id!r} in this analysis (e.g. {known})"),
    Message("one_string", NotTexts, "fit() takes an iterable of texts, not one string"),
    Message("too_small", BadSetting, "{name} must be at least {least}"),
    Message("bad_bin", BadSetting, "cannot read the bin {part!r}: write ranges such as 2013-2017,2018-2022"),
    Message("no_bins", BadSetting, "no bins given"),
    Message("bin_reversed", BadSetting, "bin {low:g}-{high:g} ends before it starts"),
    Message("bins_overlap", BadSetting, "bins overlap at {low:g}; each value may fall in one bin only"),
    Message("no_grouping_column", BadSetting, "give the grouping column: group_similarity(analysis, by)"),
    Message("not_fitted", NotFitted, "this MaskRestorer is not fitted yet; call fit(texts) first"),
    Message("duplicate_doc_id", DuplicateDocId, "two reports share doc_id {doc_id!r}; doc_ids must be unique"),
    Message("no_such_group", UnknownGroup, "no documents in group(s) {missing!r} of {by!r}"),
    Message("no_documents_to_count", NothingToCompare, "no documents to count words in"),
    Message("no_labelled_words", NothingToCompare, "no document has both words and a group label"),
    Message("no_group_values", NothingToCompare, "no document has a value in {by!r}; nothing to compare"),
    Message("no_texts_to_count", NothingToCompare, "no document text to count words in"),
    Message("not_documents", NotDocuments, "expected an Analysis or a documents DataFrame with a doc_id "
            "column"),
    Message("scheduler_needs_dask", BadOption, "--scheduler needs --engine dask"),
    Message("out_is_file", BadOption, "--out {out} is a file; give a folder"),
    Message("paths_and_from", BadOption, "give PATHS or --from, not both"),
    Message("cannot_write", CannotWrite, "cannot write to {out}: {exc}"),
    Message("scheduler_unreachable", SchedulerUnreachable, "cannot reach the Dask scheduler {scheduler}: "
            "{exc}; check the address and that the scheduler is running"),
    Message("no_gold", PathNotFound, "{reason}; give a folder of gold DOC.txt + DOC.json pairs or a "
            "headline_gold.csv"),
    Message("report_gone", PathNotFound, "cannot read the report of {doc_id}: {exc}"),
    Message("doc_not_read", UnknownDocument, "{doc} could not be read"),
    Message("no_doc_in_folder", UnknownDocument, "no doc_id {doc!r} in {source}{near}"),
    Message("no_doc_in_paths", UnknownDocument, "no file and no doc_id {doc!r} in the given paths{near}"),
]}


def text(key: str, **fields) -> str:
    """The message of entry ``key`` with ``fields`` filled in."""
    return MESSAGES[key].template.format(**fields)


def new(key: str, *, path: str = "", **fields) -> ReportError:
    """The exception of entry ``key`` (raise it): its class, code and filled message."""
    entry = MESSAGES[key]
    error = entry.error(entry.template.format(**fields), path=path)
    error.key, error.fields = key, fields
    return error


def row(key: str, path: str, **fields) -> Dict[str, str]:
    """An ``errors`` table row (path, code, message) of entry ``key``."""
    return {"path": path, "code": MESSAGES[key].code, "message": text(key, **fields)}


def codes() -> List[Dict[str, str]]:
    """One row per code: code, exception class, what it means and its messages (for the docs)."""
    out: Dict[str, Dict[str, str]] = {}
    for entry in MESSAGES.values():
        cls = entry.error
        found = out.setdefault(cls.code, {"code": cls.code, "class": cls.__name__,
                                          "meaning": (cls.__doc__ or "").strip(), "messages": []})
        found["messages"].append(entry.template)
    return sorted(out.values(), key=lambda r: r["code"])


def codes_markdown() -> str:
    """The table of codes as Markdown (README.md's error-codes block)."""
    lines = ["| code | exception | meaning | messages |", "|---|---|---|---|"]
    for entry in codes():
        shown = (re.sub(r"\{(\w+)[:!][^}]*\}", r"{\1}", m) for m in entry["messages"])
        messages = "<br>".join(m.replace("|", "\\|") for m in shown)
        lines.append(f"| {entry['code']} | `{entry['class']}` | {entry['meaning']} | {messages} |")
    return "\n".join(lines)
