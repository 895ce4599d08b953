"""Document metadata read from a report's own words: delivery date, title, level, place, parent.

    >>> delivered_date("政府工作报告\\n——2020年5月22日在第十三届全国人民代表大会第三次会议上\\n")
    '2020-05-22'

A report opens with a **title block**: the title, often a subtitle, the dateline
(``——2020年5月22日在…会议上``, ``（二〇二三年一月六日）``), the speaker (``市长 张三``) and then
the salutation (``各位代表：``) or the first heading. Everything here reads that block (and,
for the date, a signature line at the very end), never the body, where dates and place
names are about other things.

``level`` and ``parent`` place a document in the administrative hierarchy (national,
province, city, county, township, village) so that targets can be compared with the level
above; provinces and prefecture-level places come from ``lexicons/regions.tsv``.
"""
from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import Dict, List, Mapping, Optional, Tuple

from .lexicon import read_rows
from .numbers import read_numeral

LEVELS = ("national", "province", "city", "county", "township", "village")
NATIONAL = "中国"
# A congress held from this month on plans the next year (兰州 2011-11-15, 毕节 2022-12-30).
LATE_SESSION_MONTH = 11

# --- dates ----------------------------------------------------------------------------------

_CN_DIGIT = {"〇": 0, "○": 0, "零": 0, "O": 0, "o": 0, "Ｏ": 0, "一": 1, "二": 2, "三": 3, "四": 4,
             "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, **{str(i): i for i in range(10)}}
_D = "0-9〇○零OoＯ一二三四五六七八九"
_YEAR = rf"(?P<y>[12][0-9]{{3}}|[一二][{_D}]{{3}})"
_MONTH = r"(?P<m>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九]|元)"
_DAY = r"(?P<d>3[01]|[12][0-9]|0?[1-9]|三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九])"
_DATE = re.compile(rf"(?<![0-9{_D[3:]}]){_YEAR}\s*年\s*{_MONTH}\s*月\s*{_DAY}\s*日")


def _month_or_day(text: str) -> int:
    """A month or day as _MONTH/_DAY admit it (12, 05, 十二, 二十三, 元), read by the one numeral reader."""
    return 1 if text == "元" else int(read_numeral(text).value)


def _iso(match: "re.Match[str]") -> Optional[str]:
    try:
        # The year digit by digit: 2020, 二〇二〇, and the mixed 二0二0 / 二O二三 of typed datelines.
        year = int("".join(str(_CN_DIGIT[c]) for c in match.group("y")))
        return date(year, _month_or_day(match.group("m")), _month_or_day(match.group("d"))).isoformat()
    except (ValueError, KeyError):
        return None


_FULLWIDTH = {ord("０") + i: ord("0") + i for i in range(10)}


def find_dates(text: str) -> List[Tuple[int, str]]:
    """Every full date (year, month and day) in ``text``: (offset, ISO date), in order."""
    folded = text.translate(_FULLWIDTH)  # one character for one: offsets stay those of ``text``
    found = []
    for match in _DATE.finditer(folded):
        iso = _iso(match)
        if iso:
            found.append((match.start(), iso))
    return found


# --- the title block ------------------------------------------------------------------------

_SALUTATION = re.compile(r"^(各位代表|各位委员|同志们|诸位同志|各位人大代表|代表们|各位同志)[，,、：:！!。\s]*")
_HEADING = re.compile(r"^(第?[一二三四五六七八九十]+[、．.]|（[一二三四五六七八九十]+）|\([一二三四五六七八九十]+\)|第[一二三四五六七八九十]+部分)"
                      r"|.{0,20}回顾$")
_CHROME = re.compile(
    r"^(下载|打印|全屏|收藏|分享|关闭|【?字号|加大|还原|减小|[【】]|来源[：:]|时间[：:]|发布时间|发布日期|作者[：:]|"
    r"责任编辑|编辑[：:]|点击|浏览|阅读量|发表时间|字体|【字体|\[?\s*打印|返回|首页|当前位置|索引号|主题分类|发文|信息来源|[（(]此件)")
# Where a report says who speaks: 省长 张三, 国务院总理　李克强, 市长 陈绍旺, 代省长 鹿心社.
_SPEAKER = re.compile(r"(总理|副?省长|副?市长|州长|盟长|专员|县长|区长|旗长|镇长|乡长|主席|主任|书记|代表)"
                      r"[\s\u3000]*[\u4e00-\u9fff·\s\u3000]{0,6}$")
_MEETING = re.compile(r"(人民代表大会|人大|代表大会|会议|大会上|通过)")
_DATELINE_LEAD = re.compile(r"^[—―─\-－~～_＿]{1,4}|^[（(]")
_TITLE_WORD = re.compile(r"(报告|总结|讲话|汇报|要点|纲要|规划|计划|致辞|发言|工作)")
_FOOTNOTE = re.compile(r"\[\^?\d+\]|［\d+］|\[\d+\]")
_ORIGINAL_TITLE = re.compile(r"^(原标题|标题|题目)[：:]\s*")
_SPACED = re.compile(r"^(\S[ \u3000\xa0]+){3,}\S$")  # 政  府  工  作  报  告
_BODY_LINE = 80  # a line this long is body text, not part of the title block
_BLOCK_LINES = 14
_OPENING_CHARS = 1500


def _clean(line: str) -> str:
    line = line.strip().strip("\u200b\ufeff").strip()
    line = re.sub(r"^[#*\-•>\s]+", "", line)
    line = re.sub(r"[*#\s]+$", "", line)
    line = _FOOTNOTE.sub("", line)
    line = _ORIGINAL_TITLE.sub("", line)
    if _SPACED.match(line):
        line = re.sub(r"[ \u3000\xa0]+", "", line)
    return line.strip()


def title_block(text: str) -> List[Tuple[int, str]]:
    """The lines before the salutation or the first heading: (offset, cleaned line)."""
    block = []
    offset = counted = 0
    for raw in text[:4000].splitlines(keepends=True):
        line = _clean(raw)
        start = offset
        offset += len(raw)
        if not line:
            continue
        if _SALUTATION.match(line) or _HEADING.match(line):
            break
        if len(line) > _BODY_LINE and not _is_dateline(line):
            break
        block.append((start, line))
        if len(line) > 2 and not _CHROME.match(line):  # page chrome (下载, 【字体：, 小 中 大) is free
            counted += 1
        if counted >= _BLOCK_LINES:
            break
    return block


def _is_dateline(line: str) -> bool:
    dated = _DATE.search(line.translate(_FULLWIDTH))
    # the date opens the line (after ——, a bracket or 在): 政府工作报告（2012年2月1日在…） is a title
    if dated:
        return bool(_DATELINE_LEAD.match(line)
                    or not re.search(r"[\u4e00-\u9fff]", line[:dated.start()].replace("在", "")))
    if re.search(r"(报告|讲话|总结|发言)$", line):  # 在中国共产党第六次全国代表大会上的政治报告: a title
        return False
    # ——在烟台市第十四届人民代表大会第三次会议上 (no date), 海口市十六届人大
    return bool(_MEETING.search(line) and (_DATELINE_LEAD.match(line) or line.startswith("在")
                                            or re.search(r"届.{0,12}(人大|会议|大会)", line)))


def _is_speaker(line: str) -> bool:
    return len(line) <= 24 and bool(_SPEAKER.search(line)) and not _TITLE_WORD.search(line)


def delivered_date(text: str) -> Optional[str]:
    """The date the report was delivered, ISO ``YYYY-MM-DD``, or None.

    Read from the dateline of the title block (``——2020年5月9日在…``, ``二〇二一年一月十二日``, a
    date in brackets after the title, a dateline broken over two lines). Dates in the body
    are never taken: they are about other things (see :func:`signature_date` for the end).
    """
    block = title_block(text)
    dated = [(line, find_dates(line)) for _, line in block]
    dated = [(line, found) for line, found in dated if found]
    for line, found in dated:  # a proper dateline first
        if _is_dateline(line):
            return found[0][1]
    if dated:
        return dated[0][1][0][1]
    joined = find_dates("".join(line for _, line in block))  # 2006年1月 | 6日在武汉市…: a broken line
    if joined:
        return joined[0][1]
    return None


def signature_date(text: str) -> Optional[str]:
    """The date a document is signed with on one of its last lines (a year-end summary signed
    ``二〇二二年十二月二十日``), ISO, or None. Not a delivery to a congress: it neither plans the
    next year nor contradicts a year label, so only ``documents.delivered`` falls back on it."""
    tail = [line.strip(" \u3000\t（）()—-") for line in text[-400:].splitlines() if line.strip()][-4:]
    for line in reversed(tail):
        found = find_dates(line)
        if found and len(line) <= 40 and "。" not in line:
            return found[-1][1]
    return None


def _strip_title(line: str) -> str:
    line = re.sub(r"(\s*[—―─]{1,2}|\s{2,})\s*(在|[\d０-９〇○一二]{4}\s*年).*$", "", line)  # 政府工作报告——2025年1月22日在…
    line = re.sub(r"^.{0,10}(长|主任|书记)[\s\u3000]*[\u4e00-\u9fff]{1,4}(作|做)(?=\S*报告)", "", line)  # 市长 某某作政府工作报告
    line = re.sub(r"[（(][^（）()]*\d{4}\s*年[^（）()]*[）)]\s*$", "", line)  # (2012年2月1日在…)
    line = re.sub(r"[（(][^（）()]*[〇○][^（）()]*[）)]\s*$", "", line)
    line = line.strip().strip("—―─-－")
    if line.startswith("《") and line.endswith("》") and line.count("《") == 1:
        line = line[1:-1]
    return line.strip("：:　 ")


_NOTICE = re.compile(r"关于印发.*?《([^《》]{2,40})》.*通知")
_TITLE_END = re.compile(r"(报告|总结|讲话|纲要|汇报|致辞|发言)$")


def _plain(line: str) -> bool:
    """A title-block line that may be (part of) the title: not chrome, dateline, speaker, date,
    an addressee (各区、县人民政府…：) or a sentence."""
    if _CHROME.match(line) or _is_dateline(line) or _is_speaker(line):
        return False
    if find_dates(line) and not _TITLE_WORD.search(line):
        return False
    if re.fullmatch(r"[\d０-９〇○零一二三四五六七八九十]{2,4}年([\d０-９一二三四五六七八九十]{1,2}月)?", line):
        return False
    if line.endswith(("：", ":")) or "。" in line or re.match(r"^[\d０-９]{4}年[，,]", line):
        return False
    return True


def report_title(text: str, organisation: str = "") -> Tuple[str, str]:
    """(title, source): the report's title from its title block (source ``text``), else a
    title inferred from its opening words (``向大会报告政府工作`` → 政府工作报告; source
    ``inferred``), else ("", "").

    Web-page chrome (下载, 打印, 来源：…), datelines, the speaker and the salutation are
    never the title.
    """
    lines = [line for _, line in title_block(text)]
    plain = [_plain(line) for line in lines]
    for i, line in enumerate(lines):
        notice = _NOTICE.search(line)  # 关于印发…《政府工作报告》的通知: the report's own title
        if notice:
            return notice.group(1), "text"
        if not plain[i]:
            continue
        title = _strip_title(line)
        following = lines[i + 1] if i + 1 < len(lines) else ""
        # a title broken over two lines: 关于贵阳市国民经济和社会发展 | 第十一个五年规划纲要的报告
        if (following and plain[i + 1] and not _TITLE_END.search(title) and len(following) <= 16
                and not _TITLE_WORD.search(title[-2:])):
            title += _strip_title(following)
            following = lines[i + 2] if i + 2 < len(lines) else ""
        if len(title) < 2 or not re.search(r"[\u4e00-\u9fff]", title):
            continue
        subtitle = _is_dateline(following) or bool(_DATELINE_LEAD.match(following))
        if _TITLE_WORD.search(title) or (subtitle and len(title) >= 5 and "·" not in title):
            return title[:80], "text"
    opening = text[:_OPENING_CHARS]
    if re.search(r"报告政府工作|政府工作报告|作政府工作|代表[^，。]{0,12}政府[^，。]{0,10}报告", opening):
        return "政府工作报告", "inferred"
    if re.search(r"(向大会|向各位代表)(作|做)?(工作)?报告|报告工作", opening):
        # 向大会报告工作 from a government is its government work report
        return ("政府工作报告" if re.search(r"政府|国务院", organisation) else "工作报告"), "inferred"
    return "", ""


# --- places -----------------------------------------------------------------------------------


class Regions:
    """Names, levels and parents of places (``lexicons/regions.tsv``)."""

    def __init__(self, rows) -> None:
        self.level: Dict[str, str] = {}
        self.parent: Dict[str, str] = {}
        self.full: Dict[str, str] = {}  # any name or short name -> the full name
        provinces_short = set()
        for row in rows:
            name, level = row[0], row[1]
            parent = row[2] if len(row) > 2 else ""
            self.level[name] = level
            self.parent[name] = parent
            self.full[name] = name
            shorts = [s.strip() for s in (row[3] if len(row) > 3 else "").split(",") if s.strip()]
            if level == "province":
                provinces_short.update(shorts)
            for short in shorts:
                self.full.setdefault(short, name)
        for name, level in self.level.items():
            for suffix in ("市", "地区", "盟"):
                short = name[: -len(suffix)]
                if level == "city" and name.endswith(suffix) and len(short) >= 2 and short not in provinces_short:
                    self.full.setdefault(short, name)
        names = sorted(self.full, key=len, reverse=True)
        self.pattern = re.compile("|".join(map(re.escape, names)))

    def resolve(self, name: str) -> str:
        """The full name of a place written as ``name`` (长沙 → 长沙市), or ``name`` itself."""
        name = (name or "").strip()
        return self.full.get(name, name)

    def find(self, text: str) -> Optional[str]:
        """The full name of the first known place named in ``text``."""
        match = self.pattern.search(text or "")
        return self.full[match.group()] if match else None


@lru_cache(maxsize=1)
def regions() -> Regions:
    return Regions(read_rows("regions.tsv"))


# 在长沙市第十五届人民代表大会, 在黔东南州第十五届…, 河北省人民政府, 澄湖街道办事处
_JURISDICTION_IN_DATELINE = re.compile(r"在([\u4e00-\u9fff]{2,12}?)(?:第[一二三四五六七八九十百]+届|[一二三四五六七八九十]+届)")
_JURISDICTION_OF_ORG = re.compile(
    r"([\u4e00-\u9fff]{2,16}?(?:省|自治区|市|自治州|州|地区|盟|县|自治县|区|旗|镇|乡|街道|村))"
    r"(?=人民政府|人民代表大会|人大|政府|办事处|党委|党工委|委员会|村民委员会|村委会|妇女联合会|妇联)")
_LEVEL_SUFFIX = (
    ("village", ("村",)),
    ("township", ("镇", "乡", "街道")),
    ("county", ("县", "自治县", "区", "旗", "自治旗")),
    ("city", ("自治州", "州", "地区", "盟", "市")),
    ("province", ("省", "自治区")),
)

_SUFFIXES_LONGEST_FIRST = sorted({x for _, xs in _LEVEL_SUFFIX for x in xs}, key=len, reverse=True)


def level_of_name(name: str) -> str:
    """The level a place name says (长沙市 city, 湖南省 province, 桑溪镇 township), or ""."""
    if not name:
        return ""
    if name == NATIONAL:
        return "national"
    known = regions().level.get(regions().resolve(name))
    if known:
        return known
    for level, suffixes in _LEVEL_SUFFIX:
        if name.endswith(suffixes):
            return level
    return ""


def jurisdiction(text: str, organisation: str = "") -> str:
    """The place a report speaks for, named in its title block: the people's congress of the
    dateline (在长沙市第十五届…), else the organisation (桑溪镇人民政府), else the title."""
    block = title_block(text)
    lines = [line for _, line in block]
    for line in lines:
        if "全国人民代表大会" in line or "国务院" in line:
            return NATIONAL
        match = _JURISDICTION_IN_DATELINE.search(line)
        if match and _is_place_name(match.group(1)):
            return regions().resolve(match.group(1))
    for candidate in [organisation] + lines:
        match = _JURISDICTION_OF_ORG.search(candidate or "")
        if match and _is_place_name(match.group(1)):
            return regions().resolve(match.group(1))
    for line in lines:
        found = regions().find(line)
        if found:
            return found
    return _jurisdiction_of_opening(text)


def _is_place_name(name: str) -> bool:
    """长沙市, 黔东南州, 桑溪镇 — not 市 alone nor a clause caught by the pattern (…代表市)."""
    if name in regions().full:
        return True
    suffix = next((x for x in _SUFFIXES_LONGEST_FIRST if name.endswith(x)), "")
    stem = name[: len(name) - len(suffix)]
    return (bool(suffix) and len(stem) >= 1 and stem not in ("本", "全", "各", "该", "我", "省", "市", "县", "州")
            and not re.search(r"[代表会议审听取和的了在]", stem))


# 我代表省人民政府 / 全省 / 全市: which level speaks, when the title block names no place
_SPEAKS_FOR = re.compile(r"代表(?:[\u4e00-\u9fff]{0,10}?)(省|自治区|市|州|盟|县|区|镇|乡)人民政府")
_LEVEL_OF_WORD = {"省": "province", "自治区": "province", "市": "city", "州": "city", "盟": "city",
                  "县": "county", "区": "county", "镇": "township", "乡": "township"}


def _jurisdiction_of_opening(text: str) -> str:
    """The place of a report whose title block names none: the level of the government that
    speaks (我代表省人民政府向大会报告工作), then the first known place of that level named in
    the opening (在中共江西省委的正确领导下 → 江西省). Direct-administered municipalities speak as
    市 but are provinces."""
    opening = text[:_OPENING_CHARS * 2]
    if re.search(r"代表国务院|全国人民代表大会", opening):
        return NATIONAL
    spoken = _SPEAKS_FOR.search(opening)
    if not spoken:
        return ""
    word = spoken.group(1)
    counts: Dict[str, int] = {}
    for match in regions().pattern.finditer(opening):
        name = regions().full[match.group()]
        level = regions().level.get(name)
        fits = (level == _LEVEL_OF_WORD[word] and (level != "province" or name.endswith(word))) or (
            word == "市" and level == "province" and name.endswith("市"))  # 北京市 …: a 市 that is a province
        if fits:
            counts[name] = counts.get(name, 0) + 1
    return max(counts, key=counts.get) if counts else ""  # the most named; the first on a tie


def place_and_parent(meta: Mapping[str, object], level: str, guessed: str = "") -> Tuple[str, str]:
    """(place, parent) of a document: the place it speaks for and the place one level up.

    Uses manifest columns first (``region`` as ``广东省/广州市``, ``province``, ``county``,
    ``township``, ``village``), then the place ``guessed`` from the text, then the regions lexicon.
    """
    def get(key: str) -> str:
        value = meta.get(key)
        return value.strip() if isinstance(value, str) else ""

    region = get("region")
    path = [p for p in re.split(r"[/／>]", region) if p.strip()] if region else []
    township, county = get("township"), get("county")
    village = get("village")
    if level == "national":
        return NATIONAL, ""
    if level == "village":
        organisation = get("organisation")
        match = re.match(r"(.{1,8}?村)", organisation)
        place = village or (match.group(1) if match else guessed)
        return place, township
    if level == "township":
        return township or guessed, county
    if level == "county":
        place = county or (path[-1] if path and level_of_name(path[-1]) == "county" else "") or guessed
        parent = get("city") or (path[-2] if len(path) >= 2 else "")
        return place, parent or regions().parent.get(place, "")
    if level == "city":
        place = (path[-1] if path and level_of_name(path[-1]) == "city" else "") or get("city") or guessed
        place = regions().resolve(place)
        parent = (path[-2] if len(path) >= 2 else "") or get("province") or regions().parent.get(place, "")
        return place, parent
    if level == "province":
        place = regions().resolve((path[0] if path else "") or get("province") or guessed)
        return place, NATIONAL
    return guessed, ""


def guess_level(meta: Mapping[str, object], guessed_place: str) -> str:
    """national | province | city | county | township | village from the manifest's
    ``level`` when it holds one of these, else from the organisation, the township column
    and the place named in the title block."""
    given = meta.get("level")
    if isinstance(given, str) and given.strip().lower() in LEVELS:
        return given.strip().lower()
    organisation = meta.get("organisation") if isinstance(meta.get("organisation"), str) else ""
    if organisation and re.search(r"国务院|中共中央|全国人民代表大会|中央(纪律|顾问)委员会|全国妇联|中华全国", organisation):
        return "national"
    if organisation and re.search(r"村(民委员会|委会|党支部|党总支|妇代会)", organisation):
        return "village"
    if isinstance(meta.get("township"), str) and meta.get("township"):
        return "township"
    return level_of_name(guessed_place)


def year_warning(delivered: Optional[str], year: Optional[int], source: str) -> str:
    """A note when the delivery date contradicts the year a manifest or file name gives.

    A report is labelled with the year it plans: delivered in that year (January to June, as
    a rule) or late in the year before (a November or December session planning the next year).
    Anything else — above all a report delivered early in Y+1 in a file labelled Y — is a
    mislabelled year, and the note says so. Empty when nothing contradicts.
    """
    if not delivered or not year or source not in ("manifest", "file name"):
        return ""
    when = date.fromisoformat(delivered)
    if when.year == year or (when.year == year - 1 and when.month >= LATE_SESSION_MONTH):
        return ""
    return f"delivered {delivered}, but the {source} says {year}"


def document_meta(text: str, meta: Mapping[str, object], year_source: str = "") -> Dict[str, object]:
    """``delivered``, ``title`` (with ``title_source``), ``level``, ``place``, ``parent`` and
    ``year_warning`` for one document; ``meta`` holds the manifest columns and the year.
    ``delivered`` is the dateline's date, else the signature date at the end; the warning
    reads the dateline only."""
    out: Dict[str, object] = {}
    organisation = meta.get("organisation") if isinstance(meta.get("organisation"), str) else ""
    title, source = report_title(text, organisation or "")
    given_title = meta.get("title")
    if isinstance(given_title, str) and given_title.strip():
        out["title"], out["title_source"] = given_title.strip(), "manifest"
    else:
        out["title"], out["title_source"] = title, source
    delivered = delivered_date(text)
    out["delivered"] = delivered or signature_date(text) or ""
    organisation = meta.get("organisation") if isinstance(meta.get("organisation"), str) else ""
    guessed = jurisdiction(text, organisation or "")
    level = guess_level(meta, guessed)
    out["level"] = level
    place, parent = place_and_parent(meta, level, guessed)
    out["place"], out["parent"] = place, parent
    year = meta.get("year")
    year = int(year) if isinstance(year, str) and year.isdigit() else (year if isinstance(year, int) else None)
    out["year_warning"] = year_warning(delivered, year, year_source)
    return out
