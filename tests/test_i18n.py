"""Messages pure modules mark with N_: English text to every caller, translated where shown."""

from __future__ import annotations

import copy
import pickle
from datetime import date, datetime

from flask import Flask
from flask_babel import force_locale

from app.goals.rules import GoalStatus, target_level_problem
from app.i18n import format_day, translate
from app.pdsa.stages import Stage
from app.translatable import N_, Text


def test_a_marked_message_reads_as_its_english_text() -> None:
    message = N_(
        "That competency has no level %(level)s. Its levels are: %(levels)s.",
        level=9,
        levels="1, 2",
    )
    assert isinstance(message, str) and isinstance(message, Text)
    assert message == "That competency has no level 9. Its levels are: 1, 2."
    assert message.msgid.startswith("That competency has no level %(level)s.")
    assert message.params == {"level": 9, "levels": "1, 2"}
    assert N_("100%") == "100%"  # no parameters: no formatting
    for twin in (copy.deepcopy(message), pickle.loads(pickle.dumps(message))):  # noqa: S301
        assert twin == message and twin.msgid == message.msgid and twin.params == message.params


def test_translate_uses_the_readers_language_and_translates_parameters_too(app: Flask) -> None:
    with app.test_request_context():
        assert translate(GoalStatus.SET_ASIDE.label) == "Set aside"
        assert translate("plain text") == "plain text"
        with force_locale("es"):
            assert translate(GoalStatus.SET_ASIDE.label) == "En pausa"
            assert translate(Stage.STUDY.label) == "Estudiar"
            # "none" is itself a marked message inside the problem's parameters.
            problem = target_level_problem(3, 9, [])
            assert (
                translate(problem) == "Esa competencia no tiene nivel 9. Sus niveles son: ninguno."
            )
            assert translate("plain text") == "plain text"


def test_dates_keep_the_english_format_and_follow_the_readers_language(app: Flask) -> None:
    day, moment = date(2026, 11, 5), datetime(2026, 11, 5, 14, 7)  # noqa: DTZ001 - naive, as stored
    with app.test_request_context():
        assert (format_day(day), format_day(day, "short")) == ("Nov 5, 2026", "Nov 5")
        assert format_day(moment) == "Nov 5, 2026 at 14:07"
        assert format_day(None) == "—"
        with force_locale("es"):
            assert (format_day(day), format_day(day, "short")) == ("5 nov 2026", "5 nov")
            assert format_day(moment) == "5 nov 2026, 14:07"


def test_templates_follow_a_change_of_language_within_one_request(app: Flask) -> None:
    """The catalog is looked up once per request and locale, and again when a view switches."""
    from app.i18n import use_language

    page = app.jinja_env.from_string('{{ _("Skip to content") }}')
    with app.test_request_context("/"):
        use_language("es")
        assert page.render() == "Saltar al contenido"
        assert page.render() == "Saltar al contenido"
        use_language("en")
        assert page.render() == "Skip to content"
