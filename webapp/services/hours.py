"""Opening hours (for "when will a person answer?"): OPENING_HOURS like "1-5 07:30-17:30; 6 08:00-12:30"."""
from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

DAY_NAMES = ["lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"]


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


def is_open(schedule: dict, now: datetime) -> bool:
    hours = schedule.get(now.isoweekday())
    return bool(hours) and hours[0] <= now.time() < hours[1]


def next_opening(schedule: dict, now: datetime) -> datetime | None:
    for offset in range(0, 8):
        day = (now + timedelta(days=offset)).date()
        hours = schedule.get(day.isoweekday())
        if not hours:
            continue
        start = datetime.combine(day, hours[0], tzinfo=now.tzinfo)
        if start > now:
            return start
    return None


def describe_next_opening(spec: str, zone: str, now: datetime | None = None) -> str | None:
    """None when open now; otherwise a Spanish "el lunes a las 7:30 a. m." style phrase."""
    tz = ZoneInfo(zone)
    now = (now or datetime.now(tz)).astimezone(tz)
    schedule = parse(spec)
    if not schedule or is_open(schedule, now):
        return None
    start = next_opening(schedule, now)
    if start is None:
        return None
    when = "hoy" if start.date() == now.date() else (
        "mañana" if start.date() == (now + timedelta(days=1)).date() else f"el {DAY_NAMES[start.weekday()]}")
    suffix = "a. m." if start.hour < 12 else "p. m."
    hour = start.hour if start.hour <= 12 else start.hour - 12
    return f"{when} a las {hour}:{start.minute:02d} {suffix}"
