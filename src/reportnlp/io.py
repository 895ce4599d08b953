"""Read reports from files and folders: encodings, .docx/.pdf/.html, manifest metadata.

``iter_inputs`` lists what a set of paths holds (files to read, or errors for paths
that hold none); ``read_report`` turns one file into a :class:`Report` or raises a
:class:`ReportError` naming the file and the problem.
"""
from __future__ import annotations

import codecs
import csv
import os
import re
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, Iterable, Iterator, List, Mapping, Optional, Tuple, Union

from . import docmeta, errors
from .genre import genre_of
from .model import Report

TEXT_SUFFIXES = (".txt", ".text")
REPORT_SUFFIXES = TEXT_SUFFIXES + (".docx", ".pdf", ".html", ".htm")
# Document formats a folder may hold that reportnlp cannot read (old Word and WPS files,
# OFD e-documents, ...): each is reported as an errors row saying how to convert it,
# never passed over in silence.
UNREAD_DOCUMENT_SUFFIXES = (".doc", ".dot", ".docm", ".dotx", ".wps", ".wpt", ".rtf", ".odt",
                            ".ofd", ".pages", ".xps")
MANIFEST_NAMES = ("manifest.csv", "MANIFEST.csv")
MAX_FILE_BYTES = 64 * 1024 * 1024
# A .docx whose parts unpack to more than this is treated as a zip bomb.
MAX_UNZIPPED_BYTES = 256 * 1024 * 1024
MAX_ZIP_RATIO = 200
MAX_ZIP_ENTRIES = 10_000
MAX_XML_PART_BYTES = 64 * 1024 * 1024

_ENCODING_SUFFIX = re.compile(
    r"\.(gb18030|gbk|gb2312|big5|utf-?8|utf-?16(le|be)?|utf8bom|ansi)$", re.I
)
_YEAR_IN_NAME = re.compile(r"(?<!\d)(19[4-9]\d|20[0-9]\d)(?!\d)")
# A township named where a line starts (or after 中共) and followed by its organisation:
# 柳湾乡妇联…, 中共槐岭镇委员会, 淠滨街道办事处. Inside running text a 镇/乡 is too often
# a common noun (组织县乡…, 乡镇妇代会在镇…) to be trusted.
_TOWNSHIP_IN_TITLE = re.compile(
    r"(?:^|\n)[ \t\u3000]*(?:中共)?(?!乡镇|全镇|全乡|本镇|本乡|各)([\u4e00-\u9fff]{1,4}?(?:街道|镇|乡))"
    r"(?=人民政府|人民代表大会|人大|办事处|妇女联合会|妇联|党委|委员会|[\u4e00-\u9fff]{1,4}村)")
_YEAR_IN_TEXT = re.compile(r"(19[4-9]\d|20[0-9]\d)\s*年")

PathLike = Union[str, os.PathLike]


@dataclass(frozen=True)
class InputError:
    """A path that yields no report, reported as a row of the ``errors`` table."""

    path: str
    code: str
    message: str

    @classmethod
    def from_exception(cls, exc: errors.ReportError) -> "InputError":
        return cls(exc.path, exc.code, exc.message)

    @classmethod
    def of(cls, key: str, path: str, **fields) -> "InputError":
        """The row of errors.MESSAGES entry ``key`` for ``path``."""
        return cls(**errors.row(key, path, **fields))


def doc_id_for(path: PathLike) -> str:
    """File name without its extension and without an encoding tag before it.

    A name whose bytes are not UTF-8 (as unzip leaves names from Chinese Windows
    archives) is read as GB18030 when it decodes so, else with U+FFFD for the bad bytes:
    a doc_id is for people; the file is always re-read by its real path.
    """
    name = _readable_name(os.fsdecode(Path(path).name))
    stem = name[: -len(Path(name).suffix)] if Path(name).suffix else name
    return _ENCODING_SUFFIX.sub("", stem) or stem


def _readable_name(name: str) -> str:
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        raw = name.encode("utf-8", "surrogateescape")
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        return raw.decode("utf-8", "replace")


_ESCAPED_BYTE = re.compile(r"\\x([0-9a-f]{2})")


