"""The subject of every claim, read clause by clause (``find_subjects``).

A subject is read from the words between a claim and its neighbours: before the number when
the noun comes first (新建道路12公里), after it when the number comes first (5个村获评…),
shared along a list (A、B分别增长3%和5%) and across 由…到…. ``clean`` (subject_clean.py)
takes the last fragment edges off.
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache
from typing import List, Optional, Sequence, Tuple

from .subject_clean import clean as clean_subject, frame_only
from .context import DIGIT, JOINERS, LIST_JOINT
from .records import Found
from .words import bound_words, frames, links, subject_words

# (a comma or colon between digits is a thousands separator or a ratio, not a clause break; so is a
# colon after a percentage: 4.2%:42.3%:53.5%)
_CLAUSE_MARK = re.compile(r"[。；！？;!?\n,:](?!(?<=\d,)\d{3}(?!\d))(?!(?<=[\d%]:)\d)")
_START = re.Match.start
_RATIO_MARKS = (":", "∶", "：")
_RUN_JOINERS = frozenset(JOINERS + _RATIO_MARKS)
_JOINER_HEAD = re.compile(r"^(?:以及|、和|、|和|及|与|或)")
_JOINER_TAIL = re.compile(r"(?:以及|、|和|及|与|或|等)+$")
_BRACKETED = re.compile(r"[（(][^（）()]*(?:\d|[^（）()]{7})[^（）()]*[）)]")
# (從: old traditional-script reports; not the 由 of 由于, 由此, 自由, 经由, nor the 从 of 从业, 从事)
_FROM = re.compile(r"(?:分别)?(?:(?<![自理缘])(?<![^已]经)由(?![于此])|从(?![业事])|從)(?P<time>[^由从從]{0,12}?)的?$")
# A comparison's yardstick at the end of the words before a multiple or a share (是2015年的).
_WHEN_YARDSTICK = r"(?:[一二三四五六七八九〇○零\d]{2,4}年|上年|去年|前年|同期|“[^”]{1,6}”(?:末|时期|期间)?)"
_YARDSTICK = re.compile(rf"(?:是|等于|相当于|为){_WHEN_YARDSTICK}$")
# The same before a list of multiples of the values just said (，分别是2015年的2倍、3倍).
_YARDSTICK_LIST = re.compile(rf"^(?:分别|依次)(?:是|为|相当于){_WHEN_YARDSTICK}的$")
# The value a change starts from, said after 比 and a time (将比一九五八年的二千零五十亿元增长), and
# the time that opens the noun before it (一九五九年的工农业总产值).
_TIME_OF = re.compile(r"^(?:[一二三四五六七八九〇○零\d]{2,4}年|今年|明年|当年)(?:的)?")
# (a longer phrase after 由/从 opens a starting value when it says when: 从“十五”期末, 由1978年)
_STARTING_TIME = re.compile(r"[年期初末底季月\d]")
_SPREAD = re.compile(r"分别|依次")
_SPREAD_WORDS = frozenset(("分别", "依次"))
# 城乡 before the people or households it splits into (城乡居民, 城乡常住居民): two items
_URBAN_RURAL = re.compile(r"城乡(?:常住)?(?:居民|家庭|人均|低保)")
_ITEM_SPLIT = re.compile(r"以及|、|和|及|与")
_VERB_LEAD = re.compile(r"(?:年均|平均每年|平均|同比|均)$")
_CHANGE = (r"(?:同比|比上年|较上年|比[^比较]{1,10}?|较[^比较]{1,10}?|年均|平均每年|分别)*"
           r"(?:继续|持续|稳步|稳定|快速|较快|大幅|明显)?"
           r"(?:增长|下降|提高|降低|上涨|减少|增加|提升|扩大|缩小|上升|回落|新增)了?")
_CHANGE_ONLY = re.compile(rf"^{_CHANGE}$")
# (also against a named year: 分别比2010年增长76.6%、69.5%)
_SPREAD_CHANGE = re.compile(rf"^(?:分别|依次)(?:同比|[比较]{_WHEN_YARDSTICK})?(?:增长|下降|提高|降低|增加|减少)$")
_CHANGE_TAIL = re.compile(rf"{_CHANGE}$")
_SUBJECT_HEAD = re.compile(r"^(?:其中|同时|并(?![网购联重行入存])|共(?![计享同有性青富]|建(?![成设立]))|全年共|另外|此外|目前|截至目前|截至\S{0,8}年底|"
                           r"[一二三四五六七八九十]是|首先|其次)+")
# A subject that only links to what was said before (是前五年的2.2倍, 占全省的30%).
_LINK_LEAD = re.compile(r"^(?:是|相当于|占|为)")
# A subject that only says when (一九八五年达到…): the noun is in the clause before.
_TIME_ONLY = re.compile(r"^(?:[一二三四五六七八九〇○零\d]{2,4}年|“[^”]{1,6}”(?:时期|期间|末|初)|"
                        r"今年|去年|上年|当年|年底|年末|年初|同期)+(?:的|底|末)?$")
# Cheap first/last-character tests before the patterns above (most subjects pass none).
_CHANGE_LAST = frozenset("长降高低涨少加升大小落增了")
_LINK_FIRST = frozenset("是相占为")
_TIME_LAST = frozenset("年期间末初底的")
_HEAD_FIRST = frozenset("以、和及与或其同并共全另此目截首一二三四五六七八九十")  # _LEFT_HEAD's first characters
_LEFT_HEAD = re.compile(rf"(?:{_JOINER_HEAD.pattern[1:]})?(?:{_SUBJECT_HEAD.pattern[1:]})?")
_THREE_SECTORS = re.compile(r"三次产业|一二三产业|一、二、三产业|三产|产业结构")
# What a finished subject must not end with (the last characters, then the pattern).
_LOOSE_END = frozenset("的和、及与由从对共到至为达成在是")
_LOOSE_TAIL = re.compile(r"(?:[的和、及与由从对共]|(?<=[\u4e00-\u9fff]{2})[到至])+$")
_SPACES = frozenset(" \u3000\xa0")
_PEOPLE = frozenset(("人", "名", "人次", "位"))
_HOUSEHOLDS = _PEOPLE | {"户"}
_PRENOMINAL_KINDS = frozenset({"count", "duration", "age", "term"})
_ADVERBS = frozenset(list("将要已也又还并再且则共均都即就") + ["已经", "仍然", "继续", "必须", "实际", "可以", "将会",
                                                              "还要", "就是"])


def _tail(pattern: re.Pattern, text: str, reach: int) -> Optional[re.Match]:
    """``pattern`` (anchored at the end by ``$``) tried only on the last ``reach``
    characters: a search from every position of a long clause costs more than the rest."""
    return pattern.search(text, max(0, len(text) - reach))


def _cut_tail(pattern: re.Pattern, text: str, reach: int) -> str:
    m = pattern.search(text, max(0, len(text) - reach))
    return text[:m.start()] if m else text


def _cut_head(pattern: re.Pattern, text: str) -> str:
    m = pattern.match(text)
    return text[m.end():] if m else text


# 用于教育、科技等方面的支出: the words after 等 belong to the enumeration (kept whole)


def _tidy_left(left: str) -> str:
    """The words before a number, as a subject: no discourse opener, no link verb, no
    enumeration of members (A、B等), no long parenthesis, no 由/从 before a starting value."""
    if left[:1] in _HEAD_FIRST:
        left = left[_LEFT_HEAD.match(left).end():]
    if "(" in left or "（" in left:
        left = _BRACKETED.sub("", left)
    if "把" in left:
        left = _after_ba(left)
    if "由" in left or "从" in left or "從" in left:
        m = _tail(_FROM, left, 18)
        if m and _starting_value(m):
            left = left[:m.start()]
    link = links()
    for _ in range(2):
        if left[-1:] in link.tail_last:
            left = _cut_tail(link.tail, left, 8)
    if "等" in left:
        cut = left.rfind("等", 0, len(left) - 2)
        if cut > 0 and "、" in left[:cut] and not left.startswith(frames().etc_keep, cut + 1):
            left = left[cut + 1:]
    left = left[:-1] if left.endswith("的") else left
    if left[-1:] == "年":  # 收入是2015年(的4.68倍), 支出等于一九五〇年(的六倍半): the yardstick, not the noun
        left = _cut_tail(_YARDSTICK, left, 12)
    return left


_BA = re.compile(r"(?<!一)把(?![握关手控脉])")


def _after_ba(left: str) -> str:
    """必须把全市人口(控制在…): the noun is the object of 把, not the words before it."""
    found = list(_BA.finditer(left))
    return left[found[-1].end():] if found and len(left) - found[-1].end() >= 2 else left


def _starting_value(m: re.Match) -> bool:
    """Whether a 由/从 at the end of the words before a number opens a starting value
    (由上年的, 从人均, 从解放初期的, 从1.73缩小到), not a phrase of its own (从国内引进和培养各类人才: the noun)."""
    time = m.group("time")
    return len(time) <= 4 or m.group().endswith("的") or _STARTING_TIME.search(time) is not None


def _noun_of(base: str) -> str:
    """新增规模以上工业企业 → 规模以上工业企业; 地区生产总值年均增长 → 地区生产总值."""
    verbs = subject_words().verbs
    noun = _cut_tail(_CHANGE_TAIL, base, 24)
    return _cut_head(_JOINER_HEAD, _cut_head(verbs, noun)) or noun


# The words before a bound that already name what it bounds (年销售收入超过百亿元的企业: 年销售收入)


def _after_number(left: str, tidy: str, right: str, unit: str, shares: bool, span: bool) -> Optional[str]:
    """The subject when the counted noun follows the number (5个村获评… → 获评…的村), or
    None when the number closes its phrase (``shares``: an earlier number of the clause
    counts the same noun, 1036户2851人全部脱贫; ``tidy``: ``left`` as _tidy_left reads it;
    ``span``: the number is no bound, 居住5年以上的边民 is no duration of 边民)."""
    if not right or links().not_noun_start.match(right[1:] if right[0] == "的" else right) \
            or right[0] in LIST_JOINT and _JOINER_HEAD.match(right):
        return None  # the common case: the number closes its phrase (…2个和省级美丽县城4个: the
        # words after a joiner name the next number)
    words = subject_words()
    binder = _tail(words.preposition, left, 6) if left else None
    lead = "" if binder is not None or left.endswith("等") else tidy  # 甲、乙等5个村: members
    kind = words.kinds.get(unit, "")
    if left.endswith("的") and right.startswith("的") and kind in ("money", "measure"):
        sandwiched = _cut_tail(_JOINER_TAIL, right[1:13], 6)
        if sandwiched and not words.predicate.search(sandwiched) and not DIGIT.search(sandwiched) \
                and len(sandwiched) <= 8:
            return sandwiched  # …以南的9万平方公里的中国领土: the noun after the second 的
    if kind == "money":
        fund = words.fund.match(right)
        if fund and not tidy.endswith(fund.group("noun")):
            return lead + fund.group("noun")  # 中央财政安排423亿元资金: what the sum is
    if kind == "measure" and span and len(lead) > 4 and "\u4e00" <= right[0] <= "\u9fff" and right[0] != "的" \
            and not frames().measured.search(lead, len(lead) - 3) and not _tail(links().tail, left, 8):
        plant = _capacity_of(right)  # (not 粮食综合生产能力稳定在700亿斤阶段性水平: the value of a quantity)
        if plant:
            return lead + plant  # 加快建设麻涌4平方公里世界农场项目: the plant or product the measure is of
    if unit and kind not in _PRENOMINAL_KINDS and len(lead) > 4 \
            and (span or kind not in ("money", "measure") or frames().measured.search(lead, len(lead) - 3)):
        return None  # 完成固定资产投资1012亿元: a money or measure after its noun (but a bound, 新开工亿元以上
        # 项目, names the class of the noun after it)
    right = _cut_tail(_JOINER_TAIL, right[:24], 6)
    if "“" not in right:
        right = frames().next_count.split(right, 1)[0]  # 14个方面重点任务和47章151节具体任务: the next item is counted on its own
    if "、" in right:
        at = right.index("、")
        if _new_verb(right[at + 1:]):
            right = right[:at]  # 64所中小学、新增5150个学位: a new verb after 、 begins the next item
    percent_of = unit == "%" and right.startswith("的")
    of_noun = right.startswith("的")
    if of_noun:
        right = right[1:]  # 52亿元的科技产业园, 86%的县
    if not right:
        return None
    m = words.predicate.search(right)
    noun, pred = (right[:m.start()], right[m.start():]) if m else (right, "")
    noun = noun[:-1] if noun.endswith("的") else noun
    if pred and noun[-2:] in _SPREAD_WORDS:
        noun, pred = noun[:-2], pred.rstrip("的")  # 41个省优选项目分别完成…的: 分别 belongs to the predicate
    if not noun and kind in ("duration", "term"):
        return lead + pred  # 连续四年获得丰收
    if not noun and (lead or shares) and not left.endswith("的"):
        return None  # 组织志愿者860人参与值守: the noun was before the number
    if noun and not pred and (left.endswith("的") or of_noun and kind in ("duration", "term") and span) \
            and not DIGIT.search(noun):
        return noun  # 来自全国的1300万红卫兵, 重点培育的56户企业集团: the words before qualify the
        # noun after; 连续三年的严重自然灾害: what lasted
    if not span and noun and not pred and kind in ("money", "measure") and len(noun) <= 8 \
            and not DIGIT.search(noun) and not frames().measured.search(lead, max(0, len(lead) - 3)):
        return lead + noun  # 营口、盘锦新开工亿元以上项目: the class is 新开工项目
    bound_verb = binder is not None and binder.group("p") in words.binding_verbs
    subject = _counted(noun, pred, lead, tidy if bound_verb else "", kind == "count" and unit not in _PEOPLE)
    return subject + "比例" if percent_of else subject


_ITEM_END = re.compile(r"[、和及与等]")


def _capacity_of(right: str) -> str:
    """The noun right after a measure (100万吨乙烯, 4平方公里世界农场项目) when it is one: no
    predicate, verb or link opens it, and it is two to twelve characters up to the clause's end
    or a joiner; "" otherwise."""
    words = subject_words()
    if links().not_noun_start.match(right) or words.predicate.match(right) or words.verbs.match(right) \
            or frames().bare_verb.match(right) or subject_words().frame_start.match(right):
        return ""
    noun = _cut_tail(_JOINER_TAIL, frames().next_count.split(right[:16], 1)[0], 6)
    noun = _ITEM_END.split(noun, maxsplit=1)[0]
    noun = noun[1:] if noun[:1] == "级" else noun  # 30万吨级进港航道: the grade is no part of the name
    if words.predicate.search(noun) or DIGIT.search(noun) or noun[-1:] in "上下":
        return ""  # (在已建成714公里基础上: a circumstance)
    return noun if 2 <= len(noun) <= 12 else ""


def _counted(noun: str, pred: str, lead: str, verb_left: str, things: bool) -> str:
    """The subject of a number followed by its noun and what is said of it (``pred``);
    ``lead``: the words before the number that may name it; ``verb_left``: the words before a
    binding verb (覆盖, 带动) the number is the object of; ``things``: a count of things, not people."""
    if pred:
        return f"{pred}的{noun}" if noun else pred
    if len(lead) > 4 and things and len(noun) > 4:
        return noun  # 全国建立了2.4万个社区卫生服务机构 (but 突出了以下六个方面: the lead)
    if len(lead) > 4:
        if lead.endswith("了"):
            return lead + noun  # 为46个贫困乡镇培训了460名农民技术人员: the object of the verb
        return lead + noun if len(noun) <= 4 else lead  # 组织志愿者300人值守: people named before
    if 0 < len(verb_left) <= 10:
        return f"{verb_left}的{noun}"  # 远程教育已覆盖36万所农村中小学 → …覆盖的农村中小学
    return lead + noun


_HEADING_MAX = 8


@lru_cache(maxsize=1)
def _compared() -> "re.Pattern[str]":
    """比 and a time before the value a change starts from (将比一九五八年的…)."""
    return re.compile(rf"(?:{frames().compared_lead})?比(?P<time>{_WHEN_YARDSTICK})的$")


# A digit that is not part of a year (1979年…): a number the clause noun must not hold.
_NUMBER = re.compile(r"\d+(?![\d年])")


def _circumstance(clause: str) -> bool:
    """Whether ``clause`` only says how, when or under what circumstances (按可比价格计算,
    经过群众讨论以后, 在这一新的基础上, 五年来: the circumstance_* words of
    claim_subject_words.tsv): no noun for the clause after it. Inside a subject such a phrase
    is dropped (收入在…下调的情况下 → 收入)."""
    f = frames()
    return clause[-1:] in f.circumstance_last and f.circumstance.match(clause) is not None


def _clause_before(text: str, cs: int, sentence: "_Sentence") -> str:
    """The clause before ``cs`` of the same sentence, when it holds no number."""
    if cs < 2 or text[cs - 1] not in ",，" or sentence.before_has_number:
        return ""
    clause = text[max(sentence.before_start, cs - 30):cs - 1]
    return "" if DIGIT.search(clause) else clause


def _clause_noun(text: str, cs: int, sentence: "_Sentence") -> str:
    """The clause before ``cs`` as a subject, when the clause at ``cs`` names none
    (销售额翻番增长，达到14.4亿元) and that clause holds no number nor only says how or when."""
    if cs < 2 or text[cs - 1] not in ",，:：" or sentence.before_has_number:
        return ""
    clause = text[max(sentence.before_start, cs - 30):cs - 1]
    if not clause or _NUMBER.search(clause) or _circumstance(clause):
        return ""  # (a year is no number: 基本建设1979年交付使用的固定资产占投资的比重，由上年的…)
    if text[cs - 1] in ":：":
        clause = clause.strip(" \u3000\xa0")
        if len(clause) > _HEADING_MAX:
            return ""  # 钢:从135万吨增加到412万吨: a short noun before a colon heads the clause after it
    if clause[-1] in "下上" and "在" in clause:
        clause = _cut_tail(frames().circumstance_inside, clause, 20)
    return _noun_of(_tidy_left(clause))


class _Sentence:
    """What later clauses of a sentence build on: the last base noun and the last list of
    items shared out over numbers (A、B分别增长…, 比上年增长…和…)."""

    __slots__ = ("start", "base", "items", "before_start", "before_has_number", "said", "unit")

    def __init__(self, start: int = -1) -> None:
        self.start, self.base, self.items = start, "", ()
        self.said: List[str] = []  # the subjects of the sentence's claims so far
        self.unit = ""  # the unit of the sentence's last claim
        # The clause before the current one: where it starts, whether a claim is in it.
        self.before_start, self.before_has_number = 0, False


_SECTORS = re.compile(r"^(?:[其中，,]*)(?:第?一[、，,]?二[、，,]?三产业?|第一[、，,]第二[、，,]第三产业)(?P<what>增加值)?$")
_ADVERB_RUN = re.compile(r"(?:也将|也|将|还|又|都|均|已经|已|则)+$")
_LINK_BEFORE_BASIS = re.compile(r"^(?:达到|为|是)(?=每|人均)")


def _shared_tail(before: str, last: str) -> str:
    """The words the last item of a list shares with the others, found where the last item's
    own name ends like the item before it (工业 / 服务业增加值 → 增加值; 失业保险 / 基本医疗保险的人数
    → 的人数); "" when it does not."""
    for n in range(min(4, len(before)), 0, -1):
        at = last.find(before[-n:], 1, 8)
        if at > 0 and len(last) - (at + n) >= 2:
            return last[at + n:]
    return ""


def _items_said(clause: str, size: int) -> List[str]:
    """The ``size`` items a clause names before what it says of them (产业投资、民间投资不断扩大 →
    产业投资, 民间投资: the last item ends where it ends like the one before); [] when it names
    no such list."""
    items = _ITEM_SPLIT.split(_tidy_left(clause))
    if len(items) != size or not all(items):
        return []
    before, last = items[-2], items[-1]
    at = last.find(before[-2:], 1) if len(before) >= 2 else -1
    if at > 0:
        items[-1] = last[:at + 2]
    return items if all(len(i) <= 12 for i in items) else []


def _sector_verb(verb: str) -> str:
    return "" if not verb or links().tail.fullmatch(verb) else verb


def _tail_when(item: str) -> str:
    m = _TIME_HEAD.match(item)
    return m.group() if m else ""


def _spread(head: str, size: int, sentence: _Sentence, before: str = "") -> Optional[List[str]]:
    """Subjects for ``size`` numbers joined into one list after ``head``
    (广播、电视覆盖率分别达到65%和70% → 广播覆盖率, 电视覆盖率); ``before``: the clause before
    when it holds no number (its items may be the ones shared out)."""
    spreads = list(_SPREAD.finditer(head))
    m = spreads[-1] if spreads else None  # the last 分别/依次 before the numbers
    if m is not None:
        items_text, verb = head[:m.start()], head[m.end():]
    else:
        items_text = _cut_head(_SUBJECT_HEAD, head)
        for _ in range(2):
            items_text = _cut_tail(links().tail, items_text, 8)
        verb = ""
    lead = _tail(_VERB_LEAD, items_text, 5)
    if lead:
        items_text, verb = items_text[:lead.start()], lead.group() + verb
    verb = _cut_tail(links().tail, _cut_tail(_FROM, verb, 18), 8).rstrip("的")  # (rare: no pre-test)
    sectors = _SECTORS.search(items_text) if size == 3 else None
    if sectors:  # 一二三产业分别增长4%、10%和9%, 一、二、三产增加值
        return [f"第{n}产业{sectors.group('what') or ''}{_sector_verb(verb)}" for n in "一二三"]
    if before and m is not None and _cut_tail(_ADVERB_RUN, items_text, 8) == "":
        items_text = before  # 木材和水泥的产量，也将分别比上年增长…和…: the items are in the clause before
    elif before and m is not None and (items_text[:1] in _LINK_FIRST and _LINK_LEAD.match(items_text)
                                       or items_text in frames().rate_only):  # (…增速分别为38.7%、19%)
        named = _items_said(before, size)
        if named:  # 产业投资、民间投资不断扩大，占全年投资总额比重分别达35%和50%
            sentence.items = ()
            return [f"{item}{items_text}{verb}" for item in named]
    items = [i for i in _ITEM_SPLIT.split(_tidy_left(items_text))]
    if size == 2 and len(items) == 1 and "城乡" in items[0] and _URBAN_RURAL.search(items[0]):
        head, _, rest = items[0].partition("城乡")  # 城乡居民收入分别达到4万元和2万元: 城镇…, 农村…
        items = [f"{head}城镇{rest}", f"{head}农村{rest}"]
    if len(items) != size or not all(items):
        if _CHANGE_ONLY.match(items_text) and len(sentence.items) == size:
            items_text, verb = "", items_text + verb  # ，比上年增长3.6%和7%: the change of the items before
        if not items_text.strip() and len(sentence.items) == size:
            items = list(sentence.items)  # 比上年增长33%和30%: the items said before
        else:
            sentence.items = ()  # (A分别达到X、Y names no items: older ones no longer apply)
            return None
    when = _tail_when(items[0]) if len(items[0]) > 2 else ""
    if when and _TIME_HEAD.match(items[1]):
        when = ""
    elif when:
        items[0] = items[0][len(when):]  # 今年苏南、苏中、苏北城市低保标准: the time is no part of the item
    before, last = items[-2], items[-1]
    etc = last.find("等", 1)
    if etc > 0 and last.startswith(frames().etc_keep, etc + 1):
        last = items[-1] = last[:etc] + last[etc + 1:]  # 医疗卫生、农林水务等方面的投资: 方面的投资 is shared
        shared = last[etc:]
    else:
        shared = _shared_tail(before, last)  # 工业、农业和服务业增加值: the last item's own name ends like the one before
    if shared:
        pass
    elif all(len(i) == len(items[0]) for i in items[:-1]) and len(items[0]) <= 3 < len(last):
        shared = last[len(items[0]):]  # 广播、电视覆盖率
    elif len(last) > len(before) + 1 and last[len(before) - 1] == before[-1]:
        shared = last[len(before):]  # 工伤保险和生育保险参保人数
    items = [i if i.endswith(shared) else i + shared for i in items[:-1]] + [last]
    if when:
        items[0] = when + items[0]
    verb = _cut_head(_LINK_BEFORE_BASIS, verb)  # 分别达到每人每月330元、270元: 每人每月 says per what
    sentence.items = tuple(items)
    return [i + verb for i in items]


def _clause_subjects(text: str, group: Sequence[Found], cs: int, ce: int,
                     sentence: _Sentence) -> List[str]:
    """Subjects of the claims ``group`` that share the clause ``text[cs:ce]``."""
    n = len(group)
    gaps = [text[cs:group[0].start]] + [text[group[k - 1].end:group[k].start] for k in range(1, n)] \
        + [text[group[-1].end:ce]]
    out: List[Optional[str]] = [None] * n
    k = 0
    while k < n:  # lists of numbers joined by 、/和 and 由A增加到B pairs
        j = k + 1
        while j < n and gaps[j].strip() in _RUN_JOINERS and (not _bound_with_noun(text, group[j], gaps[j + 1])
                                                             or _bounds_listed(text, group[j - 1], group[j])):
            j += 1
        if j - k > 1:
            _share_run(text, group, gaps, k, j, sentence, out, cs)
        elif j < n and _from_to(text, group, gaps, k, j, sentence, out, cs):
            j += 1
        k = j
    for k in range(n):
        if out[k] is None:
            out[k] = _one_subject(text, group, gaps, k, sentence, out, cs)
    return out  # type: ignore[return-value]


def _share_run(text: str, group: Sequence[Found], gaps: List[str], k: int, j: int, sentence: _Sentence,
               out: List[Optional[str]], cs: int) -> None:
    """Subjects of the numbers ``k`` to ``j`` joined into one list (A、B分别增长3%和5%)."""
    out[k:j] = _spread(gaps[k], j - k, sentence, _clause_before(text, cs, sentence) if k == 0 else "") \
        or [None] * (j - k)
    if out[k] is None and len(sentence.said) >= j - k and k == 0 and all(sentence.said[-(j - k):]):
        if _tail(_YARDSTICK_LIST, gaps[k], 16):
            out[k:j] = sentence.said[-(j - k):]  # A 5亿元、B 3万人，分别是2015年的2倍、3倍: A, B
        elif _SPREAD_CHANGE.match(gaps[k]):  # A 11.7亿吨、B 2872万标箱，分别增长4.7%和4.3%
            verb = _SPREAD.sub("", gaps[k])
            out[k:j] = [f"{said}{verb}" for said in sentence.said[-(j - k):]]
    if out[k] is None:  # no items to share out: every number gets the first one's
        out[k] = _SPREAD.sub("", _one_subject(text, group, gaps, k, sentence, out, cs))
        out[k + 1:j] = [out[k]] * (j - k - 1)
    if j - k == 3 and gaps[k + 1].strip() in _RATIO_MARKS \
            and (_THREE_SECTORS.search(gaps[k]) or _THREE_SECTORS.search(out[k] or "")
                 or _THREE_SECTORS.search(text, cs, group[k].start)):  # …由1.9：62.1：36调整为2016年1.8：59.2：39
        out[k:j] = ["第一产业比重", "第二产业比重", "第三产业比重"]  # 三次产业结构 7:49:44


def _from_to(text: str, group: Sequence[Found], gaps: List[str], k: int, j: int, sentence: _Sentence,
             out: List[Optional[str]], cs: int) -> bool:
    """由2015年的3个增加到2020年的5个: both numbers take the noun, each its own time; False
    when claims ``k`` and ``j`` are no such pair."""
    change = links().change_to.match(_RATE_HEAD.sub("", gaps[j], count=1))
    if change is None:
        return False  # (98元/月提高到178元/月: the rate's /月 is part of the value before)
    left = _own_left(text, group, gaps, k)[0]
    m = _tail(_FROM, left, 18)
    if not m:
        return False
    noun = _tidy_left(left[:m.start()])
    if noun in _ADVERBS:  # …的比重，已由…降低到…: the noun is the clause before
        noun = _clause_noun(text, cs, sentence) or _noun_of(sentence.base)
    noun = noun or _noun_of(sentence.base) or _clause_noun(text, cs, sentence)
    first, second = m.group("time").strip("的"), change.group("time")
    own = _TIME_HEAD.sub("", noun, count=1) if first or second else noun  # (2007年…比重，由2002年的: one time each)
    out[k] = first + own if 0 < len(first) <= 8 else noun
    out[j] = second + own if 0 < len(second) <= 8 else noun
    sentence.base = noun
    return True


def _one_subject(text: str, group: Sequence[Found], gaps: List[str], k: int,
                 sentence: _Sentence, out: List[Optional[str]], cs: int) -> str:
    left, shares = _own_left(text, group, gaps, k) if k else (gaps[0], False)
    if left[-1:] in _SPACES:
        left = left.rstrip(" \u3000\xa0")  # 比上年增长 27.5%: a space before the number
    right = _right_of(text, group, gaps, k, left) if k + 1 < len(group) else gaps[k + 1]
    if right[:1] in _SPACES and subject_words().kinds.get(group[k].unit) not in ("money", "measure"):
        right = right.lstrip(" \u3000\xa0")  # 100家 省级龙头企业: a stray space before the noun
        # (not after money or a measure: 减负80亿元 落实… is a new clause)
    if k + 1 == len(group) and right[:3] in _SPAN_OF_TIME and subject_words().kinds.get(group[k].unit) == "duration" \
            and left.endswith(frames().time_use):
        task = _task_after(text, group[k].end + len(right))
        if task:
            return task  # 用三年左右的时间，使大多数国有大中型亏损企业摆脱困境: what the time is for
    if left.endswith("的") and "比" in left:
        m = _tail(_compared(), left, 16)
        if m and m.start() >= 2:  # 总产值将比一九五八年的(2050亿元增长): the value of that time
            noun = _tidy_left(left[:m.start()])
            sentence.base = noun  # (the change after it is the noun's own)
            return m.group("time") + _cut_head(_TIME_OF, noun)
    subject = _tidy_left(left)
    after = _after_number(left, subject, right, group[k].unit, shares, not _threshold(text, group[k]))
    if after is not None:
        sentence.base, sentence.items = after, ()  # (a noun of its own: older list items no longer apply)
        return after
    f = frames()
    if subject in f.in_a_row and right and not _JOINER_HEAD.match(right):
        return _cut_tail(_JOINER_TAIL, right[:20], 6).strip()  # 连续10年位居全球第1: what lasted
    if subject in _ADVERBS or subject in f.no_noun:
        subject = ""  # (…建立经济关系的国家和地区，已经有93个: the noun is in the clause before)
    if not subject and shares and out[k - 1]:
        return out[k - 1]  # 1036户2851人: the same households, counted twice; 77万公顷（1163万亩）
    if subject and subject[-1] in f.bare_verb_last and f.bare_verb.fullmatch(subject):
        before = (out[k - 1], group[k - 1].unit) if k else (sentence.said[-1] if sentence.said else "",
                                                               sentence.unit)
        borrowed = _borrowed(subject, before[0]) if before[1] == group[k].unit else ""
        if borrowed:
            sentence.base = borrowed
            return borrowed  # 开工建设保障性住房20万套、竣工20万套: 竣工保障性住房
    return _on_base(subject, text, cs, k, sentence)


def _borrowed(verb: str, said: str) -> str:
    """The subject of the claim before (``said``, same unit) with its verb replaced by ``verb``,
    a bare verb with no noun of its own (开工建设保障性住房 + 竣工 → 竣工保障性住房; 标准厂房开工 +
    建成 → 标准厂房建成); "" when ``said`` names no noun around a verb."""
    f = frames()
    head = f.verb_head.match(said)
    if head and 2 <= len(said) - head.end():
        return verb + said[head.end():]
    tail = f.verb_tail.search(said, max(0, len(said) - 8))
    if tail and tail.start() >= 2 and not frame_only(said[:tail.start()]):
        return said[:tail.start()] + verb  # (not 力争新开工 + 投产: 力争 names nothing)
    inside = f.bare_verb.search(said)
    if inside and len(said) - inside.end() >= 2:
        return said[:inside.start()] + verb + said[inside.end():]  # 全县开工建设公租房 → 全县竣工公租房
    return ""


_SPAN_OF_TIME = frozenset(("时间", "的时间"))


def _task_after(text: str, at: int) -> str:
    """The clause after a span of time spent on something (用三年的时间，认真搞好…: the time_use words
    of claim_subject_words.tsv before the number), when it says what is done in it: not a
    circumstance, a time or a result (到一九〇七年, 即…, 就…), no number, four to twenty characters."""
    if text[at:at + 1] not in ",，":
        return ""
    m = _CLAUSE_MARK.search(text, at + 1, at + 26)
    task = text[at + 1:m.start() if m else at + 1]
    if not 4 <= len(task) <= 20 or task[0] in frames().task_open or DIGIT.search(task) or _circumstance(task):
        return ""
    return task


def _right_of(text: str, group: Sequence[Found], gaps: List[str], k: int, left: str) -> str:
    """The words after claim ``k`` that may name what it counts, when another claim follows."""
    right, h = gaps[k + 1], group[k + 1]
    if "、" in right:
        at = _item_break(right, last=False)
        if at:
            return right[:at]  # 2万辆自行车、设置800个服务点: the words after 、 name the next number
    kinds = subject_words().kinds
    if not right and (not left or _tail(subject_words().preposition, left, 6)
                      or kinds.get(group[k].unit) == kinds.get(h.unit) == "count"
                      and (group[k].unit in _HOUSEHOLDS) == (h.unit in _HOUSEHOLDS)):  # (not 208架次32235人)
        right = gaps[k + 2]  # 2722户1.03万群众入住…, 安排了15类52件民生实事: both count the nouns after them
    elif not right and _threshold(text, h) and gaps[k + 2] and not _JOINER_HEAD.match(gaps[k + 2]):
        right = text[h.start:h.end] + gaps[k + 2]  # 实施100个超亿元重大项目: the class is part of the noun
    elif right and _threshold(text, h) and gaps[k + 2] and not _JOINER_HEAD.match(gaps[k + 2]) \
            and not _tail(_JOINER_TAIL, right, 6):
        right += text[h.start:h.end] + gaps[k + 2]  # 5个投资50亿元以上项目
    return right


def _on_base(subject: str, text: str, cs: int, k: int, sentence: _Sentence) -> str:
    """``subject`` completed with the noun the sentence built on when it names none itself
    (a change, a link, a total, a time only), and remembered as that noun."""
    if not subject or subject[-1] in _CHANGE_LAST and _CHANGE_ONLY.match(subject) \
            or subject[0] in _LINK_FIRST and _LINK_LEAD.match(subject) \
            or subject[-1] in frames().rate_last and subject in frames().rate_only:
        base = _base(text, cs, k, sentence)
        if base:
            sentence.base = base  # (糖的产量，比上年增加17万吨，增长20.6%: the next change too)
            return base + _SPREAD.sub("", subject)
    elif frame_only(subject):  # 比一九五七年增长: the noun is in a clause before (手工业总产值)
        base = _base(text, cs, k, sentence)
        when = _when(subject)
        if when and base.startswith(when[:2]):
            base = _TIME_HEAD.sub("", base, count=1)
        if base and not frame_only(base) and len(base) <= _FRAME_BASE_MAX:
            sentence.base = base  # (the next change of the sentence builds on the same noun:
            # 钢产量，今年比去年增加12%，比一九七七年增加65.5%)
            return when + base
    elif subject in subject_words().totals:
        subject = _base(text, cs, k, sentence) + subject
    elif subject[-1] in _TIME_LAST and _TIME_ONLY.match(subject):
        subject = subject + _base(text, cs, k, sentence)
    else:
        sentence.items = ()  # 货物吞吐量11.7亿吨、集装箱吞吐量…，分别增长…: a noun of its own, so the
        # items of an older list no longer apply
    sentence.base = subject
    return subject


# A date or time word opening a subject (一九八四年, 今年, 同期), and the longest noun a
# frame-only subject borrows from the clause before (a longer one is a clause, not a noun).
_TIME_HEAD = re.compile(r"^(?:[一二三四五六七八九〇○零\d]{2,4}年|今年|去年|上年|当年|本年|同期)")
_FRAME_BASE_MAX = 12


def _when(subject: str) -> str:
    """The date or time word at the start of a frame-only subject (一九八四年增加 → 一九八四年)."""
    m = _TIME_HEAD.match(subject)
    return m.group() if m else ""


def _base(text: str, cs: int, k: int, sentence: _Sentence) -> str:
    """The noun a clause without one builds on: the clause before it when that names no
    number (销售额翻番增长，达到14.4亿元), else the last subject of the sentence."""
    return (_clause_noun(text, cs, sentence) if k == 0 else "") or _noun_of(sentence.base)


def _new_verb(words: str) -> bool:
    """Whether ``words`` (after a 、) open with an activity verb of two or more characters (新增, 完成;
    not the 新 of 新型, 新能源): a new item of a list of claims, not a member of a noun's list."""
    m = subject_words().verbs.match(words)
    return m is not None and m.end() >= 2 and words[:2] not in frames().new_noun




