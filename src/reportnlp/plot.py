"""Figures for the comparison and reuse tables; the only module that imports matplotlib.
``comparison_figures`` picks the figures that fit a comparison's grouping and
``write_comparison_figures`` writes them (compare.py computes the tables only).

    >>> from reportnlp import compare, plot
    >>> fig = plot.plot_keyness(compare.keyness(a, "decade"))
    >>> fig.savefig("keyness.png")

Each function takes a table as ``compare`` or ``reuse`` returns it and gives back the
matplotlib Axes (one panel) or Figure (several), titled and with labelled axes.
Chinese labels need a CJK font: at the first plot, :func:`use_cjk_font` registers the
Noto Sans SC face that the ``pylopdf-fonts-zh-cn`` package ships (SIL OFL 1.1, installed
from PyPI with reportnlp, nothing downloaded at run time), or else a CJK font already on
the system, and puts it first in ``font.sans-serif``.
"""
from __future__ import annotations

import importlib
import warnings
from functools import lru_cache
from pathlib import Path
from typing import Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

import numpy as np
import pandas as pd

import matplotlib
import matplotlib.pyplot as plt
from matplotlib import font_manager
from matplotlib.ticker import MaxNLocator

# Packages that ship a CJK font file, each with a function or attribute giving its path.
_FONT_PACKAGES = (
    ("pylopdf_fonts_zh_cn", "sans_path"),
    ("noto_cjk_sans_otc", "FONT_PATH"),
)
# Families to look for among installed fonts when no font package is there.
_SYSTEM_CJK_FAMILIES = (
    "Noto Sans SC", "Noto Sans CJK SC", "Noto Sans CJK JP", "Source Han Sans SC", "Source Han Sans CN",
    "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "LXGW WenKai", "SimHei", "Microsoft YaHei",
    "PingFang SC", "Heiti SC", "Hiragino Sans GB",
)
WIDTH = 9.0  # inches: readable at notebook width


def _packaged_font_paths() -> List[str]:
    paths = []
    for module_name, attribute in _FONT_PACKAGES:
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        found = getattr(module, attribute, None)
        path = found() if callable(found) else found
        if path is not None:
            paths.append(str(path))
    return paths


@lru_cache(maxsize=None)
def use_cjk_font() -> Optional[str]:
    """Register a CJK font with matplotlib and put it first; returns its family name.

    Returns None (with a warning) when no CJK font can be found: labels would show
    as empty boxes, so install reportnlp's dependencies (``pylopdf-fonts-zh-cn``).
    """
    family = None
    for path in _packaged_font_paths():
        try:
            font_manager.fontManager.addfont(path)
            family = font_manager.FontProperties(fname=path).get_name()
            break
        except (OSError, RuntimeError, ValueError):
            continue
    if family is None:
        installed = {f.name for f in font_manager.fontManager.ttflist}
        family = next((name for name in _SYSTEM_CJK_FAMILIES if name in installed), None)
    if family is None:
        warnings.warn("no CJK font found: Chinese labels will not render; "
                      "pip install pylopdf-fonts-zh-cn", RuntimeWarning, stacklevel=2)
        return None
    sans = [family] + [f for f in matplotlib.rcParams["font.sans-serif"] if f != family]
    matplotlib.rcParams["font.sans-serif"] = sans
    matplotlib.rcParams["font.family"] = "sans-serif"
    return family


def _axes(ax, size=(WIDTH, 5.0)):
    use_cjk_font()
    if ax is not None:
        return ax.figure, ax
    fig, ax = plt.subplots(figsize=size, layout="constrained")
    return fig, ax


def _empty(ax, title: str, message: str):
    ax.set_title(title)
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes, color="0.4")
    ax.set_xticks([])
    ax.set_yticks([])
    return ax


def _shorten(labels: Iterable, limit: int = 14, *, keep_end: bool = False) -> List[str]:
    """Labels cut to ``limit`` characters; document ids keep their end (place_2021_gov)."""
    if keep_end:
        return [s if len(s) <= limit else "…" + s[1 - limit:] for s in map(str, labels)]
    return [s if len(s) <= limit else s[: limit - 1] + "…" for s in map(str, labels)]



# --- keyness ------------------------------------------------------------------------


