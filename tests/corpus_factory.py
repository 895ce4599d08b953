"""Small hand-written reports for the pipeline tests (invented text, no corpus sentences)."""
from __future__ import annotations

from pathlib import Path
from typing import List

TOWNS = ["青石", "柳岸", "南塘", "白沙", "东坡", "西河", "北山", "梅林"]


def report_text(i: int) -> str:
    town = TOWNS[i % len(TOWNS)]
    year = 2019 + i % 5
    return (
        f"{town}镇人民政府工作报告\n"
        f"一、{year - 1}年工作回顾\n"
        f"（一）经济运行稳中有进。全年完成地区生产总值{12 + i}.5亿元，同比增长{3 + i % 4}.2%。"
        f"新建高标准农田{200 + 10 * i}亩，改造农村公路XX公里。\n"
        "（二）民生保障持续加强。深入开展“美丽庭院”创建活动，坚持以人民为中心的发展思想，"
        f"新增就业岗位[X]个，发放救助资金{30 + i}万元。\n"
        "二、存在的问题\n"
        "产业结构仍然单一，村级集体经济底子较薄。\n"
        f"三、{year}年工作安排\n"
        f"力争全年财政收入增长{5 + i % 3}%以上，确保完成××项民生实事。\n"
    )


def write_corpus(folder: Path, n: int = 12) -> List[Path]:
    """``n`` small UTF-8 reports in ``folder`` (plus one GB18030 twin), returned in name order."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        path = folder / f"town_{i:03d}_{2019 + i % 5}_gov.txt"
        path.write_text(report_text(i), encoding="utf-8")
        paths.append(path)
    twin = folder / "town_000_2019_gov.gb18030.txt"
    twin.write_bytes(report_text(0).encode("gb18030"))
    paths.append(twin)
    return sorted(paths)
