"""plot: every figure renders with Agg, has a title and labelled axes, and draws Chinese with a CJK font."""
import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib import font_manager  # noqa: E402
from matplotlib.ft2font import FT2Font  # noqa: E402

from reportnlp import compare, plot  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def _render(fig) -> list:
    """Draw the figure; return the warnings about glyphs missing from the font."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.canvas.draw()
    return [str(w.message) for w in caught if "missing from" in str(w.message)]


def _labelled(ax):
    assert ax.get_title() or ax.figure.get_suptitle()
    assert ax.get_xlabel() and (ax.get_ylabel() or not ax.get_yticks().size)


def test_cjk_font_is_registered_and_covers_chinese():
    family = plot.use_cjk_font()
    assert family
    path = font_manager.findfont(font_manager.FontProperties(family=["sans-serif"]), fallback_to_default=False)
    font = FT2Font(path)
    assert font.family_name == family
    for ch in "报告巾帼乡镇妇联·":
        assert font.get_char_index(ord(ch)), ch


KEYNESS = pd.DataFrame({
    "group": ["东镇"] * 3 + ["西乡"] * 3,
    "term": ["茶园", "村道", "美丽庭院", "水渠", "肉牛", "灌溉"],
    "count": [9, 6, 4, 8, 5, 3], "count_other": [0, 1, 0, 0, 0, 1],
    "log_odds": [2.0, 1.2, 1.0, 2.1, 1.5, 0.8], "z": [3.1, 2.0, 1.7, 3.3, 2.4, 1.1],
})


def test_keyness_bars_render_chinese_without_missing_glyphs():
    fig = plot.plot_keyness(KEYNESS, top=3)
    assert fig.get_suptitle()
    axes = [ax for ax in fig.axes if ax.get_visible()]
    assert len(axes) == 2
    for ax in axes:
        assert ax.get_xlabel() == "z-score" and ax.get_title() in {"东镇", "西乡"}
    assert [t.get_text() for t in axes[0].get_yticklabels()][-1] == "茶园"  # strongest on top
    assert _render(fig) == []


def test_adoption_heatmap_and_timeline():
    adoption = pd.DataFrame({
        "canonical": ["美丽庭院", "美丽庭院", "巾帼志愿岗"], "category": ["campaign"] * 3,
        "group": ["东镇", "西乡", "东镇"], "documents": [2, 1, 1],
        "first_year": [2019, 2021, 2020], "first_doc": ["a", "b", "c"],
    })
    ax = plot.plot_adoption_heatmap(adoption)
    _labelled(ax)
    assert {t.get_text() for t in ax.get_yticklabels()} == {"美丽庭院", "巾帼志愿岗"}
    assert _render(ax.figure) == []
    ax = plot.plot_adoption_timeline(compare.adoption_curve(adoption))
    _labelled(ax)
    assert len(ax.get_lines()) == 2
    assert _render(ax.figure) == []


def test_panel_lines_label_the_unit():
    panel = pd.DataFrame({
        "indicator": ["培训妇女"] * 4, "unit": ["人次"] * 4, "group": ["东镇", "东镇", "东镇", "西乡"],
        "year": [2020, 2021, 2022, 2021], "value": [100.0, 120.0, 150.0, 80.0],
        "target": [False, False, True, False], "doc_id": list("abcd"),
    })
    ax = plot.plot_panel(panel)
    assert "培训妇女" in ax.get_title()
    assert ax.get_ylabel() == "value (人次)" and ax.get_xlabel() == "year"
    assert _render(ax.figure) == []


def test_similarity_heatmap_from_table():
    table = pd.DataFrame({"doc_a": ["东镇2021", "东镇2021", "东镇2022"], "doc_b": ["东镇2022", "西乡2022", "西乡2022"],
                          "cosine": [0.8, 0.2, 0.3], "group_a": ["东镇", "东镇", "东镇"],
                          "group_b": ["东镇", "西乡", "西乡"]})
    ax = plot.plot_similarity(table)
    _labelled(ax)
    image = ax.get_images()[0].get_array()
    assert image.shape == (3, 3) and image[0, 0] == 1.0 and image[0, 1] == image[1, 0] == 0.8


def test_reuse_matrix_and_network():
    pairs = pd.DataFrame({"doc_a": ["青溪镇2021", "青溪镇2022"], "doc_b": ["青溪镇2022", "青溪镇2023"],
                          "share_a": [0.3, 0.5], "share_b": [0.4, 0.45], "shared_chars": [900, 1500]})
    ax = plot.plot_reuse_matrix(pairs)
    _labelled(ax)
    grid = ax.get_images()[0].get_array()
    assert grid[0, 1] == pytest.approx(30) and grid[1, 0] == pytest.approx(40)  # row's own share, in %
    assert _render(ax.figure) == []
    ax = plot.plot_reuse_network(pairs, min_share=0.35)
    assert ax.get_title() and len(ax.get_lines()) == 2
    assert _render(ax.figure) == []


def test_empty_tables_give_a_titled_placeholder():
    empty = pd.DataFrame(columns=["doc_a", "doc_b", "share_a", "share_b", "shared_chars"])
    ax = plot.plot_reuse_matrix(empty)
    assert ax.get_title() and ax.texts


def test_save_writes_png(tmp_path):
    target = tmp_path / "k.png"
    plot.save(plot.plot_keyness(KEYNESS), target)
    assert target.read_bytes()[:4] == b"\x89PNG"


def test_keyness_pair_diverges_on_one_scale():
    ax = plot.plot_keyness_pair(KEYNESS, pair=("东镇", "西乡"), top=3)
    _labelled(ax)
    widths = [bar.get_width() for bar in ax.patches]
    assert sorted(widths[:3], reverse=True) == widths[:3] and all(w > 0 for w in widths[:3])  # 东镇 right
    assert all(w < 0 for w in widths[3:]) and -min(widths) == pytest.approx(3.3)  # 西乡 left
    left, right = ax.get_xlim()
    assert left == pytest.approx(-right)
    assert {t.get_text() for t in ax.texts} >= {"茶园", "水渠"}
    assert _render(ax.figure) == []


def test_adoption_heatmap_has_a_colour_per_year_however_many_years():
    years = list(range(2013, 2026))
    adoption = pd.DataFrame({"canonical": ["一带一路"] * len(years) + ["河长制"], "category": "campaign",
                             "group": [f"省{i}" for i in range(len(years))] + ["省0"],
                             "documents": 1, "first_year": years + [2019], "first_doc": "d"})
    ax = plot.plot_adoption_heatmap(adoption)
    image = ax.get_images()[0]
    colours = {tuple(image.cmap(image.norm(y))) for y in years}
    assert len(colours) == len(years)  # 2019 and 2020 never share a shade
    bar = image.colorbar
    assert [int(t) for t in bar.get_ticks()] == years
    assert _render(ax.figure) == []


def test_diffusion_lines_run_from_first_use_to_the_last_group():
    table = pd.DataFrame({
        "canonical": ["河长制", "一带一路", "03专项", "三大行动"], "category": "campaign",
        "groups": [20, 29, 25, 1], "share": [0.7, 1.0, 0.86, 0.03], "documents": [40, 90, 30, 1],
        "first_year": [2016, 2013, 2014, 2020], "first_adopters": ["浙江省", "四川省、安徽省", "甲", "乙"],
        "censored": [False, True, False, False], "half_reached": [2017, 2014, 2015, 2020],
        "all_reached": [2019, 2016, 2018, 2020]})
    assert plot.display_items(table) == ["河长制", "一带一路"]  # fragments and one-group items left out
    ax = plot.plot_diffusion(table)
    _labelled(ax)
    spans = [tuple(line.get_xdata()) for line in ax.get_lines() if len(line.get_xdata()) == 2]
    assert spans == [(2013, 2016), (2016, 2019)]  # oldest first, first use to the last group
    starts = [line for line in ax.get_lines() if line.get_marker() == "o"]
    assert [s.get_markerfacecolor() == "white" for s in starts] == [True, False]  # censored is hollow
    assert {t.get_text() for t in ax.texts} == {"29", "20"}
    assert _render(ax.figure) == []


def test_timeline_legend_sits_outside_the_axes():
    adoption = pd.DataFrame({"canonical": ["美丽庭院", "美丽庭院"], "category": "campaign", "group": ["东", "西"],
                             "documents": 1, "first_year": [2019, 2021], "first_doc": "d"})
    ax = plot.plot_adoption_timeline(compare.adoption_curve(adoption))
    ax.figure.canvas.draw()
    legend = ax.get_legend().get_window_extent()
    assert legend.x0 >= ax.get_window_extent().x1


def test_group_similarity_heatmap_labels_groups_not_row_numbers():
    groups = [f"省{i:02d}" for i in range(29)]
    table = pd.DataFrame([(a, b, 0.4 + 0.5 * (a == b), 10) for i, a in enumerate(groups) for b in groups[i:]],
                         columns=["group_a", "group_b", "mean_cosine", "pairs"])
    ax = plot.plot_similarity(table)
    assert ax.get_images()[0].get_array().shape == (29, 29)
    assert [t.get_text() for t in ax.get_yticklabels()] == groups
    assert _render(ax.figure) == []


def test_large_document_heatmap_names_every_kth_document():
    docs = [f"doc_{i:03d}" for i in range(200)]
    table = pd.DataFrame({"doc_a": docs[:-1], "doc_b": docs[1:], "cosine": 0.5})
    ax = plot.plot_similarity(table)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert 20 <= len(labels) <= 45 and all(label.startswith("doc_") for label in labels)


def test_panel_leaves_multi_year_totals_out_and_keeps_one_legend_entry_per_group():
    years = list(range(2015, 2024))
    values = [144.0, 140.0, 145.0, 139.0, 138.0, 687.0, 120.0, 640.0, 119.0]  # two five-year totals
    panel = pd.DataFrame({"indicator": "城镇新增就业", "unit": "万人", "group": "甲", "year": years,
                          "value": values, "target": False, "doc_id": "d"})
    panel = pd.concat([panel, panel.assign(group="乙", target=[True] + [False] * 8)])
    ax = plot.plot_panel(panel)
    line = ax.get_lines()[0]
    assert max(line.get_ydata()) < 200
    assert "(4 multi-year totals or outliers left out)" in ax.get_title()
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["甲", "乙", "target (hollow)"]
    rates = panel.assign(unit="%")
    assert "left out" not in plot.plot_panel(rates).get_title()  # growth rates vary by nature


def test_documents_heatmap_by_period_shows_what_rose_and_faded():
    adoption = pd.DataFrame({
        "canonical": ["脱贫攻坚", "脱贫攻坚", "乡村振兴", "乡村振兴", "双拥", "双拥", "03专项", "03专项"],
        "category": "campaign", "group": ["2013–2017", "2018–2022"] * 4,
        "documents": [40, 5, 2, 50, 20, 21, 1, 60], "first_year": 2013, "first_doc": "d"})
    ax = plot.plot_adoption_heatmap(adoption, value="documents")
    names = [t.get_text() for t in ax.get_yticklabels()]
    assert names == ["脱贫攻坚", "乡村振兴", "双拥"]  # peak in the first period first; no fragment
    assert _render(ax.figure) == []
