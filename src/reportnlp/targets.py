"""Targets against results and against the level above: attainment, amplification, panels.

    >>> a = reportnlp.analyze(["reports/"])
    >>> from reportnlp import targets
    >>> targets.attainment(a)           # each place's target for a year vs the result reported for it
    >>> targets.coverage(_)             # place-years with both, with a target only, a result only
    >>> targets.amplification(a)        # each place's target vs its parent's (层层加码)

Everything is built from the ``headline`` table (one row per headline statement, with its
indicator id, kind target|result, period, value, value_high, qualifier, unit, measure)
and the ``documents`` table (``place``, ``level``, ``parent``, ``year``). A place is the
jurisdiction a report speaks for (documents.place: 中国, 湖南省, 长沙市, 桑溪镇).

One figure per place, year and indicator
    A report states its targets more than once (the target list, then a work section) and
    a corpus may hold two copies of one report. The figure kept for a place-year is the one
    most statements give (the first of them on a tie), from the report whose year is the
    plan year for a target, and from the next year's report for a result (then the same
    year's, for a December report, then any later one, e.g. a five-year review).

Whether a target was met (``met``, ``margin``)
    The direction of the indicator comes from ``lexicons/indicators.tsv``: ``higher`` (more
    is better: growth), ``lower`` (less is better: PM2.5) or ``ceiling`` (at or below the
    target is met: CPI, unemployment). A target with 以内/不超过 (qualifier ``at_most``) is a
    ceiling whatever the indicator. The reference is the target, the low end of a range for
    more-is-better indicators and its high end otherwise. ``margin`` is how far the result
    beat the reference in the indicator's good direction (negative: missed). A target with
    左右 (``approx``) counts as met within ``APPROX_POINTS`` (0.5) percentage points of the
    reference for % figures; other units have no tolerance. ``met`` is empty when either
    side is missing or no number was stated (``none_stated``).

Amplification (层层加码)
    A place's target against its parent's target for the same year and indicator: ``gap`` =
    target − parent_target. Ranges are compared at their midpoint. Places whose parent set no
    target in the corpus (and the national level) keep their row with an empty gap, so the
    table also gives the mean target of each level (:func:`level_means`).
"""
from __future__ import annotations

from functools import lru_cache
from typing import Dict, Mapping, Optional

import numpy as np
import pandas as pd

ATTAINMENT_COLUMNS = ["indicator", "group", "period", "target", "target_high", "qualifier", "result",
                      "met", "margin", "target_doc", "result_doc"]
AMPLIFICATION_COLUMNS = ["indicator", "period", "group", "level", "target", "parent", "parent_target", "gap"]
COVERAGE_COLUMNS = ["indicator", "place_years", "both", "target_only", "result_only", "met", "not_met"]
LEVEL_ORDER = ("national", "province", "city", "county", "township", "village")
APPROX_POINTS = 0.5
_INDEX_UNITS = ("上年=100", "指数")
_DEFAULT_DIRECTIONS = {"cpi": "ceiling", "unemployment": "ceiling"}


@lru_cache(maxsize=1)
def directions() -> Dict[str, str]:
    """indicator id -> higher | lower | ceiling, from ``lexicons/indicators.tsv`` (first row of an id)."""
    from .lexicon import LEXICON_DIR, read_rows

    found = dict(_DEFAULT_DIRECTIONS)
    if (LEXICON_DIR / "indicators.tsv").is_file():
        seen = set()
        for row in read_rows("indicators.tsv"):
            if len(row) >= 4 and row[0] not in seen:
                seen.add(row[0])
                found[row[0]] = row[3]
    return found


# --- inputs ---------------------------------------------------------------------------------


def _frame(data, name: str) -> Optional[pd.DataFrame]:
    if isinstance(data, Mapping):
        return data.get(name)
    return getattr(data, name, None)


def places(documents: pd.DataFrame) -> pd.DataFrame:
    """doc_id -> place, level, parent, year for every analysed document.

    Tables written before documents had ``place`` fall back on the township, else the last
    part of ``region`` (广东省/广州市 → 广州市).
    """
    if "status" in documents.columns:
        documents = documents[documents["status"].fillna("ok") == "ok"]
    out = pd.DataFrame({"doc_id": documents["doc_id"].to_numpy()})

    def column(name: str) -> pd.Series:
        if name in documents.columns:
            return documents[name].fillna("").astype(str).str.strip().reset_index(drop=True)
        return pd.Series([""] * len(documents), dtype=object)

    place = column("place")
    fallback = column("township").where(column("township") != "", column("region").str.split("/").str[-1])
    out["place"] = place.where(place != "", fallback).fillna("")
    out["level"] = column("level")
    out["parent"] = column("parent")
    out["year"] = pd.to_numeric(documents["year"], errors="coerce").reset_index(drop=True) \
        if "year" in documents.columns else np.nan
    return out


