"""Tables for other programs: Stata .dta, R (Parquet + a read script), Excel-safe CSV.

``export(analysis, out, fmt=...)`` writes one file per table of ``pipeline.TABLES``:

- ``stata``: NAME.dta (format 118, Stata 14 or newer, UTF-8). Variable names are made
  valid (letters, digits, _; at most 32 characters; not a reserved word such as ``end``,
  which becomes ``end_``), each variable is labelled with its column's description,
  nullable integers and booleans become numbers with Stata missing values, text longer
  than 2,045 bytes is stored as strL, and ``renamed.csv`` lists every renamed column.
- ``r``: NAME.parquet and ``read_tables.R``, which reads them with the arrow package
  (column types kept: integers, logicals, text).
- ``csv``: NAME.csv in UTF-8 with a byte-order mark, so Excel on Chinese Windows opens it
  without mojibake; R (readr), Stata (``import delimited``) and pandas read it too.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Dict, Iterable, List, Mapping, Union

import pandas as pd

from .writer import write_csv

FORMATS = ("stata", "r", "csv")
# Stata's reserved names (Stata manual, [U] 11.3): no variable may be called one of these.
STATA_RESERVED = frozenset("""
_all _b _coef _cons _n _N _pi _pred _rc _se _skip aggregate array boolean break byte case catch
class colvector complex const continue default delegate delete do double else eltypedecl end enum
explicit export external float for friend function global goto if in inline int local long NULL
pragma protected quad rowvector short strL typedef typename using virtual with
""".split())
STATA_NAME_CHARS = 32
STATA_LABEL_CHARS = 80
STATA_STR_BYTES = 2045  # longer text needs strL
_NOT_NAME = re.compile(r"[^0-9A-Za-z_\u00c0-\U0010ffff]")


def stata_names(columns: Iterable[str]) -> Dict[str, str]:
    """Column -> a valid, unique Stata variable name (unchanged when already valid)."""
    names: Dict[str, str] = {}
    taken = set()
    for column in columns:
        name = _NOT_NAME.sub("_", str(column)) or "v"
        if name[0].isdigit():
            name = "v" + name
        if name in STATA_RESERVED or name.startswith("str") and name[3:].isdigit():
            name += "_"
        name = name[:STATA_NAME_CHARS]
        base, n = name, 1
        while name in taken:
            n += 1
            suffix = f"_{n}"
            name = base[: STATA_NAME_CHARS - len(suffix)] + suffix
        taken.add(name)
        names[column] = name
    return names


def stata_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with types Stata can hold: numbers (missing allowed) and text (never missing)."""
    out = {}
    for column in frame.columns:
        values = frame[column]
        if pd.api.types.is_bool_dtype(values.dtype):
            numeric = values.astype("Int8")
            out[column] = numeric.astype("float64") if numeric.isna().any() else numeric.astype("int8")
        elif pd.api.types.is_integer_dtype(values.dtype):
            as_float = values.astype("Float64")
            fits = values.dropna().between(-2_147_483_647, 2_147_483_620).all()
            if values.isna().any() or not fits:
                out[column] = as_float.astype("float64")
            else:
                out[column] = values.astype("int32")
        elif pd.api.types.is_float_dtype(values.dtype):
            out[column] = values.astype("float64")
        else:
            out[column] = values.map(lambda v: "" if v is None or v is pd.NA or v != v else str(v)).astype(object)
    return pd.DataFrame(out, index=frame.index)


def write_stata(frame: pd.DataFrame, path: Path, labels: Mapping[str, str]) -> Dict[str, str]:
    """One table as a .dta file; returns the renamed columns (old -> new)."""
    names = stata_names(frame.columns)
    data = stata_frame(frame).rename(columns=names)
    long_text = [names[c] for c in frame.columns
                 if data[names[c]].dtype == object
                 and max(map(lambda v: len(v.encode("utf-8")), data[names[c]]), default=0) > STATA_STR_BYTES]
    variable_labels = {names[c]: str(labels.get(c, c))[:STATA_LABEL_CHARS] for c in frame.columns}
    tmp = path.with_name(f".{path.name}.tmp")
    data.to_stata(tmp, write_index=False, version=118, variable_labels=variable_labels,
                  convert_strl=long_text)
    tmp.replace(path)
    return {old: new for old, new in names.items() if old != new}


R_SCRIPT = """# Read the reportnlp tables in this folder into R data frames (needs the arrow package:
# install.packages("arrow")). Run with this folder as the working directory, or set `dir`.
library(arrow)
dir <- "."
{reads}
"""


def export(analysis, out: Union[str, Path], *, fmt: str = "stata") -> List[Path]:
    """Write every table of ``analysis`` to ``out`` for Stata, R or Excel; returns the files."""
    from .tabledocs import column_descriptions

    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written: List[Path] = []
    renamed_rows = []
    for name, frame in analysis.tables().items():
        if fmt == "stata":
            labels = column_descriptions(name, short=True)
            renamed = write_stata(frame, out / f"{name}.dta", labels)
            renamed_rows += [{"table": name, "column": old, "stata_name": new} for old, new in renamed.items()]
            written.append(out / f"{name}.dta")
        elif fmt == "r":
            target = out / f"{name}.parquet"
            tmp = target.with_name(f".{target.name}.tmp")
            frame.to_parquet(tmp, index=False)
            tmp.replace(target)
            written.append(target)
        else:
            written.append(write_csv(frame, out / f"{name}.csv"))  # writer.write_csv: safe for spreadsheets
    if fmt == "stata":
        written.append(write_csv(pd.DataFrame(renamed_rows, columns=["table", "column", "stata_name"]),
                                 out / "renamed.csv"))
    if fmt == "r":
        reads = "\n".join(f'{name} <- read_parquet(file.path(dir, "{name}.parquet"))'
                          for name in analysis.tables())
        script = out / "read_tables.R"
        script.write_text(R_SCRIPT.format(reads=reads), encoding="utf-8")
        written.append(script)
    return written
