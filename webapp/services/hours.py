"""Opening hours (for "when will a person answer?" and "¿atienden el lunes festivo?").

OPENING_HOURS is like "1-5 07:30-17:30; 6 08:00-12:30" (ISO weekdays, 1 = Monday).
The shop is closed on Colombia's public holidays (festivos), Ley Emiliani Mondays
included, as the `holidays` package computes them for any year.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

DAY_NAMES = ["lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"]
MONTH_NAMES = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
               "octubre", "noviembre", "diciembre"]
LOOKAHEAD_DAYS = 21  # Semana Santa plus a weekend and a festivo Monday is the longest closed stretch


def parse(spec: str) -> dict[int, tuple[time, time]]:
    """ISO weekday (1 = Monday) → (opens, closes); bad parts are ignored."""
    schedule: dict[int, tuple[time, time]] = {}
    for part in (spec or "").split(";"):
        try:
            days, hours = part.split()
            first, _, last = days.partition("-")
            opens, closes = (time.fromisoformat(h) for h in hours.split("-"))
            for day in range(int(first), int(last or first) + 1):
                schedule[day] = (opens, closes)
        except ValueError:
            continue
    return schedule


@lru_cache(maxsize=16)
def _holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("CO", years=year, language="es")


def holiday_name(day: date) -> str | None:
    """The festivo's Spanish name ("Día de los Reyes Magos"), or None on an ordinary day."""
    name = _holidays(day.year).get(day)
    if not name:
        return None
    return name.split(";")[0].replace(" (observado)", "").strip()


def hours_on(schedule: dict, day: date) -> tuple[time, time] | None:
    """(opens, closes) on that calendar day, None when closed (no hours that weekday, or a festivo)."""
    if holiday_name(day):
        return None
    return schedule.get(day.isoweekday())


def is_open(schedule: dict, now: datetime) -> bool:
    hours = hours_on(schedule, now.date())
    return bool(hours) and hours[0] <= now.time() < hours[1]


def next_opening(schedule: dict, now: datetime) -> datetime | None:
    for offset in range(0, LOOKAHEAD_DAYS):
        day = (now + timedelta(days=offset)).date()
        hours = hours_on(schedule, day)
        if not hours:
            continue
        start = datetime.combine(day, hours[0], tzinfo=now.tzinfo)
        if start > now:
            return start
    return None


def clock(moment: time) -> str:
    """7:30 a. m. · 5:30 p. m. · 12:30 p. m."""
    suffix = "a. m." if moment.hour < 12 else "p. m."
    hour = moment.hour % 12 or 12
    return f"{hour}:{moment.minute:02d} {suffix}"


def _config(spec: str | None, zone: str | None) -> tuple[str, str]:
    if spec is None or zone is None:
        from flask import current_app
        spec = current_app.config["OPENING_HOURS"] if spec is None else spec
        zone = current_app.config["SHOP_TIMEZONE"] if zone is None else zone
    return spec, zone


def today(zone: str | None = None) -> date:
    _, zone = _config("", zone)
    return datetime.now(ZoneInfo(zone)).date()


def describe_next_opening(spec: str | None = None, zone: str | None = None, now: datetime | None = None) -> str | None:
    """None when open now; otherwise a Spanish "el lunes a las 7:30 a. m." style phrase (festivos skipped)."""
    spec, zone = _config(spec, zone)
    tz = ZoneInfo(zone)
    now = (now or datetime.now(tz)).astimezone(tz)
    schedule = parse(spec)
    if not schedule or is_open(schedule, now):
        return None
    start = next_opening(schedule, now)
    if start is None:
        return None
    if start.date() == now.date():
        when = "hoy"
    elif start.date() == (now + timedelta(days=1)).date():
        when = "mañana"
    elif (start.date() - now.date()).days < 7:
        when = f"el {DAY_NAMES[start.weekday()]}"
    else:
        when = f"el {DAY_NAMES[start.weekday()]} {start.day} de {MONTH_NAMES[start.month - 1]}"
    return f"{when} a las {clock(start.time())}"


def is_open_on(day: date, spec: str | None = None) -> bool:
    """Whether the shop attends at all on that calendar day (its weekday has hours and it is no festivo)."""
    spec, _ = _config(spec, "UTC")
    return hours_on(parse(spec), day) is not None


def describe_day(day: date, spec: str | None = None) -> str:
    """A Spanish sentence about that day: "El lunes 6 de enero es festivo (Día de los Reyes Magos): no atendemos."
    or "El martes 7 de enero atendemos de 7:30 a. m. a 5:30 p. m." """
    spec, _ = _config(spec, "UTC")
    label = f"El {DAY_NAMES[day.weekday()]} {day.day} de {MONTH_NAMES[day.month - 1]}"
    festivo = holiday_name(day)
    if festivo:
        return f"{label} es festivo ({festivo}): no atendemos."
    hours = parse(spec).get(day.isoweekday())
    if not hours:
        return f"{label} no atendemos."
    return f"{label} atendemos de {clock(hours[0])} a {clock(hours[1])}"  # clock() ends in "m."