def statements(data, *, headline: Optional[pd.DataFrame] = None,
               documents: Optional[pd.DataFrame] = None) -> pd.DataFrame:
    """Headline statements with their document's place, level, parent and year; index figures
    (居民消费价格指数 102.6, 上年=100) turned into % changes so that they meet targets in %."""
    headline = _frame(data, "headline") if headline is None else headline
    documents = _frame(data, "documents") if documents is None else documents
    columns = ["doc_id", "indicator", "kind", "period", "value", "value_high", "qualifier", "unit", "measure",
               "start", "place", "level", "parent", "year"]
    if headline is None or documents is None or headline.empty or documents.empty:
        return pd.DataFrame(columns=columns)
    rows = headline.merge(places(documents), on="doc_id", how="inner")
    rows = rows[rows["place"] != ""].copy()
    rows["period"] = pd.to_numeric(rows["period"].astype(str).str.extract(r"^(\d{4})$")[0], errors="coerce")
    rows = rows[rows["period"].notna()].copy()
    rows["period"] = rows["period"].astype(int)
    for name in ("value", "value_high", "start"):
        rows[name] = pd.to_numeric(rows.get(name), errors="coerce")
    for name in ("qualifier", "unit", "measure"):
        rows[name] = rows[name].fillna("").astype(str) if name in rows.columns else ""
    index = rows["unit"].str.contains("|".join(_INDEX_UNITS), regex=True) & (rows["value"] > 50)
    rows.loc[index, "value"] = rows.loc[index, "value"] - 100
    rows.loc[index, "value_high"] = rows.loc[index, "value_high"] - 100
    rows.loc[index, "unit"] = "%"
    # a "no target set" row has no number and so no unit: give it the indicator's usual unit,
    # so that it meets the result of its year (national 2020: none stated, result 2.3%)
    unitless = rows["unit"] == ""
    if unitless.any():
        usual = rows[~unitless].groupby("indicator")["unit"].agg(lambda units: units.mode().iloc[0])
        rows.loc[unitless, "unit"] = rows.loc[unitless, "indicator"].map(usual).fillna("")
    return rows[columns].reset_index(drop=True)


# --- one figure per place, year and indicator ---------------------------------------------

_KEY = ["indicator", "measure", "unit", "place", "period"]


def _rank_source(rows: pd.DataFrame, kind: str) -> pd.Series:
    """How well a report's year fits the statement's period (lower is better)."""
    lag = rows["year"] - rows["period"]
    if kind == "target":  # the plan year's own report, then an earlier report planning ahead
        return np.where(lag == 0, 0, np.where(lag < 0, 1 + lag.abs(), 10 + lag.abs()))
    # a result: the next year's report, then the same year's (December), then later reviews
    return np.where(lag == 1, 0, np.where(lag == 0, 1, np.where(lag > 1, 1 + lag, 50 + lag.abs())))


def figures(rows: pd.DataFrame, kind: str) -> pd.DataFrame:
    """One row per (indicator, measure, unit, place, period) for ``kind`` target|result.

    A ``none_stated`` statement counts only when the place-year has no number stated."""
    part = rows[rows["kind"] == kind].copy()
    if part.empty:
        return part.assign(rank=pd.Series(dtype=float))
    part["rank"] = _rank_source(part, kind).astype(float)
    part["rank"] += np.where(part["value"].isna(), 1000, 0)  # a number beats "none stated"
    part = part.sort_values(["rank", "doc_id", "start"], kind="stable")
    best = part.groupby(_KEY, sort=False)["rank"].transform("min")
    part = part[part["rank"] == best].copy()
    # within the best-ranked reports: the figure most statements give, the first on a tie
    part["_value"] = part["value"].round(6).fillna(-1e18)
    part["_high"] = part["value_high"].round(6).fillna(-1e18)
    part["_votes"] = part.groupby(_KEY + ["_value", "_high", "qualifier"], sort=False)["rank"].transform("size")
    part["_order"] = np.arange(len(part))
    part = part.sort_values(["_votes", "_order"], ascending=[False, True], kind="stable")
    chosen = part.drop_duplicates(_KEY).sort_values("_order")
    return chosen.drop(columns=["_value", "_high", "_votes", "_order"]).reset_index(drop=True)


