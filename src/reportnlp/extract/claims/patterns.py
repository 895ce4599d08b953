"""The candidate regex and its companions, compiled once from the lexicons.

One pattern finds every candidate number on the width-folded text (a ratio, a fraction,
翻两番, or a number or range with its scale, unit and qualifier); reading.py then decides
whether a candidate is a claim. The qualifier before a number is found backwards from it
(``pre_before``), not by the candidate pattern.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple, Optional

from ...lexicon import read_rows
from ...numbers import (ARABIC, CN_FRACTION, CN_NUMERAL_CHARS, MINUS_DASHES, MINUS_WORDS, MIXED_TAIL,
                        PERCENT_WORD, SCALE)
from ...slots import NUMBER_SLOT
from ...wordpatterns import alternation, trie
from .records import SLOT_FIRST
from .words import cues, currency_signs, qualifiers, units

_RANGE_SEP = r"(?:至|到|~|～|〜|-{1,2}|—{1,2}|–|－|－)"  # (1万元--5万元)
# （含） after an amount marks its end as inclusive: 50万元（含）以上, 1万(含)-5万元; it stays in the span.
_INCLUSIVE = r"(?:[（(]含[）)])?"
_RATIO = rf"{ARABIC}(?:[:∶]{ARABIC})+"
_FRACTION = r"(?:\d+又)?\d+/\d+"  # 1/5, 1又1/5
_DOUBLING = r"翻了?(?P<fan>[一两二三四五六]|\d)番"
_MID = r"(?:余|餘|多|(?<=[十百千])来)"  # 十来个, 二十来岁: about (来 only after a Chinese 十, 百, 千)


def _unit_guard() -> str:
    """A lookahead that keeps a numeral or scale from eating a unit's first character:
    in 330千伏 and 一千九百五十万千瓦 the last 千 belongs to the unit."""
    words = [u for u in units() if len(u) > 1 and u[0] in "十百千万亿"]
    # (the words themselves, not every head with every tail: 三百米 is 300 米, 三千米 is 3 千米)
    return rf"(?!{alternation(words)})" if words else ""


def _unit_gate() -> str:
    """A lookahead for the units that close a claim only in some places (lexicon claim_cues.tsv):
    ``unit_after_digits`` only after Arabic digits or 万/亿 (6000字, 三百万字, 2两, 5角; after a
    small Chinese numeral they are a word's: 红十字, 四两拨千斤, 五角星), ``unit_at_clause_end``
    only before a clause mark or a qualifier (2两。, 七万万两以上; not 2023两岸, 1979两年)."""
    after_digits = cues().get("unit_after_digits", ())
    # (a longer unit that starts with such a word is no word's part: 五毛钱, 三角钱)
    table = units()
    gated = []
    for word in sorted(after_digits, key=len, reverse=True):
        tails = [u[len(word):] for u, info in table.items() if u.startswith(word) and u != word and info.kind != "block"]
        gated.append(re.escape(word) + (rf"(?!{alternation(tails)})" if tails else ""))
    gate = rf"(?!(?<![0-9万萬亿億])(?:{'|'.join(gated)}))" if gated else ""
    at_end = cues().get("unit_at_clause_end", ())
    if at_end:
        posts = [w for (w, pos) in qualifiers() if pos == "post"]
        gate += rf"(?!(?:{alternation(at_end)})(?![，。,；;：:、）)\s]|$|{alternation(posts)}))"
    return gate


def _opens_with(words) -> str:
    """A lookahead for the first characters of ``words``: one character-class test where the
    engine would otherwise try the alternation's branches one by one (the same matches)."""
    return "(?=[" + "".join(sorted({re.escape(w[0]) for w in words if w})) + "])" if words else ""


class PrePattern(NamedTuple):
    """Qualifiers written before a number, matched backwards from it."""

    regex: re.Pattern  # every pre-qualifier, anchored at the end
    longest: int  # the longest one's length (how far back to look)
    last: frozenset  # their last characters (a cheap test before the regex)


def pre_before(text: str, start: int) -> Optional[re.Match]:
    """The qualifier written right before ``start`` (超过3000), if any."""
    pre = _pre_pattern()
    if not start or text[start - 1] not in pre.last:
        return None  # the common case, tested without the pattern
    found = pre.regex.search(text, max(0, start - pre.longest), start)
    if found is not None and qualifiers()[(found.group(), "pre")] == "none":
        return None  # 签约3个, 最近5年: the word before only ends like a qualifier
    return found


@lru_cache(maxsize=1)
def _pre_pattern() -> PrePattern:
    """Qualifiers written before the number (超过, 近), matched backwards from it, and the
    longest one's length. Not in the candidate regex: a pre-qualifier's first character
    (大, 上, 不, 高…) is common, and trying every alternative there cost a quarter of the scan."""
    words = [w for (w, pos) in qualifiers() if pos == "pre"]
    return PrePattern(re.compile(rf"(?:{alternation(words)})$"), max(map(len, words)),
                      frozenset(w[-1] for w in words))


class Patterns(NamedTuple):
    """The regexes built from the lexicons."""

    candidate: re.Pattern  # every candidate number (see the module text)
    names: Optional[re.Pattern]  # names that hold a numeral (lexicons/claim_names.txt), if any
    target: re.Pattern  # the target cues, strong and weak


@lru_cache(maxsize=1)
def patterns() -> Patterns:
    """The candidate, names and target-cue regexes, built once from the lexicons."""
    names = [row[0] for row in read_rows("claim_names.txt")]
    names_re = re.compile(trie(names)) if names else None  # (a prefix tree: same matches, fewer tries)
    target_re = re.compile(alternation(cues().get("target", ()) + cues().get("target_weak", ())))
    return Patterns(re.compile(candidate_pattern()), names_re, target_re)


def candidate_pattern(quick: bool = True) -> str:
    """The candidate regex (see the module text). ``quick``: with the lookaheads that only
    spare the engine alternatives that cannot match (a unit's, a post qualifier's first
    character; 分之 after a fraction's numerals), 20 % of the scan on real reports; the
    matches are those of the pattern without them (tests/test_claims_speed.py)."""
    quals = qualifiers()
    posts = [w for (w, pos) in quals if pos == "post"]
    post = (_opens_with(posts) if quick else "") + f"(?:{alternation(posts)})"
    unit = _unit_gate() + (_opens_with(units()) if quick else "") + trie(units())
    guard = _unit_guard()
    # 几 may stand for a digit inside a numeral (二十几万), never first (几十个 is vague).
    # 两 inside a run is a digit only before a unit (一万两千); 六万万两 ends with the weight 两.
    inner = CN_NUMERAL_CHARS.replace("两", "")
    # 兆 is a scale inside a numeral only with more digits after it (一兆零三百万; 兆瓦, 千兆 are mega).
    chinese = rf"{guard}[{CN_NUMERAL_CHARS}](?:{guard}(?:[{inner}几]|两(?=[十拾百佰千仟万萬亿億])" \
        rf"|(?<=[{inner}])兆(?=[零〇一二两三四五六七八九])))*" \
        rf"(?:[点點][{CN_NUMERAL_CHARS}]+)?"
    # (a fraction is tried only where 分之 closes the run of numerals: most numbers are none)
    fraction = (rf"(?=[\d{CN_NUMERAL_CHARS}又]+分之)" if quick else "") + f"(?:{CN_FRACTION})"
    number = rf"(?:{PERCENT_WORD}|{fraction}|{ARABIC}(?:{MIXED_TAIL})?|{chinese}|{NUMBER_SLOT})"
    def part(i: int) -> str:
        # 3万多亿: 多 inside a compound scale (万 … 亿)
        # 两个亿, 每年3个亿 (spoken): 个 between a numeral and 亿 belongs to the scale, not before
        # 亿元/亿吨/亿级/亿以上 (34个亿元产业项目, 4个亿吨级港区: a count of a class)
        return rf"(?P<n{i}>{number})(?P<ma{i}>{_MID})?(?:(?: |(?<=[0-9一二两三四五六七八九十百千])个(?=[亿億](?![元吨级]|以上)))?" \
            rf"(?P<s{i}>{guard}{SCALE}))?" \
            rf"(?:(?P<mb{i}>{_MID})(?P<sb{i}>(?<=万[多余])亿)?)?"
    # A cheap first-character test keeps the engine from trying every alternative at
    # every position (five times faster on real reports). The unit is tried once after
    # each number: unit1 closes a single number, unit a range's upper end.
    signs = currency_signs()
    cur_first = "".join(sorted({s[0] for s in signs}))
    first = rf"(?=[0-9{CN_NUMERAL_CHARS}翻{re.escape(MINUS_DASHES + MINUS_WORDS + ''.join(sorted(SLOT_FIRST)) + cur_first)}])"
    # ¥13.5, $100, €5: a currency sign before an Arabic number (not inside a word or a code)
    cur = rf"(?:(?<![0-9A-Za-z])(?P<cur>{alternation(list(signs))})(?=\d))?" if signs else ""
    # A minus sign: "-" after a word or a colon (增长-16.8%, not 3-5 or G-20), 负 unless the
    # word before makes a word with it (lexicon sign_not_after: 减负50亿元, 税负3500亿).
    not_after = cues().get("sign_not_after", ())
    # (the sign character is matched first and the look-behinds checked after it: most
    # candidates start with a digit and fail at once)
    dash, word = f"[{re.escape(MINUS_DASHES)}]", f"[{MINUS_WORDS}]"
    sign = rf"(?P<sign>零下|{dash}(?<=[\u4e00-\u9fff：:，,（(、]{dash})(?<![年月日号至]{dash})(?<![0-9年月日号]到{dash})" + \
        rf"|{word}" + _not_after(not_after, word) + "(?:的(?=百分之))?)"  # (负的百分之二十: spoken)
    fsign = sign.replace("(?P<sign>", "(?P<fsign>", 1)  # the same sign before a fraction (负1/3)
    half_not = cues().get("half_not_before", ())
    half = r"(?P<half>半)" + (rf"(?!{alternation(half_not)})" if half_not else "")
    # 3元5角, 1元2角5分, 25元3毛: 角 (毛) and 分 after 元 are tenths and hundredths of it; the
    # spoken 块 is 元 when tenths follow it (十二块五毛, or 十二块五 closing its clause; 一块一块地 is no amount).
    jiao = rf"(?:(?<=[元块])(?P<jiao>[0-9{_CN_SMALL_DIGITS}])(?:[角毛]|(?<=块.)(?=[，。,；;、）)\s和及与或]|$)))?(?:(?<=[元角毛])(?P<fen>[0-9{_CN_SMALL_DIGITS}])(?:分(?![钟之])|(?<=[角毛].)(?=[，。,；;、）)\s和及与或]|$)))?"
    return (
        rf"{first}(?:(?P<ratio>{_RATIO})|{fsign}?(?P<frac>{_FRACTION})(?P<fpost>{post})?|{_DOUBLING}|"
        rf"{cur}{sign}?(?P<num>{part(1)})(?: ?(?P<unit1>{unit})(?:{half}(?P<unit_h>小时|月|工作日)?"
        rf"|(?P<more>多)(?P<unit_m>小时|月|星期|工作日))?{jiao})?{_INCLUSIVE}"  # 一个多月: 个 … 月 around 多
        rf"(?:(?P<sep>{_RANGE_SEP})(?P<num2>{part(2)})(?: ?(?P<unit>{unit}))?{_INCLUSIVE})?"
        rf"(?P<post>{post})?)")


def _not_after(words, sign: str) -> str:
    """Look-behinds that keep ``sign`` from following any of ``words`` (one class for the
    single characters)."""
    singles = "".join(sorted(re.escape(w) for w in words if len(w) == 1))
    out = f"(?<![{singles}]{sign})" if singles else ""
    return out + "".join(f"(?<!{re.escape(w)}{sign})" for w in words if len(w) > 1)


@lru_cache(maxsize=1)
def list_unit_pattern() -> re.Pattern:
    """The tail of a list after a unitless number: (、number)* 、number unit."""
    guard = _unit_guard()
    number = rf"(?:{ARABIC}|(?:{guard}[{CN_NUMERAL_CHARS}])+)"
    joint = r"(?:、|和|或|及|与)"
    return re.compile(rf"(?:{joint}{number})*{joint}{number}(?:{guard}{SCALE})?{_unit_gate()}(?P<unit>{alternation(units())})")


_CN_SMALL_DIGITS = "一二两三四五六七八九"
