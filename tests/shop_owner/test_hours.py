"""Opening hours know Colombia's festivos (Ley Emiliani Mondays included)."""
from datetime import date, datetime
from zoneinfo import ZoneInfo

from webapp.services import hours

SPEC = "1-5 07:30-17:30; 6 08:00-12:30"
TZ = "America/Bogota"


def at(*parts) -> datetime:
    return datetime(*parts, tzinfo=ZoneInfo(TZ))


def test_emiliani_monday_is_closed_and_skipped():
    # Reyes Magos 2025: January 6 is itself a Monday; San José 2025 moves from Wed 19 to Mon 24 March.
    assert hours.holiday_name(date(2025, 1, 6)) == "Día de los Reyes Magos"
    assert hours.holiday_name(date(2025, 3, 24)) == "Día de San José"
    assert hours.holiday_name(date(2025, 3, 19)) is None
    assert not hours.is_open_on(date(2025, 3, 24), SPEC) and hours.is_open_on(date(2025, 3, 25), SPEC)
    # Saturday noon after closing: Sunday closed, Monday 24 festivo → Tuesday
    assert hours.describe_next_opening(SPEC, TZ, now=at(2025, 3, 22, 13, 0)) == "el martes a las 7:30 a. m."
    # during the festivo itself: closed, next is tomorrow
    assert hours.describe_next_opening(SPEC, TZ, now=at(2025, 3, 24, 10, 0)) == "mañana a las 7:30 a. m."
    # an ordinary Monday at ten: open
    assert hours.describe_next_opening(SPEC, TZ, now=at(2025, 3, 31, 10, 0)) is None


def test_holy_week_skips_thursday_and_friday():
    # Jueves y Viernes Santo 2025: 17 and 18 April; Wednesday evening → Saturday morning
    assert hours.describe_next_opening(SPEC, TZ, now=at(2025, 4, 16, 18, 0)) == "el sábado a las 8:00 a. m."


def test_describe_day_for_the_assistant():
    assert hours.describe_day(date(2025, 11, 3), SPEC) == \
        "El lunes 3 de noviembre es festivo (Día de Todos los Santos): no atendemos."
    assert hours.describe_day(date(2025, 11, 4), SPEC) == \
        "El martes 4 de noviembre atendemos de 7:30 a. m. a 5:30 p. m."
    assert hours.describe_day(date(2025, 11, 8), SPEC) == \
        "El sábado 8 de noviembre atendemos de 8:00 a. m. a 12:30 p. m."
    assert hours.describe_day(date(2025, 11, 9), SPEC) == "El domingo 9 de noviembre no atendemos."


def test_reads_the_app_configuration(app):
    app.config["OPENING_HOURS"] = "1-7 09:00-18:00"
    assert hours.is_open_on(date(2026, 1, 12)) is False  # Reyes Magos 2026 moves to Monday 12
    assert hours.is_open_on(date(2026, 1, 6)) is True
    assert "festivo" in hours.describe_day(date(2026, 1, 12))
