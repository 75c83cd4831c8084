"""Patent numbers as Japanese business documents write them: 特許第7533889号, 米国特許第8,930,553号.

Japanese correspondence names a granted patent by its registration number in
the form 特許第N号 (the JPO's own form in 特許公報 and registration
certificates); foreign patents carry their office's name (米国特許第…号,
欧州特許第…号). A publication is 特開YYYY-NNNNNN号 (JP) or its display
number. Anything else keeps Kizuna's display form.

    >>> patent_number_ja("JP7533889B2")
    '特許第7533889号'
    >>> patent_number_ja("US8930553B2")
    '米国特許第8,930,553号'
"""

from __future__ import annotations

from kizuna.domain.ids import NumberType, parse_number
from kizuna.errors import KizunaError

__all__ = ["patent_number_en", "patent_number_ja"]

_OFFICES_JA = {
    "JP": "特許",
    "US": "米国特許",
    "EP": "欧州特許",
    "CN": "中国特許",
    "KR": "韓国特許",
    "DE": "ドイツ特許",
    "GB": "英国特許",
    "FR": "フランス特許",
}


def patent_number_ja(number: str) -> str:
    """``number`` (any form Kizuna reads) as Japanese letters write it."""
    try:
        parsed = parse_number(number)
    except KizunaError:
        return number
    if parsed.type is NumberType.GRANT and parsed.country in _OFFICES_JA:
        digits = f"{int(parsed.number):,}" if parsed.country == "US" else parsed.number
        return f"{_OFFICES_JA[parsed.country]}第{digits}号"
    if parsed.country == "JP" and parsed.type is NumberType.PUBLICATION:
        body = parsed.number
        return f"特開{body[:4]}-{body[4:]}号" if len(body) == 10 else parsed.display
    return parsed.display


def patent_number_en(number: str) -> str:
    """``number`` as English letters write it: ``US Patent No. 8,930,553``."""
    try:
        parsed = parse_number(number)
    except KizunaError:
        return number
    if parsed.type is NumberType.GRANT and parsed.number.isdigit():
        digits = f"{int(parsed.number):,}" if parsed.country == "US" else parsed.number
        return f"{parsed.country} Patent No. {digits}"
    return parsed.display
