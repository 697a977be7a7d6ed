"""Text normalisation and cell-value reading shared by every format.

Labels are compared after NFKC (full-width digits and punctuation become ASCII) with all white space
removed, because real reports justify, wrap and pad labels in every possible way (FORMAT.md §6.1–2).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_WS = re.compile(r"\s+")
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": '"', "’": '"', "'": '"', "「": '"', "」": '"', "〝": '"', "〞": '"'})


def nfkc(s: str) -> str:
    return unicodedata.normalize("NFKC", s).translate(_INVISIBLE)


@lru_cache(maxsize=1 << 16)
def squash(s: str) -> str:
    """Matching form of a label: NFKC, no white space, one kind of quote."""
    return _WS.sub("", nfkc(s)).translate(_QUOTES)


def tidy(s: str) -> str:
    """Display form of body text: invisible characters gone, runs of white space folded."""
    s = s.translate(_INVISIBLE).replace("\u00a0", " ").replace("\u3000", " ")
    return _WS.sub(" ", s).strip()


_DASHES = {"-", "—", "–", "－", "——", "--", "─", "━", "―", "一"}
_SLASHES = {"/", "\\", "／"}
# Words that mean "nothing": a zero. Words that mean "not applicable": null.
ZERO_WORDS = {"无", "暂无", "没有", "零", "无此项", "0件", "〇"}
NULL_WORDS = {"不适用", "不涉及", "/不涉及"}

_NUMBER = re.compile(r"^([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?$")
# A number followed by a unit or a note in brackets: "251000元", "22(其中修订16件)", "1600多".
_NUMBER_WITH_NOTE = re.compile(
    r"^([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(万元|元|件|个|条|项|次|人次|份|家|人)?(\(.*\))?$"
)


# Footnote marks: NFKC would turn "1①" into "11" and "2¹" into "21".
_FOOTNOTE_MARKS = re.compile("[\u2460-\u24ff\u2776-\u2793\u00b9\u00b2\u00b3\u2070-\u209f*※]+$")


@lru_cache(maxsize=1 << 16)
def read_value(raw: str) -> tuple[int | float | None, str]:
    """Read a table cell: (value, kind) with kind in number/blank/dash/slash/word/text.

    A "text" cell has no usable number (value None); callers treat it as uncertain, not as null.
    """
    s = squash(_FOOTNOTE_MARKS.sub("", raw.strip())).replace("\u2212", "-")  # U+2212 minus sign
    if not s:
        return 0, "blank"
    if s in _DASHES or set(s) <= {"-", "—", "–", "－", "─"}:
        return 0, "dash"
    if s in _SLASHES:
        return None, "slash"
    if s in ZERO_WORDS:
        return 0, "word"
    if s in NULL_WORDS:
        return None, "word"
    m = _NUMBER.match(s) or _NUMBER_WITH_NOTE.match(s)
    if m:
        sign, whole, frac = m.group(1), m.group(2).replace(",", ""), m.group(3)
        if frac:
            value: int | float = round(float(f"{sign}{whole}{frac}"), 6)
        else:
            value = int(f"{sign}{whole}")
        return value, "number"
    return None, "text"


def is_value_token(raw: str) -> bool:
    """True when a token reads as a cell value rather than as label text."""
    return read_value(raw)[1] != "text"


_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}


def chinese_year(s: str) -> int | None:
    """"二〇一九" -> 2019; None unless all four characters are Chinese digits."""
    if len(s) != 4 or any(ch not in _CN_DIGITS for ch in s):
        return None
    return int("".join(str(_CN_DIGITS[ch]) for ch in s))


@lru_cache(maxsize=1)
def _t2s() -> object:
    """OpenCC's traditional-to-simplified converter (dictionaries load once, on the first 繁體 text)."""
    import opencc

    return opencc.OpenCC("t2s.json")


def to_simplified(s: str) -> str:
    """繁體 → 简体, character by character and phrase by phrase (OpenCC t2s: 資訊 stays 资讯,
    which is right for gateway copies of simplified pages: they convert characters, not terms)."""
    return str(_t2s().convert(s))  # type: ignore[attr-defined]


_HAN = re.compile(r"[\u4e00-\u9fff]")


# Traditional forms every report in 繁體 prints (公開, 報告, 資訊, 條例, 機關, 辦理, 處理, 復議, 訴訟 …): a text
# holding none of them is simplified, and OpenCC is not even loaded.
_TRADITIONAL_MARKS = frozenset("開報資條機關辦處復議訴訟數據統計區縣鄉鎮會這們為與個時經發請應務門號項")


def is_traditional(sample: str) -> bool:
    """Whether a text is written in traditional characters: a few of its Han characters change under
    t2s (a simplified text changes none; a stray variant in a name is not enough)."""
    if sum(ch in _TRADITIONAL_MARKS for ch in sample) < 3:
        return False
    han = _HAN.findall(sample)
    if len(han) < 20:
        return False
    converted = to_simplified("".join(han))
    changed = sum(a != b for a, b in zip(han, converted, strict=False))
    return changed >= max(3, len(han) // 50)
