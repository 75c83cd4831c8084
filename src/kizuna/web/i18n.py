"""The interface language: English or Japanese, through gettext catalogues (Babel).

Templates mark every string with ``{{ _("…") }}`` (Jinja2's ``jinja2.ext.i18n``
extension, new-style gettext: ``{{ _("%(n)s patents", n=3) }}``); the
catalogues are ``web/locale/<lang>/LC_MESSAGES/messages.po``, compiled to
``messages.mo`` by ``make i18n`` (``pybabel extract/update/compile``, see
docs/web.md) and committed, so an installed wheel needs no build step;
tests/web/test_i18n.py fails when a compiled catalogue is out of date with its
``.po`` or a template has text outside ``_()``.

The language of a request: ``?lang=ja|en`` on a page (which also sets the
``kizuna_lang`` cookie, so the choice is remembered; under ``/api/`` and on a
campaign's ``/document`` download ``lang`` is a document's language and changes
nothing here), else that cookie, else
the best match of ``Accept-Language``, else English. The middleware puts it in
a context variable that the template gettext reads; pages then show dates as
``2026年12月7日（令和8年12月7日）`` and yen as ``¥123,450,000 (1億2,345万円)`` on
the Japanese side.

    >>> app.add_middleware(LanguageMiddleware)  # doctest: +SKIP
"""

from __future__ import annotations

from contextvars import ContextVar
from datetime import date
from decimal import Decimal
from functools import cache
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import parse_qs

from babel.support import NullTranslations, Translations
from jinja2 import Environment
from markupsafe import Markup
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kizuna.adapters.exports.chart_common import WORDS, ChartWords
from kizuna.adapters.exports.documents.terms_ja import SIGNAL_JA
from kizuna.adapters.exports.money import format_western
from kizuna.domain.japanese import format_date_both, format_date_en
from kizuna.domain.money import Money, format_japanese

__all__ = ["COOKIE", "LANGUAGES", "LanguageMiddleware", "current_language", "install_i18n",
           "local_date", "local_yen", "pick_language", "translate", "translations"]

LOCALES = Path(__file__).parent / "locale"
LANGUAGES = ("en", "ja")
COOKIE = "kizuna_lang"
_ONE_YEAR = 365 * 24 * 3600
_language: ContextVar[str] = ContextVar("kizuna_language", default="en")


@cache
def translations(language: str) -> NullTranslations:
    """The compiled catalogue of ``language`` (English is the source text itself)."""
    if language == "en":
        return NullTranslations()
    return Translations.load(str(LOCALES), [language], domain="messages")


def current_language() -> str:
    """The language of the request being served (``en`` outside a request)."""
    return _language.get()


def _accept(header: str) -> str | None:
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate(header.split(",")[:20]):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                continue
        primary = tag.strip().lower().split("-")[0]
        if primary in LANGUAGES and quality > 0:
            ranked.append((-quality, index, primary))
    return min(ranked)[2] if ranked else None


def pick_language(*, query: str | None, cookie: str | None, accept: str) -> str:
    """The language for a request: ``?lang=``, the cookie, ``Accept-Language``, English."""
    for choice in (query, cookie):
        if choice in LANGUAGES:
            return str(choice)
    return _accept(accept) or "en"


class LanguageMiddleware:
    """Chooses each request's language and remembers an explicit ``?lang=`` in a cookie."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        asked = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("lang", [None])[0]
        path = scope.get("path", "")
        if path.startswith("/api/") or path.endswith("/document"):
            asked = None  # there ?lang= is a document's language, not the interface's
        jar = SimpleCookie()
        jar.load(headers.get("cookie", ""))
        cookie = jar[COOKIE].value if COOKIE in jar else None
        language = pick_language(query=asked, cookie=cookie,
                                 accept=headers.get("accept-language", ""))
        scope.setdefault("state", {})["language"] = language
        token = _language.set(language)

        async def remember(message: Message) -> None:
            if message["type"] == "http.response.start" and asked in LANGUAGES:
                value = (f"{COOKIE}={language}; Path=/; Max-Age={_ONE_YEAR}; SameSite=Lax; "
                         "HttpOnly")
                message.setdefault("headers", []).append((b"set-cookie", value.encode()))
            await send(message)

        try:
            await self.app(scope, receive, remember)
        finally:
            _language.reset(token)


def _gettext(message: str) -> str:
    return translations(current_language()).ugettext(message)


def translate(message: str, **values: object) -> str:
    """``message`` in the request's language, ``%(name)s`` filled from ``values``.

    Python code marks its interface strings with this function (``pybabel
    extract -k translate``), as templates do with ``_()``.
    """
    text = _gettext(message)
    return text % values if values else text


def _ngettext(singular: str, plural: str, n: int) -> str:
    return translations(current_language()).ungettext(singular, plural, n)


def local_date(value: date | str | None) -> str:
    """A date for the reader: ``7 December 2026``, or ``2026年12月7日（令和8年12月7日）``."""
    if value is None or value == "":
        return "—"
    day = date.fromisoformat(value) if isinstance(value, str) else value
    return format_date_both(day) if current_language() == "ja" else format_date_en(day)


def local_yen(value: Decimal | int | str | None) -> str:
    """Yen for both readers: ``¥123,450,000 (1億2,345万円)``; 万/億 first on the Japanese side."""
    if value is None or value == "":
        return "—"
    money = Money(amount=Decimal(value), currency="JPY")
    western, myriad = format_western(money), format_japanese(money)
    return f"{myriad}（{western}）" if current_language() == "ja" else f"{western} ({myriad})"


def signal_name(code: str) -> str:
    """A cross-border exposure signal (``servers-abroad``) as the page's language writes it:
    the code on English pages, the Japanese term of the documents on Japanese ones
    (:data:`kizuna.adapters.exports.documents.terms_ja.SIGNAL_JA`)."""
    if current_language() != "ja":
        return code
    return SIGNAL_JA.get(code, (code, code))[0]


def chart_words() -> ChartWords:
    """The chart exports' words (labels, verdicts, what ``partial`` means) in the page's
    language, so that a chart page and its export say the same thing."""
    return WORDS.get(current_language(), WORDS["en"])


def install_i18n(env: Environment) -> None:
    """Add the i18n extension, gettext of the current language and the date/yen filters."""
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(_gettext, _ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.globals["current_language"] = current_language
    env.globals["Markup"] = Markup  # to put a link or code inside a translated sentence
    env.filters["local_date"] = local_date
    env.filters["local_yen"] = local_yen
    env.filters["signal_name"] = signal_name
    env.globals["chart_words"] = chart_words