def display_path(path: PathLike) -> str:
    """``path`` as printable text that still names the file exactly.

    Linux file names are bytes; Python keeps undecodable ones as lone surrogates, which
    no CSV or Parquet writer can encode. Such bytes are shown as ``\\xNN`` (Python's
    backslashreplace), so the text is safe in any table and :func:`real_path` turns it
    back into the very file: nothing is re-opened by a lossy name.
    """
    text = os.fspath(path)
    if isinstance(text, bytes):
        text = os.fsdecode(text)
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def real_path(path: PathLike) -> Path:
    """The file a :func:`display_path` text names (the text itself when that exists)."""
    if isinstance(path, Path):
        return path
    text = os.fsdecode(os.fspath(path))
    if "\\x" not in text or os.path.lexists(text):
        return Path(text)
    raw = _ESCAPED_BYTE.sub(lambda m: chr(0xDC00 + int(m.group(1), 16)), text)
    try:  # lone surrogates are how Python spells the undecodable bytes of a name
        candidate = raw.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return Path(text)
    return Path(os.fsdecode(candidate)) if os.path.lexists(candidate) else Path(text)


def _safe_resolve(path: Path) -> Path:
    """``path.resolve()``, or the absolute path when a symlink loop makes that fail."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return Path(os.path.abspath(path))


def _report_files(folder: Path) -> Tuple[List[Path], List[InputError]]:
    """Report files under ``folder`` and an error for each folder that cannot be read or
    file of a document format that is not read.

    Symlinked folders are followed once: a folder already visited (a link loop, or two
    links to one folder) is not entered again, so the walk always ends.
    """
    found: List[Path] = []
    problems: List[InputError] = []
    seen: set = set()

    def unreadable(exc: OSError) -> None:
        where = display_path(exc.filename or folder)
        problems.append(InputError.of("folder_unreadable", where, reason=exc.strerror or exc))

    for root, dirs, files in os.walk(folder, onerror=unreadable, followlinks=True):
        try:
            st = os.stat(root)
            here = (st.st_dev, st.st_ino)
        except OSError:
            here = None
        if here is not None and here in seen:
            dirs[:] = []
            continue
        seen.add(here)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not _links_up(root, d))
        for name in files:
            if name.startswith("."):
                continue
            suffix = os.path.splitext(name)[1].lower()
            if suffix in REPORT_SUFFIXES:
                found.append(Path(root) / name)
            elif suffix in UNREAD_DOCUMENT_SUFFIXES:
                problems.append(_unsupported(Path(root) / name, suffix))
    return sorted(found), sorted(problems, key=lambda e: e.path)


def _links_up(root: str, name: str) -> bool:
    """Whether ``root/name`` is a symlink to ``root`` or a folder above it (``/``, ``..``):
    a loop, and one that would walk far outside the corpus before it closes."""
    full = os.path.join(root, name)
    if not os.path.islink(full):
        return False
    target, here = os.path.realpath(full), os.path.realpath(root)
    return here == target or here.startswith(target.rstrip(os.sep) + os.sep)


def _unsupported(path: Path, suffix: str) -> InputError:
    return InputError.of("unsupported_suffix", display_path(path), suffix=suffix)


def iter_inputs(paths: Iterable[PathLike]) -> Iterator[Union[Path, InputError]]:
    """Report files under ``paths`` in a stable order; an ``InputError`` for each bad path.

    Folders are searched recursively for report files (hidden files and folders skipped);
    other files in them (manifests, notes, gold JSON) are passed over. A file named
    directly is always tried.
    """
    for raw in paths:
        path = Path(os.fsdecode(raw)) if isinstance(raw, bytes) else Path(raw)
        if path.is_dir():
            found, problems = _report_files(path)
            yield from problems
            if not found and not problems:
                yield InputError.of("no_reports", display_path(path), suffixes=", ".join(REPORT_SUFFIXES))
            yield from found
        elif path.is_file():
            yield path
        elif os.path.islink(path):
            yield InputError.of("dangling_link", display_path(path))
        else:
            yield InputError.of("no_such_path", display_path(path))


Planned = Tuple[Union[Path, InputError], Optional[str]]


def plan_inputs(paths: Iterable[PathLike]) -> List[Planned]:
    """(input, doc_id) pairs in a stable order, doc_ids unique by construction.

    Every corpus reader (analyze, compare, audit, reuse) plans its inputs here. A name
    already taken, by an earlier file or by a real file named like a suffixed one
    (``a-2.txt`` beside two ``a.txt``), gets the next free ``-N``.
    """
    planned: List[Planned] = []
    used: set = set()
    counts: Dict[str, int] = {}
    for item in iter_inputs(paths):
        if isinstance(item, InputError):
            planned.append((item, None))
            continue
        base = doc_id_for(item)
        doc_id, n = base, counts.get(base, 1)
        while doc_id in used:
            n += 1
            doc_id = f"{base}-{n}"
        counts[base] = n
        used.add(doc_id)
        planned.append((item, doc_id))
    return planned


def read_or_error(item: Union[Path, InputError], *, doc_id: Optional[str] = None) -> Union[Report, InputError]:
    """``read_report`` for batch work: every way a file can fail to read becomes an InputError
    (a row of the ``errors`` table), so one bad file never ends a batch."""
    if isinstance(item, InputError):
        return item
    try:
        return read_report(item, doc_id=doc_id)
    except errors.ReportError as exc:
        return InputError.from_exception(exc)
    except (OSError, MemoryError, RecursionError, ValueError, LookupError) as exc:
        return InputError.of("read_failed", display_path(item), kind=type(exc).__name__, exc=exc)


def read_report(path: PathLike, *, doc_id: Optional[str] = None) -> Report:
    """Read one file into a Report, with metadata from a manifest or the text.

    Raises a :class:`~reportnlp.errors.ReportError` (a coded message naming the problem
    and what to do) for anything that is not a readable report.
    """
    path = real_path(path)
    shown = display_path(path)
    suffix = path.suffix.lower()
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise errors.new("cannot_open", path=shown, reason=exc.strerror) from exc
    if path.is_dir():
        raise errors.new("folder_as_file", path=shown)
    if size == 0:
        raise errors.new("empty_file", path=shown)
    if size > MAX_FILE_BYTES:
        raise errors.new("too_large", path=shown, size_mib=size / 2**20, limit_mib=MAX_FILE_BYTES // 2**20)
    try:
        text, encoding = _read_text(path, suffix, shown)
    except OSError as exc:
        raise errors.new("unreadable_file", path=shown, reason=exc.strerror or exc) from exc
    if not text.strip():
        raise errors.new("blank_text", path=shown)
    meta = metadata_for(path, text)
    return Report(doc_id=doc_id or doc_id_for(path), text=text, path=shown,
                  encoding=encoding, meta=meta)


def _read_text(path: Path, suffix: str, shown: str) -> Tuple[str, str]:
    if suffix == ".docx":
        return read_docx(path), "docx"
    if suffix == ".pdf":
        return read_pdf(path), "pdf"
    if suffix in (".html", ".htm"):
        decoded, encoding = decode_bytes(path.read_bytes(), path=shown, html=True)
        return html_to_text(decoded), encoding
    if suffix in TEXT_SUFFIXES or suffix == "" or _ENCODING_SUFFIX.search(path.stem + suffix):
        return decode_bytes(path.read_bytes(), path=shown)
    raise errors.new("unsupported_suffix", path=shown, suffix=suffix)


# --- text encodings -------------------------------------------------------------

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_HTML_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_-]+)""", re.I)


