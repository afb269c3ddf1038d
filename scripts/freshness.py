"""Review dates: which pages are overdue or soon due for review (as of today, or PORTAL_IDAG)."""

from __future__ import annotations

import os
from datetime import date, timedelta

from .content import Page, Site

SOON = timedelta(days=60)


def today() -> date:
    """The build date; PORTAL_IDAG=YYYY-MM-DD pretends another day (tests, planning)."""
    forced = os.environ.get("PORTAL_IDAG")
    return date.fromisoformat(forced) if forced else date.today()


def overdue(site: Site, day: date | None = None) -> list[Page]:
    day = day or today()
    return sorted(
        (p for p in site.pages.values() if p.meta.nasta_granskning < day), key=lambda p: p.meta.nasta_granskning
    )


def due_soon(site: Site, day: date | None = None) -> list[Page]:
    day = day or today()
    return sorted(
        (p for p in site.pages.values() if day <= p.meta.nasta_granskning < day + SOON),
        key=lambda p: p.meta.nasta_granskning,
    )


def warnings(site: Site, day: date | None = None) -> list[str]:
    """One line per overdue page, naming the file and the line of its review date."""
    return [
        f"docs/{p.path}:{p.line('nasta_granskning')}: granskningen är försenad "
        f"(nästa granskning var {p.meta.nasta_granskning})"
        for p in overdue(site, day)
    ]