# --- attainment -------------------------------------------------------------------------------


def _sense(indicator: str, qualifier: str, direction_of: Mapping[str, str]) -> int:
    """+1 when more is better, -1 when less is (lower, ceiling, or a target written 以内)."""
    direction = direction_of.get(indicator, "higher")
    if direction in ("lower", "ceiling") or qualifier == "at_most":
        return -1
    return 1


def judge(indicator: str, qualifier: str, target: float, target_high: float, result: float, unit: str,
          direction_of: Optional[Mapping[str, str]] = None, approx_points: float = APPROX_POINTS):
    """(met, margin) of one target and result; (None, None) when undecidable."""
    direction_of = directions() if direction_of is None else direction_of
    if qualifier == "none_stated" or pd.isna(target) or pd.isna(result):
        return None, None
    sense = _sense(indicator, qualifier, direction_of)
    reference = target
    if qualifier == "range" and not pd.isna(target_high):
        reference = min(target, target_high) if sense > 0 else max(target, target_high)
    margin = round(sense * (result - reference), 6)
    tolerance = approx_points if qualifier == "approx" and unit == "%" else 0.0
    return bool(margin >= -tolerance - 1e-9), margin


def attainment(data=None, *, headline: Optional[pd.DataFrame] = None, documents: Optional[pd.DataFrame] = None,
               direction_of: Optional[Mapping[str, str]] = None, approx_points: float = APPROX_POINTS) -> pd.DataFrame:
    """Each place's target for a year against the result reported for that year.

    One row per indicator, place (``group``) and period with a target or a result:
    ``indicator, group, period, target, target_high, qualifier, result, met, margin,
    target_doc, result_doc`` plus ``unit``, ``measure`` and ``level``. ``met`` and
    ``margin`` follow the indicator's direction and the target's qualifier (module
    docstring); both are empty when a side is missing. :func:`coverage` counts the rows.
    """
    rows = statements(data, headline=headline, documents=documents)
    return _attainment(rows, direction_of, approx_points)


def _attainment(rows: pd.DataFrame, direction_of: Optional[Mapping[str, str]], approx_points: float) -> pd.DataFrame:
    if rows.empty:
        return pd.DataFrame(columns=ATTAINMENT_COLUMNS + ["unit", "measure", "level"])
    targets = figures(rows, "target").rename(columns={
        "value": "target", "value_high": "target_high", "doc_id": "target_doc", "level": "target_level"})
    results = figures(rows, "result").rename(columns={"value": "result", "doc_id": "result_doc",
                                                      "level": "result_level"})
    table = targets[_KEY + ["target", "target_high", "qualifier", "target_doc", "target_level"]].merge(
        results[_KEY + ["result", "result_doc", "result_level"]], on=_KEY, how="outer")
    direction_of = directions() if direction_of is None else direction_of
    judged = [judge(i, q if isinstance(q, str) else "", t, th, r, u, direction_of, approx_points)
              for i, q, t, th, r, u in zip(table["indicator"], table["qualifier"], table["target"],
                                           table["target_high"], table["result"], table["unit"])]
    table["met"] = pd.array([m for m, _ in judged], dtype="boolean")
    table["margin"] = pd.to_numeric(pd.Series([g for _, g in judged], index=table.index, dtype=object))
    table["level"] = table["target_level"].fillna(table["result_level"]).fillna("")
    table["qualifier"] = table["qualifier"].fillna("")
    table = table.rename(columns={"place": "group"})
    table = table.sort_values(["indicator", "measure", "group", "period"], ignore_index=True)
    return table[ATTAINMENT_COLUMNS + ["unit", "measure", "level"]]


def coverage(attainment_table: pd.DataFrame) -> pd.DataFrame:
    """Per indicator: place-years, with both a target and a result, a target only, a result
    only, and how many of the pairs met their target (``met`` / ``not_met``)."""
    if attainment_table.empty:
        return pd.DataFrame(columns=COVERAGE_COLUMNS)
    table = attainment_table
    has_target = table["target"].notna() | (table["qualifier"] == "none_stated")
    has_result = table["result"].notna()
    frame = pd.DataFrame({"indicator": table["indicator"], "both": has_target & has_result,
                          "target_only": has_target & ~has_result, "result_only": has_result & ~has_target,
                          "met": table["met"].fillna(False).astype(bool),
                          "not_met": (table["met"] == False).fillna(False).astype(bool)})  # noqa: E712
    out = frame.groupby("indicator").agg(place_years=("both", "size"), both=("both", "sum"),
                                         target_only=("target_only", "sum"), result_only=("result_only", "sum"),
                                         met=("met", "sum"), not_met=("not_met", "sum")).reset_index()
    return out[COVERAGE_COLUMNS].sort_values("place_years", ascending=False, ignore_index=True)


