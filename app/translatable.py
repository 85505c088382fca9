"""Messages that pure modules write in English and pages show in the reader's language.

Pure modules (tests/test_architecture.py) cannot import Flask-Babel. They mark each message
with `N_`, which `pybabel extract` finds as it finds `_`. What `N_` returns is the English
text itself, a `str`, so code and tests that read English see exactly what they saw before;
it also remembers its msgid and parameters, so the page that shows it can translate it with
`app.i18n.translate` (the `translate` template filter). Nothing here needs Flask.
"""

from __future__ import annotations

from collections.abc import Mapping


class Text(str):
    """English text that knows the msgid and parameters it was made from."""

    msgid: str
    params: Mapping[str, object]

    def __new__(cls, msgid: str, params: Mapping[str, object]) -> Text:
        text = super().__new__(cls, msgid % params if params else msgid)
        text.msgid = msgid
        text.params = params
        return text

    def __getnewargs__(self) -> tuple[str, Mapping[str, object]]:  # type: ignore[override]
        """Copies and pickles are made from the msgid and parameters, as the original was."""
        return self.msgid, self.params


def N_(msgid: str, **params: object) -> Text:
    """Mark `msgid` for translation; the result reads as English until a page translates it.

    Parameters use %(name)s, as with `_`; a parameter that is a Text is translated too.
    """
    return Text(msgid, params)