def decode_bytes(raw: bytes, *, path: str = "", html: bool = False) -> Tuple[str, str]:
    """Decode report bytes without being told the encoding; returns (text, encoding).

    Order: a BOM; UTF-16 without BOM (NULs in alternate bytes); strict UTF-8 (a
    character cut off at the very end is dropped: a truncated download); UTF-8 with
    some GB18030 lines (files pasted together from two sources); the charset an HTML
    page declares; strict GB18030 (a superset of GBK/GB2312); then charset-normalizer's
    guess. Whatever decodes must also read as text, or the file is refused as binary.
    """
    if not raw:
        raise errors.new("empty_file", path=path)
    text, encoding = _decode(raw, path, html)
    if not _looks_like_text(text[:65536]):
        raise errors.new("binary_control", path=path, encoding=encoding)
    return text, encoding


def _decode(raw: bytes, path: str, html: bool) -> Tuple[str, str]:
    for bom, name in _BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(name), name.replace("-sig", "")
            except UnicodeDecodeError as exc:
                raise errors.new("bad_bom", path=path, bom=name, reason=exc.reason, byte=exc.start) from exc
    utf16 = _guess_utf16(raw)
    if utf16:
        try:
            return raw.decode(utf16), utf16
        except UnicodeDecodeError:
            pass
    # A stray NUL (a bad copy or a save that went wrong) does not make a report binary;
    # more than a few NULs in the first 8 kB that are not UTF-16 do.
    if raw[:8192].count(b"\x00") > 8:
        raise errors.new("binary_nul", path=path)
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        if exc.start >= len(raw) - 3 and exc.reason == "unexpected end of data":
            return raw[: exc.start].decode("utf-8"), "utf-8"
    mixed = _decode_mixed(raw)
    if mixed is not None:
        return mixed, "utf-8+gb18030"
    if html:
        declared = _HTML_CHARSET.search(raw[:4096])
        if declared:
            name = declared.group(1).decode("ascii").lower()
            try:
                return raw.decode(name), name
            except (LookupError, UnicodeDecodeError):
                pass
    gb = _decode_gb18030(raw)
    if gb is not None:
        if not _many_private_use(gb):
            return gb, "gb18030"
        try:  # Big5 bytes also decode as GB18030, but into private-use code points
            big5 = raw.decode("big5")
            if not _many_private_use(big5):
                return big5, "big5"
        except UnicodeDecodeError:
            pass
    from charset_normalizer import from_bytes

    best = from_bytes(raw[: 4 * 2**20]).best()
    western = _western_single_byte(raw, best.encoding if best is not None else None)
    if western is not None:
        return western
    if best is not None and best.encoding:
        try:
            text = raw.decode(best.encoding)
        except (LookupError, UnicodeDecodeError):
            text = ""
        if _looks_like_text(text[:65536]) and _looks_like_text_cjk(text[:65536]):
            return text, best.encoding
    if gb is not None:
        return gb, "gb18030"
    raise errors.new("undecodable", path=path)