def plot_keyness(keyness: pd.DataFrame, *, top: int = 10, groups: Optional[Sequence] = None,
                 columns: int = 3, title: Optional[str] = None):
    """Bars of the ``top`` most distinctive words of each group (z-score). Returns the Figure."""
    use_cjk_font()
    groups = list(groups) if groups is not None else list(dict.fromkeys(keyness["group"]))
    if not groups:
        fig, ax = _axes(None)
        _empty(ax, title or "Distinctive words", "no terms")
        return fig
    if len(groups) > 12 and columns == 3:  # dozens of groups: four a row, on a wider page
        columns = 4
    columns = max(1, min(columns, len(groups)))
    rows = -(-len(groups) // columns)
    fig, axes = plt.subplots(rows, columns, figsize=(WIDTH * max(1.0, columns / 3),
                                                     max(2.6, 0.28 * top + 0.9) * rows),
                             layout="constrained", squeeze=False)
    for ax, group in zip(axes.flat, groups):
        part = keyness[(keyness["group"] == group) & (keyness["z"] > 0)].nlargest(top, "z")[::-1]
        ax.barh(_shorten(part["term"]), part["z"], color="#3b6ea5")
        ax.set_title(str(group), fontsize=11)
        ax.set_xlabel("z-score")
        ax.tick_params(axis="y", labelsize=9)
    for ax in list(axes.flat)[len(groups):]:
        ax.set_visible(False)
    fig.suptitle(title or "Distinctive words per group (log-odds, informative Dirichlet prior)")
    return fig


def plot_keyness_pair(keyness: pd.DataFrame, pair: Optional[Sequence] = None, *, top: int = 15,
                      ax=None, title: Optional[str] = None):
    """Two groups' most distinctive words on one z-score scale: the first group's words to the
    right, the second's to the left (a ``compare.keyness(..., pair=(a, b))`` table, or any
    keyness table and the two groups to set apart). Returns the Axes."""
    groups = list(pair) if pair is not None else list(dict.fromkeys(keyness["group"]))[:2]
    fig, ax = _axes(ax, size=(WIDTH, max(4.0, 0.26 * 2 * top + 1.2)))
    title = title or (f"Distinctive words: {groups[0]} vs {groups[1]}" if len(groups) == 2 else "Distinctive words")
    if len(groups) != 2 or keyness.empty:
        return _empty(ax, title, "needs two groups")
    a, b = groups
    right = keyness[(keyness["group"] == a) & (keyness["z"] > 0)].nlargest(top, "z")
    left = keyness[(keyness["group"] == b) & (keyness["z"] > 0)].nlargest(top, "z")
    if right.empty and left.empty:
        return _empty(ax, title, "no distinctive words")
    # One bar per word, the strongest at the ends: a's from the top down, b's from the bottom up.
    terms = list(right["term"]) + list(left["term"])[::-1]
    values = list(right["z"]) + list(-left["z"])[::-1]
    colors = ["#3b6ea5"] * len(right) + ["#c0504d"] * len(left)
    y = np.arange(len(terms))[::-1]
    ax.barh(y, values, color=colors)
    for yy, v, term in zip(y, values, _shorten(terms, 14)):
        ax.text(v + (0.02 if v >= 0 else -0.02) * max(map(abs, values)), yy, term, va="center",
                ha="left" if v >= 0 else "right", fontsize=9)
    limit = max(map(abs, values)) * 1.35
    ax.set_xlim(-limit, limit)
    ax.set_yticks([])
    ax.axvline(0, color="0.3", linewidth=0.8)
    ax.set_xlabel(f"z-score  (← more in {b}   |   more in {a} →)")
    ax.set_title(title)
    ax.grid(axis="x", alpha=0.3)
    return ax


# --- adoption ----------------------------------------------------------------------------


def _year_scale(years: Sequence[float], cmap: str = "viridis"):
    """A discrete colour per year (ListedColormap + BoundaryNorm): 2019 and 2020 never share
    a shade. Returns (cmap, norm, ticks); ticks thin out past 16 years."""
    from matplotlib.colors import BoundaryNorm, ListedColormap

    years = sorted({int(y) for y in years})
    span = list(range(years[0], years[-1] + 1))
    colours = plt.get_cmap(cmap)(np.linspace(0, 1, len(span))) if len(span) > 1 else plt.get_cmap(cmap)([0.5])
    norm = BoundaryNorm([y - 0.5 for y in span] + [span[-1] + 0.5], len(span))
    step = 1 if len(span) <= 16 else 2 if len(span) <= 32 else 5
    return ListedColormap(colours), norm, span[::step]


def display_items(diffusion: pd.DataFrame, *, top: int = 30, min_groups: int = 2) -> List[str]:
    """Items worth a figure from a ``compare.diffusion`` table: spread to ``min_groups`` groups,
    written with at least two Han characters (names such as “03专项” or “1+10” are fragments
    of longer ones), uncensored first (their first year is a real first use)."""
    if diffusion.empty:
        return []
    han = diffusion["canonical"].astype(str).str.count(r"[\u3400-\u9fff]") >= 2
    fragment = diffusion["canonical"].astype(str).str.match(r"^[\d+\-—.·、]")
    usable = diffusion[han & ~fragment & (diffusion["groups"] >= min_groups)]
    usable = usable.sort_values(["censored", "groups", "documents"], ascending=[True, False, False], kind="stable")
    return list(usable["canonical"].head(top))


def plot_diffusion(diffusion: pd.DataFrame, *, top: int = 25, items: Optional[Sequence[str]] = None,
                   ax=None, title: Optional[str] = None):
    """When each item spread: a line from its first year to the year the last of its groups
    first named it, a tick where half of them had, the number of groups at the end; a
    hollow start is left-censored (first seen in the corpus's first year, so it may be
    older). Items from a ``compare.diffusion`` table (default :func:`display_items`),
    oldest first. Returns the Axes."""
    items = list(items) if items is not None else display_items(diffusion, top=top)
    fig, ax = _axes(ax, size=(WIDTH, max(4.0, 0.3 * len(items) + 1.6)))
    title = title or "Diffusion: from first use to the last group that took it up"
    rows = diffusion.set_index("canonical").loc[items] if items else diffusion.iloc[:0]
    rows = rows[rows["first_year"].notna()]
    if rows.empty:
        return _empty(ax, title, "no item reached two groups")
    first = rows["first_year"].astype(float)
    half = rows["half_reached"].astype(float) if "half_reached" in rows else first
    full = rows["all_reached"].astype(float) if "all_reached" in rows else first
    order = np.lexsort((half.to_numpy(), first.to_numpy()))
    rows, first, half, full = rows.iloc[order], first.iloc[order], half.iloc[order], full.iloc[order]
    y = np.arange(len(rows))[::-1]
    colours = {"slogan": "#8a5fa8", "campaign": "#3b9e8f"}
    for yy, (_, row), f, h, e in zip(y, rows.iterrows(), first, half, full):
        colour = colours.get(row["category"], "#3b6ea5")
        ax.plot([f, e], [yy, yy], color=colour, linewidth=2.5, solid_capstyle="round", alpha=0.8)
        ax.plot([h], [yy], marker="|", markersize=12, color="0.2")
        ax.plot([f], [yy], marker="o", markersize=7, color=colour,
                mfc="white" if row["censored"] else colour)
        ax.text(e + 0.25, yy, f"{int(row['groups'])}", va="center", fontsize=8, color="0.3")
    labels = [f"{name}  ({adopters})" for name, adopters in zip(
        _shorten(rows.index, 16), _shorten(rows["first_adopters"].astype(str), 12))]
    ax.set_yticks(y, labels, fontsize=8)
    ax.set_xlim(first.min() - 0.6, full.max() + 1.2)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("year (dot: first use, hollow if it may be earlier; bar: half of the groups; "
                  "number: groups reached)", fontsize=9)
    ax.set_ylabel("slogan / campaign (first adopters)")
    ax.set_title(title)
    from matplotlib.lines import Line2D
    handles = [Line2D([], [], color=c, linewidth=2.5, label=k) for k, c in colours.items()
               if k in set(rows["category"])]
    if handles:
        ax.legend(handles=handles, fontsize=8, frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    ax.grid(axis="x", alpha=0.3)
    return ax


def _changing_items(adoption: pd.DataFrame, top: int) -> List[str]:
    """Items whose number of documents changes most between groups (periods), written with two
    Han characters or more, ordered by the group where they peak: what rose and what faded."""
    counts = adoption.pivot_table(index="canonical", columns="group", values="documents",
                                  aggfunc="sum", fill_value=0)
    names = counts.index.to_series().astype(str)
    counts = counts[(names.str.count(r"[\u3400-\u9fff]") >= 2) & ~names.str.match(r"^[\d+\-—.·、]")]
    if counts.empty:
        return []
    counts = counts[sorted(counts.columns, key=lambda g: (isinstance(g, str), g))]
    change = (counts.max(axis=1) - counts.min(axis=1)).nlargest(top)
    peak = counts.loc[change.index].to_numpy().argmax(axis=1)
    return [item for _, item in sorted(zip(peak, change.index), key=lambda pair: pair[0])]


def plot_adoption_heatmap(adoption: pd.DataFrame, *, top: int = 30, value: str = "first_year",
                          items: Optional[Sequence[str]] = None, ax=None, title: Optional[str] = None):
    """Named item x group grid coloured by first year seen (or ``value="documents"``). Items:
    ``items``, else the ``top`` reaching most groups (first year) or changing most between
    groups (documents; ordered by where they peak). Returns the Axes."""
    fig, ax = _axes(ax, size=(WIDTH, 6.0))
    title = title or ("First year each group names a slogan or campaign" if value == "first_year"
                      else "Documents naming each slogan or campaign")
    if adoption.empty:
        return _empty(ax, title, "no named items")
    if items is not None:
        items = list(items)
    elif value == "documents":
        items = _changing_items(adoption, top)
    else:
        reach = adoption.groupby("canonical")["group"].nunique().sort_values(ascending=False)
        items = list(reach.index[:top])
    if not items:
        return _empty(ax, title, "no named items")
    grid = adoption[adoption["canonical"].isin(items)].pivot_table(
        index="canonical", columns="group", values=value, aggfunc="min")
    grid = grid.reindex(index=items)
    grid = grid[sorted(grid.columns, key=lambda g: (isinstance(g, str), g))]
    if value == "first_year":  # oldest items on top: the grid reads as a staircase of diffusion
        grid = grid.loc[grid.median(axis=1).sort_values(kind="stable").index]
    data = grid.to_numpy(dtype=float)
    if value == "first_year" and np.isfinite(data).any():
        cmap, norm, ticks = _year_scale(data[np.isfinite(data)])
        image = ax.imshow(np.ma.masked_invalid(data), aspect="auto", cmap=cmap, norm=norm)
    else:
        ticks = MaxNLocator(integer=True)
        image = ax.imshow(np.ma.masked_invalid(data), aspect="auto", cmap="viridis")
    ax.set_yticks(range(len(grid.index)), _shorten(grid.index, 16), fontsize=9)
    ax.set_xticks(range(len(grid.columns)), _shorten(grid.columns, 10), rotation=60, ha="right", fontsize=9)
    if data.size <= 400 and grid.shape[1] <= 16:
        for (r, c), v in np.ndenumerate(data):
            if not np.isnan(v):
                ax.text(c, r, f"{v:.0f}", ha="center", va="center", fontsize=7, color="white" if v <= np.nanmean(data) else "black")
    ax.set_xlabel("group")
    ax.set_ylabel("slogan / campaign")
    ax.set_title(title)
    bar = fig.colorbar(image, ax=ax, ticks=ticks)
    bar.set_label("first year (blank: never)" if value == "first_year" else "documents")
    return ax


def plot_adoption_timeline(curve: pd.DataFrame, *, items: Optional[Sequence[str]] = None, top: int = 8,
                           share: bool = False, ax=None, title: Optional[str] = None):
    """Cumulative groups naming each item per year (an :func:`compare.adoption_curve` table). Returns the Axes."""
    fig, ax = _axes(ax)
    title = title or "Diffusion: groups that have named each item"
    if curve.empty:
        return _empty(ax, title, "no named items with a year")
    if items is None:
        items = list(curve.groupby("canonical")["groups"].max().nlargest(top).index)
    column = "share" if share else "groups"
    last = int(curve["year"].max())
    markers = "osD^v<>p*h"
    for n, item in enumerate(items):
        part = curve[curve["canonical"] == item]
        # Hold the last level for a year so that a late adoption shows as a step, not a tick.
        years = list(part["year"]) + [last + 1]
        levels = list(part[column]) + [part[column].iloc[-1]]
        ax.step(years, levels, where="post", marker=markers[n % len(markers)], markevery=list(range(len(part))),
                label=_shorten([item], 18)[0], alpha=0.85)
    ax.set_xlim(curve["year"].min() - 0.3, last + 0.7)
    ax.set_xlabel("year")
    ax.set_ylabel("share of groups" if share else "groups (cumulative)")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    if not share:
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title(title)
    # Beside the axes: inside, the legend covered the early points.
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False,
              title="slogan / campaign", title_fontsize=8)
    ax.grid(alpha=0.3)
    return ax


# --- claim panels --------------------------------------------------------------------------


_RATE_UNITS = ("%", "％", "‰", "个百分点", "百分点")


def _annual_values(data: pd.DataFrame, unit: Optional[str], spread: float) -> Tuple[pd.DataFrame, int]:
    """The rows a yearly line can show: with a ``scope`` column, those that speak of one year;
    without it, counts and amounts within ``spread`` times the median of their group
    (a report's five-year total, 640万 new jobs beside 120万 a year, is left out).
    Returns the rows and how many were left out."""
    if "scope" in data.columns:
        scope = data["scope"].fillna("").astype(str)
        keep = scope.isin(["", "annual", "year", "single"])
        return data[keep], int((~keep).sum())
    if unit in _RATE_UNITS or data.empty:
        return data, 0
    median = data.groupby(["group", "target"])["value"].transform("median")
    ratio = data["value"] / median.where(median > 0)
    keep = ratio.isna() | ((ratio <= spread) & (ratio >= 1 / spread))
    return data[keep], int((~keep).sum())


def plot_panel(panel: pd.DataFrame, indicator: Optional[str] = None, *, unit: Optional[str] = None,
               groups: Optional[Sequence] = None, top_groups: int = 8, spread: float = 3.0,
               ax=None, title: Optional[str] = None):
    """Values of one indicator by year, a line per group (median of the year's results);
    targets as hollow markers. Counts and amounts more than ``spread`` times their group's
    median (multi-year totals) are left out and counted in the title; a ``scope`` column,
    when the claims table has one, decides instead. Returns the Axes."""
    from matplotlib.lines import Line2D

    fig, ax = _axes(ax)
    data = panel[panel["indicator"] != ""] if not panel.empty else panel
    if indicator is None and not data.empty:
        indicator = data.groupby(["indicator", "unit"]).size().idxmax()[0]
    data = data[data["indicator"] == indicator] if indicator is not None else data
    if unit is None and not data.empty:
        unit = data["unit"].mode().iloc[0]
    data = data[data["unit"] == unit] if unit is not None else data
    title = title or f"{indicator or 'indicator'} by year"
    if data.empty:
        return _empty(ax, title, "no values")
    data, dropped = _annual_values(data, unit, spread)
    if groups is None:
        groups = list(data["group"].value_counts().index[:top_groups])
    for group in groups:
        part = data[data["group"] == group]
        results = part[~part["target"]].groupby("year")["value"].median()
        line = ax.plot(results.index, results.values, marker="o", label=str(group))[0]
        targets = part[part["target"]].groupby("year")["value"].median()
        if len(targets):
            ax.plot(targets.index, targets.values, linestyle="none", marker="o", mfc="none",
                    color=line.get_color())
    ax.set_xlabel("year")
    ax.set_ylabel(f"value ({unit})" if unit else "value")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    if dropped:
        title = f"{title}\n({dropped} multi-year totals or outliers left out)"
    ax.set_title(title)
    # Beside the axes: with eight groups, a legend inside covers the lines. One entry per
    # group, and one saying what a hollow marker is.
    handles, labels = ax.get_legend_handles_labels()
    handles.append(Line2D([], [], linestyle="none", marker="o", mfc="none", color="0.3"))
    labels.append("target (hollow)")
    ax.legend(handles, labels, fontsize=8, frameon=False, title="group", title_fontsize=8,
              loc="upper left", bbox_to_anchor=(1.01, 1.0))
    ax.grid(alpha=0.3)
    return ax


# --- targets: attainment and amplification ---------------------------------------------------

_LEVEL_LABELS = {"national": "national target", "province": "mean provincial target",
                 "city": "mean city target", "county": "mean county target",
                 "township": "mean township target", "village": "mean village target"}


def _year_axis(ax) -> None:
    """Whole years on the x axis, written out (2019, not −1 + 2.02e3)."""
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.ticklabel_format(axis="x", style="plain", useOffset=False)


def plot_target_levels(amplification: pd.DataFrame, indicator: str = "gdp_growth", *,
                       levels: Optional[Sequence[str]] = None, ax=None, title: Optional[str] = None):
    """The national target and the mean provincial and city targets of ``indicator`` by year,
    from :func:`reportnlp.targets.amplification` (层层加码: lower levels above the line of the
    level above). ``levels``: the levels drawn, by default every level that has targets
    (national, province, city, county, township, village in that order). The number of places
    behind each mean is in the legend. Returns the Axes."""
    from .targets import LEVEL_ORDER, level_means

    fig, ax = _axes(ax)
    means = level_means(amplification, indicator) if len(amplification) else amplification
    title = title or f"{indicator} targets by level"
    if levels is None:
        present = set(means["level"]) if len(means) else set()
        levels = [level for level in LEVEL_ORDER if level in present]
    if means.empty or not means["level"].isin(levels).any():
        return _empty(ax, title, "no targets")
    unit = ""
    if "unit" in amplification.columns:
        units = amplification.loc[amplification["indicator"] == indicator, "unit"].dropna()
        unit = units.mode().iloc[0] if len(units) else ""
    markers = {"national": "s", "province": "o", "city": "^", "county": "v", "township": "D", "village": "x"}
    for level in levels:
        part = means[means["level"] == level].sort_values("period")
        if part.empty:
            continue
        places = int(part["places"].max())
        label = _LEVEL_LABELS.get(level, level) + (
            "" if level == "national" else f" (up to {places} {'place' if places == 1 else 'places'})")
        # A year without a target (none stated, or no report) is a gap, not a line drawn across it.
        years = part["period"].astype(int)
        series = part.set_index(years)["mean_target"].reindex(range(years.min(), years.max() + 1))
        ax.plot(series.index, series.to_numpy(dtype=float), marker=markers.get(level, "o"), label=label,
                linewidth=2.2 if level == "national" else 1.6)
    ax.set_xlabel("year")
    ax.set_ylabel(f"target ({unit})" if unit else "target")
    _year_axis(ax)
    ax.set_title(title)
    ax.legend(fontsize=9, frameon=False)
    ax.grid(alpha=0.3)
    return ax


def plot_attainment(attainment: pd.DataFrame, indicator: str = "gdp_growth", *,
                    groups: Optional[Sequence] = None, top_groups: int = 4, ax=None,
                    title: Optional[str] = None):
    """Targets against results of one indicator by year, a colour per place: results as a
    line of filled dots, targets as hollow dots (a vertical bar for a range; an x where no
    number was set). Returns the Axes."""
    fig, ax = _axes(ax)
    data = attainment[attainment["indicator"] == indicator] if len(attainment) else attainment
    title = title or f"{indicator}: target and result by year"
    if data.empty:
        return _empty(ax, title, "no targets or results")
    if groups is None:
        both = data[data["target"].notna() & data["result"].notna()]
        counts = (both if len(both) else data)["group"].value_counts()
        groups = list(counts.index[:top_groups])
    for group in groups:
        part = data[data["group"] == group].sort_values("period")
        results = part[part["result"].notna()]
        line = ax.plot(results["period"], results["result"], marker="o", label=f"{group} result")[0]
        colour = line.get_color()
        stated = part[part["target"].notna()]
        ax.plot(stated["period"], stated["target"], linestyle="none", marker="o", mfc="none", mew=1.5,
                color=colour, label=f"{group} target")
        ranges = stated[stated["target_high"].notna()]
        ax.vlines(ranges["period"], ranges["target"], ranges["target_high"], color=colour, linewidth=1.5)
        none = part[(part["qualifier"] == "none_stated") & part["target"].isna()]
        if len(none) and len(results):
            ax.plot(none["period"], none["period"].map(results.set_index("period")["result"]).fillna(
                results["result"].mean()), linestyle="none", marker="x", color=colour)
    unit = data["unit"].dropna().mode().iloc[0] if "unit" in data.columns and data["unit"].notna().any() else ""
    ax.set_xlabel("year")
    ax.set_ylabel(f"{indicator} ({unit})" if unit else indicator)
    _year_axis(ax)
    ax.set_title(title)
    ax.legend(fontsize=8, frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    ax.grid(alpha=0.3)
    return ax


# --- similarity and reuse ------------------------------------------------------------------


def _square(table: pd.DataFrame, a: str, b: str, value: str, symmetric: bool,
            order: Optional[Sequence[str]] = None, diagonal: float = np.nan) -> pd.DataFrame:
    docs = list(order) if order is not None else sorted(set(table[a]) | set(table[b]))
    position = {d: i for i, d in enumerate(docs)}
    values = np.full((len(docs), len(docs)), np.nan)
    np.fill_diagonal(values, diagonal)
    known = table[table[a].isin(position) & table[b].isin(position)]
    rows = known[a].map(position).to_numpy(dtype=int)
    cols = known[b].map(position).to_numpy(dtype=int)
    values[rows, cols] = known[value].to_numpy(dtype=float)
    if symmetric:
        values[cols, rows] = known[value].to_numpy(dtype=float)
    return pd.DataFrame(values, index=docs, columns=docs)


def _heatmap(ax, fig, grid: pd.DataFrame, *, label: str, vmax: float = 1.0, vmin: float = 0.0):
    image = ax.imshow(np.ma.masked_invalid(grid.to_numpy(dtype=float)), cmap="magma_r", vmin=vmin, vmax=vmax)
    n = len(grid)
    size = 8 if n <= 30 else 6
    # Past 60 rows every label cannot be read: every k-th document is named instead of
    # numbering rows 0..n, so a block can still be traced to its documents.
    step = 1 if n <= 60 else -(-n // 40)
    ticks = list(range(0, n, step))
    ax.set_xticks(ticks, _shorten([grid.columns[i] for i in ticks], 26, keep_end=True), rotation=90,
                  fontsize=size if step == 1 else 5)
    ax.set_yticks(ticks, _shorten([grid.index[i] for i in ticks], 26, keep_end=True),
                  fontsize=size if step == 1 else 5)
    bar = fig.colorbar(image, ax=ax, shrink=0.8)
    bar.set_label(label)


def plot_similarity(similarity, *, order: Optional[Sequence[str]] = None, ax=None,
                    title: Optional[str] = None):
    """TF-IDF cosine heatmap: document x document from a :func:`compare.similarity` table or
    a square matrix (documents in ``order``, default by group then name; past 60 documents
    every k-th is labelled), or group x group mean cosine from a
    :func:`compare.group_similarity` table, which stays readable at hundreds of documents.
    Returns the Axes."""
    fig, ax = _axes(ax, size=(WIDTH, WIDTH * 0.85))
    if isinstance(similarity, pd.DataFrame) and {"group_a", "group_b", "mean_cosine"} <= set(similarity.columns):
        title = title or "Similarity between groups (mean TF-IDF cosine of their documents)"
        if similarity.empty:
            return _empty(ax, title, "no groups")
        groups = sorted(set(similarity["group_a"]) | set(similarity["group_b"]),
                        key=lambda g: (isinstance(g, str), g))
        grid = _square(similarity, "group_a", "group_b", "mean_cosine", True, groups)
        values = grid.to_numpy(dtype=float)
        low = float(np.nanmin(values)) if np.isfinite(values).any() else 0.0
        high = float(np.nanmax(values)) if np.isfinite(values).any() else 1.0
        # On the range the groups span: between-group means of 0.3-0.5 are one shade on 0-1.
        _heatmap(ax, fig, grid, label="mean cosine similarity", vmin=low, vmax=max(high, low + 1e-6))
        ax.set_xlabel("group")
        ax.set_ylabel("group")
        ax.set_title(title)
        return ax
    title = title or "Document similarity (TF-IDF cosine)"
    if isinstance(similarity, pd.DataFrame) and {"doc_a", "doc_b", "cosine"} <= set(similarity.columns):
        if similarity.empty:
            return _empty(ax, title, "no document pairs")
        if order is None and "group_a" in similarity.columns:
            groups = pd.concat([similarity.set_index("doc_a")["group_a"], similarity.set_index("doc_b")["group_b"]])
            groups = groups[~groups.index.duplicated()]
            order = sorted(groups.index, key=lambda d: (str(groups[d]), d))
        grid = _square(similarity, "doc_a", "doc_b", "cosine", True, order, diagonal=1.0)
    else:
        grid = similarity if order is None else similarity.loc[list(order), list(order)]
    _heatmap(ax, fig, grid, label="cosine similarity (0-1)")
    ax.set_xlabel("document")
    ax.set_ylabel("document")
    ax.set_title(title)
    return ax


def plot_reuse_matrix(reuse_pairs: pd.DataFrame, *, order: Optional[Sequence[str]] = None, ax=None,
                      title: Optional[str] = None):
    """Row document's share of characters found in the column document (``reuse_pairs``:
    doc_a, doc_b, share_a, share_b). Returns the Axes."""
    fig, ax = _axes(ax, size=(WIDTH, WIDTH * 0.85))
    title = title or "Copied text: share of the row document found in the column document"
    if reuse_pairs.empty:
        return _empty(ax, title, "no shared passages")
    forward = reuse_pairs[["doc_a", "doc_b", "share_a"]].rename(columns={"share_a": "share"})
    backward = reuse_pairs[["doc_b", "doc_a", "share_b"]].rename(
        columns={"doc_b": "doc_a", "doc_a": "doc_b", "share_b": "share"})
    grid = _square(pd.concat([forward, backward]), "doc_a", "doc_b", "share", False, order)
    _heatmap(ax, fig, grid * 100, label="share of row document's characters (%)", vmax=100)
    ax.set_xlabel("source document (column)")
    ax.set_ylabel("document (row)")
    ax.set_title(title)
    return ax


def plot_reuse_network(reuse_pairs: pd.DataFrame, *, min_share: float = 0.1, families: Optional[pd.DataFrame] = None,
                       ax=None, title: Optional[str] = None):
    """Documents on a circle joined where one shares at least ``min_share`` of its text with
    the other; line width shows the larger share, colour the template family. Returns the Axes."""
    fig, ax = _axes(ax, size=(WIDTH, WIDTH * 0.8))
    title = title or f"Copied text between documents (pairs sharing at least {min_share:.0%})"
    pairs = reuse_pairs[reuse_pairs[["share_a", "share_b"]].max(axis=1) >= min_share] if not reuse_pairs.empty else reuse_pairs
    if pairs.empty:
        return _empty(ax, title, "no pair above the threshold")
    docs = sorted(set(pairs["doc_a"]) | set(pairs["doc_b"]))
    family = families.set_index("doc_id")["family"] if families is not None and not families.empty else None
    if family is not None:
        docs = sorted(docs, key=lambda d: (str(family.get(d, "")), d))
    angle = np.linspace(0, 2 * np.pi, len(docs), endpoint=False)
    where = {d: (np.cos(t), np.sin(t)) for d, t in zip(docs, angle)}
    for a, b, sa, sb in zip(pairs["doc_a"], pairs["doc_b"], pairs["share_a"], pairs["share_b"]):
        (x0, y0), (x1, y1) = where[a], where[b]
        share = max(sa, sb)
        ax.plot([x0, x1], [y0, y1], color="#b5523b", alpha=0.35 + 0.6 * share, linewidth=0.5 + 5 * share)
    codes = pd.Series([str(family.get(d, "")) if family is not None else "" for d in docs]).astype("category").cat.codes
    ax.scatter([where[d][0] for d in docs], [where[d][1] for d in docs], c=codes, cmap="tab10", s=60, zorder=3)
    if len(docs) <= 40:
        for d, t in zip(docs, angle):
            # Horizontal labels pointing away from the circle: radial ones ran into the title
            # and the axis label at the top and bottom of the circle.
            x, y = np.cos(t), np.sin(t)
            ax.text(1.08 * x, 1.08 * y, _shorten([d], 26, keep_end=True)[0], fontsize=8,
                    ha="left" if x > 0.2 else "right" if x < -0.2 else "center",
                    va="bottom" if y > 0.2 else "top" if y < -0.2 else "center")
    ax.set_xlim(-1.9, 1.9)
    ax.set_ylim(-1.5, 1.5)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("line width: larger share of characters shared")
    ax.set_title(title)
    return ax


def save(figure_or_axes, path) -> None:
    """Write a Figure (or an Axes' figure) as PNG and close it."""
    fig = getattr(figure_or_axes, "figure", figure_or_axes)
    fig.savefig(path, dpi=120)
    plt.close(fig)


# --- the figures of a comparison (reportnlp compare) ----------------------------------------


def comparison_figures(tables: Mapping[str, pd.DataFrame], by: str, *,
                       bins=None) -> Dict[str, object]:
    """name -> matplotlib Figure/Axes for the comparison tables, only those that fit the
    grouping: periods (year, decade, bins) get keyness (a diverging pair for two periods),
    the documents naming each item per period and similarity; places and other kinds
    also get first adoption, diffusion over time and the claim panel. Empty tables
    draw nothing."""
    from .compare import adoption_curve, is_time_grouping

    time = is_time_grouping(by, bins)
    figures: Dict[str, object] = {}
    words = tables.get("keyness")
    if words is not None and len(words):
        groups = list(dict.fromkeys(words["group"]))
        if len(groups) == 2:
            figures["keyness"] = plot_keyness_pair(words, pair=tuple(groups),
                                                        title=f"Distinctive words: {groups[0]} vs {groups[1]}")
        else:
            figures["keyness"] = plot_keyness(words, title=f"Distinctive words by {by}")
    adopted = tables.get("adoption")
    if adopted is not None and len(adopted):
        if time:
            figures["adoption"] = plot_adoption_heatmap(
                adopted, value="documents", title=f"Documents naming each slogan or campaign, by {by}")
        else:
            figures["adoption"] = plot_adoption_heatmap(adopted)
            spread = tables.get("diffusion")
            if spread is not None and len(spread):
                figures["diffusion"] = plot_diffusion(spread)
                items = display_items(spread)
                if items:
                    figures["adoption_timeline"] = plot_adoption_timeline(
                        adoption_curve(adopted, items=items[:8]), items=items[:8])
    panel_table = tables.get("panel")
    if (not time and panel_table is not None and len(panel_table)
            and (panel_table["indicator"] != "").any()):
        figures["panel"] = plot_panel(panel_table)
    pairs = tables.get("similarity")
    if pairs is not None and len(pairs):
        documents = len(set(pairs["doc_a"]) | set(pairs["doc_b"]))
        grouped = tables.get("group_similarity")
        # Past 60 documents a document x document grid is a texture: show the groups.
        if documents > 60 and grouped is not None and len(grouped):
            figures["similarity"] = plot_similarity(grouped, title=f"Similarity between {by} groups "
                                                         f"(mean TF-IDF cosine of {documents} documents)")
        else:
            figures["similarity"] = plot_similarity(pairs)
    figures.update(target_figures(tables))
    return figures


def target_figures(tables: Mapping[str, pd.DataFrame], indicator: str = "gdp_growth") -> Dict[str, object]:
    """The target-vs-result panel and the targets-by-level figure of ``indicator``, when there are rows."""
    figures: Dict[str, object] = {}
    attained = tables.get("attainment")
    if attained is not None and (attained["indicator"] == indicator).any():
        figures["attainment"] = plot_attainment(attained, indicator)
    amplified = tables.get("amplification")
    if amplified is not None and (amplified["indicator"] == indicator).any():
        figures["amplification"] = plot_target_levels(amplified, indicator)
    return figures


def write_comparison_figures(tables: Mapping[str, pd.DataFrame], folder, *, by: str,
                             bins=None) -> List[Path]:
    """Draw :func:`comparison_figures` of ``tables`` as PNG files into ``folder``."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, figure in comparison_figures(tables, by, bins=bins).items():
        target = folder / f"{name}.png"
        save(figure, target)
        written.append(target)
    return written