def coverage_lines(coverage_table: pd.DataFrame, top: int = 5) -> list:
    """Readable lines for the CLI: the indicators with most place-years first."""
    lines = []
    for row in coverage_table.head(top).itertuples():
        open_ = row.both - row.met - row.not_met  # no number set (none_stated)
        judged = f"{row.met} met, {row.not_met} missed" + (f", {open_} without a number" if open_ else "")
        lines.append(f"{row.indicator}: {row.place_years} place-years, {row.both} with target and result "
                     f"({judged}), {row.target_only} target only, {row.result_only} result only")
    return lines


# --- amplification ----------------------------------------------------------------------------


def _point(value: pd.Series, high: pd.Series) -> pd.Series:
    return value.where(high.isna(), (value + high) / 2)


def amplification(data=None, *, headline: Optional[pd.DataFrame] = None,
                  documents: Optional[pd.DataFrame] = None) -> pd.DataFrame:
    """Each place's target against its parent's for the same year and indicator.

    ``indicator, period, group, level, target, parent, parent_target, gap`` (gap = target −
    parent_target; ranges at their midpoint), plus ``unit`` and ``measure``. Every place with
    a target has a row, national ones and those whose parent is not in the corpus with an
    empty gap, so :func:`level_means` can give each level's mean target.
    """
    rows = statements(data, headline=headline, documents=documents)
    if rows.empty:
        return pd.DataFrame(columns=AMPLIFICATION_COLUMNS + ["unit", "measure"])
    targets = figures(rows, "target")
    targets = targets[targets["value"].notna()].copy()
    targets["target"] = _point(targets["value"], targets["value_high"])
    keys = ["indicator", "measure", "unit", "period"]
    mine = targets[keys + ["place", "level", "parent", "target"]]
    theirs = (targets[keys + ["place", "target"]]
              .rename(columns={"place": "parent", "target": "parent_target"})
              .drop_duplicates(keys + ["parent"]))
    table = mine.merge(theirs, on=keys + ["parent"], how="left")
    table["gap"] = (table["target"] - table["parent_target"]).round(6)
    table = table.rename(columns={"place": "group"})
    order = {level: i for i, level in enumerate(LEVEL_ORDER)}
    table["_order"] = table["level"].map(order).fillna(len(order))
    table = table.sort_values(["indicator", "measure", "period", "_order", "group"], ignore_index=True)
    return table[AMPLIFICATION_COLUMNS + ["unit", "measure"]]


def level_means(amplification_table: pd.DataFrame, indicator: Optional[str] = None) -> pd.DataFrame:
    """Mean target, mean parent target and mean gap per indicator, level and year:
    ``indicator, level, period, places, mean_target, mean_parent_target, mean_gap, with_parent``."""
    table = amplification_table
    if indicator is not None:
        table = table[table["indicator"] == indicator]
    columns = ["indicator", "level", "period", "places", "mean_target", "mean_parent_target", "mean_gap",
               "with_parent"]
    if table.empty:
        return pd.DataFrame(columns=columns)
    out = (table.groupby(["indicator", "level", "period"])
           .agg(places=("group", "nunique"), mean_target=("target", "mean"),
                mean_parent_target=("parent_target", "mean"), mean_gap=("gap", "mean"),
                with_parent=("gap", "count"))
           .reset_index())
    order = {level: i for i, level in enumerate(LEVEL_ORDER)}
    out["_order"] = out["level"].map(order).fillna(len(order))
    return out.sort_values(["indicator", "_order", "period"], ignore_index=True)[columns]


# --- claim panels on indicator ids -------------------------------------------------------------