# Single-byte code pages for Latin script that a charset guesser tells apart only by
# letter statistics, which short texts do not have (Latin-1 is guessed as cp1250).
_WESTERN_GUESSES = re.compile(r"^(?:cp125[02478]|windows_125[02478]|iso_?8859_(?:[1-49]|1[03-6])|"
                              r"latin_?[1-9]|mac_(?:roman|latin2|iceland)|cp850|cp437|cp858)$")


def _western_single_byte(raw: bytes, guess: Optional[str]) -> Optional[Tuple[str, str]]:
    """A file that no Chinese encoding fits and that a guesser takes for a Latin-script
    code page is decoded as Western European: cp1252 (what Windows writes, a superset of
    Latin-1's printable characters) when it uses cp1252's extra characters, else Latin-1.
    The ``encoding`` column says so; the guesser's cp1250/iso-8859-2 would turn é into é's
    Central European neighbours without a word."""
    if guess is None or not _WESTERN_GUESSES.match(guess.lower().replace("-", "_")):
        return None
    if re.search(rb"[\x80-\x9f]", raw):
        try:
            return raw.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            pass
    return raw.decode("latin-1"), "latin-1"


def _decode_gb18030(raw: bytes) -> Optional[str]:
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError as exc:
        if exc.start >= len(raw) - 3:  # truncated in the last character
            try:
                return raw[: exc.start].decode("gb18030")
            except UnicodeDecodeError:
                pass
    return None


_PRIVATE_USE = re.compile(r"[\ue000-\uf8ff]")


def _many_private_use(text: str) -> bool:
    sample = text[:65536]
    return len(_PRIVATE_USE.findall(sample)) > max(2, len(sample) // 1000)


_NON_ASCII = re.compile(rb"[\x80-\xff]")


def _decode_mixed(raw: bytes) -> Optional[str]:
    """UTF-8 text with some GB18030 lines, decoded line by line; None when it is not that.

    A GB18030 line almost never happens to be valid UTF-8, so a file in which some
    non-ASCII lines are valid UTF-8 and the others valid GB18030 is a mixture.
    """
    lines = raw.split(b"\n")
    decoded: List[str] = []
    utf8_lines = gb_lines = 0
    for line in lines:
        try:
            decoded.append(line.decode("utf-8"))
            if _NON_ASCII.search(line):
                utf8_lines += 1
            continue
        except UnicodeDecodeError:
            pass
        try:
            decoded.append(line.decode("gb18030"))
            gb_lines += 1
        except UnicodeDecodeError:
            return None
    if utf8_lines == 0 or gb_lines == 0:
        return None
    return "\n".join(decoded)


def _guess_utf16(raw: bytes) -> Optional[str]:
    sample = raw[:4096]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) / 2
    # Chinese UTF-16 has few NULs; ASCII-heavy UTF-16 has many, all on one side.
    if odd > 0.3 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.3 * half and odd < 0.05 * half:
        return "utf-16-be"
    if b"\x00" not in sample:
        return None
    for name in ("utf-16-le", "utf-16-be"):
        try:
            text = sample[: len(sample) // 2 * 2].decode(name)
        except UnicodeDecodeError:
            continue
        # Read the wrong way round, Chinese UTF-16 turns into scattered scripts.
        cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
        if cjk > 0.3 * len(text) and len(_CJK_OR_ASCII.findall(text)) > 0.9 * len(text):
            return name
    return None


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]")