def _own_left(text: str, group: Sequence[Found], gaps: List[str], k: int) -> Tuple[str, bool]:
    """(the words before claim ``k`` that may name it, whether it counts the same noun as
    the claim right before it)."""
    left = gaps[k]
    if not k:
        return left, False
    g = group[k - 1]
    if left[:1] == "/":
        left = _RATE_HEAD.sub("", left, count=1)  # 4500吨/天、生化处理能力: /天 belongs to the number before
    if _JOINER_HEAD.match(left):
        return _cut_head(_JOINER_HEAD, left), False  # 新增企业6家、工厂2家: the next item's noun
    if _tail(_JOINER_TAIL, left, 6):
        return "", False  # 13个乡镇、386个村: the words belong to the number before
    if not left.strip("的（( "):
        return "", True  # 1036户2851人, 77万公顷（1163万亩）
    if "、" in left and not _threshold(text, g) and _new_verb(left[left.rindex("、") + 1:]):
        return left[left.rindex("、") + 1:], False  # 64所中小学、新增5150个学位: 新增 (中小学 is the item before)
    if "、" in left and not _threshold(text, g):
        at = _item_break(left, last=True)
        if at:
            return left[at + 1:], False  # 100万吨乙烯、克拉玛依20万吨甲醇: 乙烯 is the noun of the number before
    if left.startswith("的") or _threshold(text, g) and left[:1] not in "(（":
        return _cut_head(_JOINER_HEAD, gaps[k - 1]) + text[g.start:g.end] + left, False  # 超过5000万元的项目4个
    return left, False