def panel_from_headline(data=None, *, headline: Optional[pd.DataFrame] = None,
                        documents: Optional[pd.DataFrame] = None, by: str = "place") -> pd.DataFrame:
    """The headline statements as a panel: ``indicator, unit, group, year, value, value_high,
    qualifier, target, doc_id`` with ``year`` the period the figure is about (a target for
    2020 and the result for 2020 share a year), ``group`` the place (or a documents column ``by``)."""
    rows = statements(data, headline=headline, documents=documents)
    columns = ["indicator", "unit", "group", "year", "value", "value_high", "qualifier", "target", "doc_id",
               "measure", "start"]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    if by == "place":
        rows["group"] = rows["place"]
    else:
        documents = _frame(data, "documents") if documents is None else documents
        rows["group"] = rows["doc_id"].map(documents.set_index("doc_id")[by])
    rows["target"] = rows["kind"] == "target"
    rows["year"] = rows["period"]
    return rows.sort_values(["indicator", "group", "year", "doc_id", "start"], ignore_index=True)[columns]


def annual_rows(rows: pd.DataFrame, subject_indicators) -> pd.DataFrame:
    """Claim rows (joined with their report's ``year``) for an annual panel.

    ``indicator`` becomes the claim's indicator id where it has one, else the subject-based
    name given in ``subject_indicators``; cumulative and average figures (``scope``) are
    dropped; ``report_year`` keeps the report's year and ``year`` becomes the year the figure
    is about (``period``) when that is a single year."""
    rows = rows.copy()
    fallback = pd.Series(list(subject_indicators), index=rows.index, dtype=object)
    ids = rows["indicator"].fillna("").astype(str) if "indicator" in rows.columns else pd.Series("", index=rows.index)
    rows["indicator"] = ids.where(ids != "", fallback)
    if "scope" in rows.columns:
        rows = rows[rows["scope"].fillna("").astype(str).isin(["", "year"])]
    rows["report_year"] = pd.to_numeric(rows["year"], errors="coerce").astype("Int64")
    if "period" in rows.columns:
        period = pd.to_numeric(rows["period"].astype(str).str.extract(r"^(\d{4})$")[0], errors="coerce")
        rows["year"] = period.astype("Int64").fillna(rows["report_year"])
    else:
        rows["year"] = rows["report_year"]
    for name in ("value_high",):
        rows[name] = pd.to_numeric(rows[name], errors="coerce") if name in rows.columns else np.nan
    rows["qualifier"] = rows["qualifier"].fillna("").astype(str) if "qualifier" in rows.columns else ""
    return rows


def attainment_from_panel(panel_table: pd.DataFrame, *, direction_of: Optional[Mapping[str, str]] = None,
                          approx_points: float = APPROX_POINTS) -> pd.DataFrame:
    """:func:`attainment` of a ``compare.panel`` table: its ``group`` is the place.

    A panel with ``report_year`` has ``year`` = the year each figure is about; an older one
    (without) has the report's year, so its results are taken to be about the year before."""
    rows = panel_table[panel_table["indicator"].fillna("") != ""]
    target = rows["target"].fillna(False).astype(bool)
    year = pd.to_numeric(rows["year"], errors="coerce")
    if "report_year" in rows.columns:
        report_year = pd.to_numeric(rows["report_year"], errors="coerce").fillna(year)
        period = year
    else:
        report_year, period = year, year.where(target, year - 1)
    get = lambda name, default: rows[name] if name in rows.columns else default  # noqa: E731
    found = pd.DataFrame({
        "doc_id": get("doc_id", ""), "indicator": rows["indicator"], "kind": np.where(target, "target", "result"),
        "period": period, "value": pd.to_numeric(rows["value"], errors="coerce"),
        "value_high": pd.to_numeric(get("value_high", np.nan), errors="coerce"),
        "qualifier": get("qualifier", "").fillna("") if "qualifier" in rows.columns else "",
        "unit": rows["unit"].fillna("").astype(str) if "unit" in rows.columns else "",
        "measure": get("measure", ""), "start": pd.to_numeric(get("start", 0), errors="coerce"),
        "place": rows["group"].astype(str), "level": "", "parent": "", "year": report_year})
    found = found[found["period"].notna() & found["value"].notna()].copy()
    found["period"] = found["period"].astype(int)
    found["qualifier"] = found["qualifier"].replace("", "exact")
    return _attainment(found.reset_index(drop=True), direction_of, approx_points)


def compare_tables(data) -> Dict[str, pd.DataFrame]:
    """attainment, its coverage and amplification for ``compare.compare``; empty tables when the
    analysis has no headline table."""
    table = attainment(data)
    return {"attainment": table, "attainment_coverage": coverage(table), "amplification": amplification(data)}