def _looks_like_text(text: str) -> bool:
    if not text:
        return True
    return len(_CONTROL.findall(text)) / len(text) < 0.01


_CJK_OR_ASCII = re.compile(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef\x20-\x7e\s]")


def _looks_like_text_cjk(text: str) -> bool:
    """A charset guess is only trusted when it gives mostly Chinese or plain ASCII."""
    if not text:
        return False
    return len(_CJK_OR_ASCII.findall(text)) / len(text) > 0.8


# --- other formats -----------------------------------------------------------------


def _check_zip(path: Path) -> None:
    """Refuse a .docx that is not a zip, or whose parts would unpack to far too much."""
    shown = display_path(path)
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise errors.new("docx_bad_zip", path=shown, exc=exc) from exc
    if len(infos) > MAX_ZIP_ENTRIES:
        raise errors.new("docx_many_parts", path=shown, parts=len(infos))
    unpacked = sum(i.file_size for i in infos)
    packed = max(1, sum(i.compress_size for i in infos))
    biggest_xml = max((i.file_size for i in infos if i.filename.endswith((".xml", ".rels"))), default=0)
    if (unpacked > MAX_UNZIPPED_BYTES or biggest_xml > MAX_XML_PART_BYTES
            or (unpacked / packed > MAX_ZIP_RATIO and unpacked > 16 * 2**20)):
        raise errors.new("docx_unpacks_big", path=shown, unpacked_mib=unpacked / 2**20, packed_mib=packed / 2**20)
    _check_unpacked_sizes(path, shown)


def _check_unpacked_sizes(path: Path, shown: str) -> None:
    """Unpack every part in small pieces and count what really comes out.

    A zip's directory can lie about sizes; python-docx trusts it and would inflate a
    part in one call, so memory is only bounded once the real sizes are known. zipfile
    stops at the declared size and then fails the CRC check, so a part that is bigger
    than it says is refused here too.
    """
    total = 0
    try:
        with zipfile.ZipFile(path) as zf:
            for info in zf.infolist():
                part = 0
                with zf.open(info) as member:
                    while True:
                        piece = member.read(1 << 20)
                        if not piece:
                            break
                        part += len(piece)
                        total += len(piece)
                        if part > MAX_XML_PART_BYTES or total > MAX_UNZIPPED_BYTES:
                            raise errors.new("docx_part_big", path=shown, part=info.filename,
                                             limit_mib=min(MAX_XML_PART_BYTES, MAX_UNZIPPED_BYTES) // 2**20)
    except errors.ReportError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, RuntimeError) as exc:
        raise errors.new("docx_part_lies", path=shown, exc=exc) from exc
    except Exception as exc:  # zlib.error, NotImplementedError (an unknown compression)
        raise errors.new("docx_unpack_failed", path=shown, kind=type(exc).__name__, exc=exc) from exc


def read_docx(path: Path) -> str:
    """Text of a .docx, one paragraph or table row a line, in the order of the body;
    a row's cells are separated by tabs."""
    _check_zip(path)
    import docx  # python-docx

    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(str(path))
        lines: List[str] = []
        # Paragraphs and tables in body order: a table between 一 and 二 belongs to 一.
        for child in document.element.body.iterchildren():
            if child.tag == qn("w:p"):
                lines.append(Paragraph(child, document).text)
            elif child.tag == qn("w:tbl"):
                for row in Table(child, document).rows:
                    lines.append("\t".join(cell.text for cell in row.cells))
    except Exception as exc:  # python-docx and lxml raise many kinds on corrupt parts
        raise errors.new("docx_parser", path=display_path(path), kind=type(exc).__name__, exc=exc) from exc
    return "\n".join(lines)