# Words after a 、 that show the list goes on or shares one number (均, 分别, 和, 等 …).
# (not the 均 of 平均/人均, the 及 of 惠及/涉及)
_SHARED_LIST = re.compile(r"(?<![平人亩户])均|(?<![惠涉普])及|[各都和与或等]|分别|全部")


_ADVERB_CHARS = frozenset("将要已也又还并再且则共均都即就")
# The per-what of a rate right after its number (元/月, 吨/天)
_RATE_HEAD = re.compile(r"^/(?:(?:小时|平方米|百平方公里|[\u4e00-\u9fff])[/·]?)+?(?=[^/·]|$)(?<![/·])")


def _item_break(gap: str, last: bool) -> int:
    """Where a 、 splits the words between two numbers of one clause into the noun of the
    number before and the words of the number after (自行车、设置; 乙烯、克拉玛依): the first (or,
    with ``last``, the last) 、 with two characters or more on both sides; 0 when the words end
    with a joiner (国家、省级重点项目、3个…: a list of nouns) or hold quotes or parentheses."""
    if _tail(_JOINER_TAIL, gap, 6) or _JOINER_HEAD.match(gap) or any(c in gap for c in "“（(") \
            or gap[-1:] in "为到至" and _tail(links().changed_to, gap, 8):
        return 0  # (52个内设机构、事业单位、所属企业优化为13个: one list, changed to a value)
    at = gap.rindex("、") if last else gap.index("、")
    before, after = gap[:at].rsplit("、", 1)[-1], gap[at + 1:].rstrip(" \u3000")
    if len(before) < 2 or len(after.split("、", 1)[0]) < 2 or _SHARED_LIST.search(after) \
            or "的" in after[:-1] or before[0] in _ADVERB_CHARS:  # (两批共取消、下放审批项目: two verbs share it)
        return 0  # 人大建议和政协提案办理率、满意率均达100%, 沿边市、县的进出口总额: one list shares the number
    return at


def _bounds_listed(text: str, f: Found, g: Found) -> bool:
    """超百亿元、超千亿元的大型骨干企业: two bounds of one kind listed before the noun they share."""
    kinds = subject_words().kinds
    return _threshold(text, f) and kinds.get(f.unit) == kinds.get(g.unit)


def _bound_with_noun(text: str, f: Found, after: str) -> bool:
    """Whether ``f`` is a bound followed by the noun it names (落地项目36个、超亿元以上项目22个):
    it opens a claim of its own, not the next member of a list of numbers."""
    if not after or not _threshold(text, f):
        return False
    after = after[1:] if after[0] == "的" else after  # 超过500亿元的产业园区5个 (not …以上的达到15个)
    return bool(after) and after[0] not in LIST_JOINT and not links().not_noun_start.match(after) \
        and not subject_words().frame_start.match(after)



def _threshold(text: str, f: Found) -> bool:
    """亿元以上, 超过5000万元: a bound that names a class of things, not a count of them."""
    return f.qualifier != "exact" and (text[f.end - 2:f.end] in ("以上", "以下") or f.pre)


def find_subjects(text: str, found: Sequence[Found], stops: Sequence[int]) -> List[str]:
    """The subject of every claim in ``found`` (sorted, on the folded text; ``stops``: the
    offsets of the sentence marks)."""
    marks = list(map(_START, _CLAUSE_MARK.finditer(text)))
    subjects: List[str] = []
    sentence = _Sentence()
    i, n, last = 0, len(found), len(marks)
    where = bisect.bisect_left
    while i < n:
        f = found[i]
        c = where(marks, f.start)
        cs = marks[c - 1] + 1 if c else 0
        e = where(marks, f.end, c)
        ce = marks[e] if e < last else len(text)
        j = i + 1
        while j < n and found[j].start < ce:
            j += 1
        s = where(stops, f.start)
        if s != sentence.start:
            sentence = _Sentence(s)
        sentence.before_start = marks[c - 2] + 1 if c > 1 else 0
        sentence.before_has_number = bool(i) and found[i - 1].end > sentence.before_start
        if j == i + 1:  # one number in the clause: the common case
            subjects.append(_one_subject(text, (f,), [text[cs:f.start], text[f.end:max(ce, f.end)]],
                                         0, sentence, [None], cs))
        else:
            subjects.extend(_clause_subjects(text, found[i:j], cs, max(ce, found[j - 1].end), sentence))
        sentence.said.extend(subjects[len(subjects) - (j - i):])
        sentence.unit = found[j - 1].unit
        i = j
    return list(map(_finished, subjects))


@lru_cache(maxsize=65536)
def _finished(subject: str) -> str:
    """A subject as it is written to the table (cached: it depends on the words alone, and
    a report repeats its subjects)."""
    return clean_subject(_final(subject) if subject[-1:] in _LOOSE_END else subject)


def _final(subject: str) -> str:
    """A subject that still ends in a link verb or a function word (占全国的, 清理整合到,
    收入完成) loses it, unless nothing would be left or the last character is bound in a
    word (惠及, 涉及, 普及: lexicons/claim_cues.tsv subject_bound)."""
    if subject[-2:] in bound_words():
        return subject
    cut = _LOOSE_TAIL.sub("", _cut_tail(links().tail, subject, 8))
    return cut or subject