def read_pdf(path: Path) -> str:
    """Text layer of a PDF, pages joined by newlines."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted and not reader.decrypt(""):
            raise errors.new("pdf_password", path=display_path(path))
        pages = [page.extract_text() or "" for page in reader.pages]
    except errors.ReportError:
        raise
    except Exception as exc:  # pypdf raises many kinds on broken files
        raise errors.new("pdf_parser", path=display_path(path), kind=type(exc).__name__, exc=exc) from exc
    text = "\n".join(pages)
    if not text.strip():
        raise errors.new("pdf_no_text", path=display_path(path))
    return text


_BLOCK_TAGS = frozenset({"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section",
                         "article", "table"})
_CELL_TAGS = frozenset({"td", "th"})
_HIDDEN_TAGS = frozenset({"head", "title", "noscript"})   # parsed, their text dropped
_RAW_TEXT_TAGS = frozenset({"script", "style"})          # not parsed: skipped to their end tag
# A tag must close before the next "<": each "<" is then looked at once, and no page,
# however broken (a megabyte of "<a" or "<!--"), makes the parse quadratic.
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:_-]*)[^<>]*>")
_RAW_END = {tag: re.compile(rf"</{tag}\s*>", re.I) for tag in _RAW_TEXT_TAGS}


def _html_pieces(markup: str) -> Iterator[str]:
    """Visible text and line/cell breaks of an HTML page, in one pass (linear time).

    Like a browser: comments, declarations and processing instructions are dropped (an
    unclosed one hides the rest of the page), script and style are skipped whole,
    entities are unescaped, and a "<" that starts no tag is text.
    """
    from html import unescape

    hidden, pos, size = 0, 0, len(markup)
    while pos < size:
        lt = markup.find("<", pos)
        if lt < 0:
            lt = size
        if lt > pos and not hidden:
            yield unescape(markup[pos:lt])
        if lt >= size:
            break
        if markup.startswith("<!--", lt):
            end = markup.find("-->", lt + 4)
            pos = size if end < 0 else end + 3
            continue
        if markup.startswith(("<!", "<?"), lt):
            end = markup.find(">", lt + 2)
            pos = size if end < 0 else end + 1
            continue
        tag = _TAG.match(markup, lt)
        if tag is None:  # a bare "<" (a < b, 2<3): text
            if not hidden:
                yield "<"
            pos = lt + 1
            continue
        closing, name = tag.group(1) == "/", tag.group(2).lower()
        pos = tag.end()
        if name in _RAW_TEXT_TAGS and not closing:
            end = _RAW_END[name].search(markup, pos)
            pos = size if end is None else end.end()
        elif name in _HIDDEN_TAGS:
            hidden = max(0, hidden - 1) if closing else hidden + 1
        elif name in _BLOCK_TAGS:
            yield "\n"
        elif name in _CELL_TAGS and not closing:
            yield "\t"


def html_to_text(markup: str) -> str:
    """Visible text of an HTML page, one block a line (table cells separated by a tab),
    blank runs collapsed."""
    lines = [line.strip() for line in "".join(_html_pieces(markup)).splitlines()]
    return "\n".join(line for line in lines if line)


# --- metadata ---------------------------------------------------------------------

META_COLUMNS = ("title", "year", "region", "township", "organisation")


@lru_cache(maxsize=256)
def _load_manifest(manifest: Path) -> Dict[str, Dict[str, str]]:
    rows: Dict[str, Dict[str, str]] = {}
    try:
        text, _ = decode_bytes(manifest.read_bytes(), path=str(manifest))
    except (errors.ReportError, OSError):
        return rows
    reader = csv.DictReader(text.splitlines())
    key = next((c for c in (reader.fieldnames or []) if c.lower() in ("file", "filename", "path", "doc_id")), None)
    if key is None:
        return rows
    for row in reader:
        name = (row.get(key) or "").strip()
        if name:
            clean = {k.strip(): (v or "").strip() for k, v in row.items() if k and k != key}
            rows[name] = clean
            rows.setdefault(Path(name).name, clean)
    return rows


@lru_cache(maxsize=256)
def _manifest_header(manifest: Path) -> Tuple[str, ...]:
    try:
        text, _ = decode_bytes(manifest.read_bytes()[:65536], path=str(manifest))
    except (errors.ReportError, OSError):
        return ()
    first = next(csv.reader(text.splitlines()[:1]), [])
    names = [c.strip() for c in first if c and c.strip()]
    key = next((c for c in names if c.lower() in ("file", "filename", "path", "doc_id")), None)
    return tuple(c for c in names if key is not None and c != key)


def manifest_columns(paths: Iterable[PathLike]) -> List[str]:
    """Every manifest column that ``metadata_for`` may add for these files, in first-seen order.

    Lets a streaming run fix the documents table's columns before reading any report.
    """
    columns: Dict[str, None] = {}
    folders = {_safe_resolve(Path(p)).parent for p in paths}
    seen: set = set()
    for folder in sorted(folders):
        for parent in [folder, *folder.parents][:4]:
            if parent in seen:
                continue
            seen.add(parent)
            for name in MANIFEST_NAMES:
                if (parent / name).is_file():
                    columns.update(dict.fromkeys(_manifest_header(parent / name)))
    return list(columns)


def manifest_row(path: Path) -> Mapping[str, str]:
    """The manifest row for ``path``: from the nearest manifest.csv in its folder or above."""
    path = _safe_resolve(path)
    for folder in list(path.parents)[:4]:
        for name in MANIFEST_NAMES:
            manifest = folder / name
            if manifest.is_file():
                rows = _load_manifest(manifest)
                rel = path.relative_to(folder).as_posix()
                row = rows.get(rel) or rows.get(path.name)
                if row is not None:
                    return row
    return {}


def metadata_before_reading(path: Path) -> Dict[str, object]:
    """What ``metadata_for`` will say without reading the file: the manifest row's values and
    a year in the file name. Columns that would be guessed from the text are left out."""
    row = manifest_row(path)
    meta: Dict[str, object] = {k: v for k, v in row.items() if v}
    if "township" in row:
        meta["township"] = row["township"]
    if not meta.get("region") and (row.get("province") or row.get("county")):
        meta["region"] = row.get("province") or row.get("county")
    if not meta.get("year"):
        match = _YEAR_IN_NAME.search(Path(path).name)
        if match:
            meta["year"] = int(match.group(1))
    return meta


def metadata_for(path: Path, text: str, row: Optional[Mapping[str, object]] = None) -> Dict[str, object]:
    """Manifest columns first; year, title, township and organisation guessed from the text;
    delivered, level, place, parent and year_warning from docmeta.document_meta.

    ``row`` stands for the manifest row when the text has no file (``analyze_text``).
    """
    row = dict(manifest_row(path) if row is None else row)
    meta: Dict[str, object] = dict(row)
    if not meta.get("region"):
        meta["region"] = row.get("province") or row.get("county") or ""
    title, _ = docmeta.report_title(text)
    year_source = "manifest" if meta.get("year") else ""
    if not meta.get("year"):
        match = _YEAR_IN_NAME.search(path.name)
        year_source = "file name" if match else "text"
        match = match or _YEAR_IN_TEXT.search(text[:400])
        meta["year"] = match.group(1) if match else ""
    if "township" not in row:  # a manifest that leaves it empty means there is none
        lines = [line for line in text[:400].splitlines() if line.strip()][:3]
        titles = "\n".join(line for line in lines if "。" not in line)  # not a body sentence
        match = _TOWNSHIP_IN_TITLE.search(titles)
        meta["township"] = match.group(1) if match else ""
    if not meta.get("organisation"):
        meta["organisation"] = _organisation_of(title) or _organisation_of(_title_of(text))
    year = meta.get("year")
    meta["year"] = int(year) if isinstance(year, str) and year.isdigit() else (year if isinstance(year, int) else None)
    meta.update(docmeta.document_meta(text, meta, year_source))
    meta["genre"] = genre_of(text, meta)  # a manifest's genre column wins inside genre_of
    return meta


def _title_of(text: str) -> str:
    for line in text.splitlines():
        line = line.strip().strip("#").strip()
        if line:
            return line[:80]
    return ""


_ORG = re.compile(r"^(.{2,30}?(?:人民政府|办事处|妇女联合会|妇联|委员会|党委|村委会|人大常委会|政府))")


def _organisation_of(title: str) -> str:
    match = _ORG.match(title)
    return match.group(1) if match else ""
