"""A steering group meeting's agenda as a tagged PDF (WeasyPrint through `portal.pdf`)."""

from django.conf import settings
from django.utils import timezone, translation

from portal.pdf import render_pdf
from portal.validators import calendar_day

TEMPLATE = "programme/steering/pdf/agenda.html"


def agenda_filename(meeting):
    """The file name, without ".pdf": the meeting's Danish date, so files sort by date."""
    with timezone.override(settings.TIME_ZONE):
        return f"dagsorden-styregruppe-{calendar_day(meeting.starts_at).isoformat()}"


def render_agenda_pdf(*, meeting, entries, members, language=None):
    """The agenda's PDF bytes, in `language` (Danish by default), times in Danish time."""
    with (
        translation.override(language or settings.LANGUAGE_CODE),
        timezone.override(settings.TIME_ZONE),
    ):
        return render_pdf(
            TEMPLATE,
            {
                "meeting": meeting,
                "title": str(meeting),
                "entries": entries,
                "members": members,
                "municipality": settings.PORTAL_MUNICIPALITY,
            },
        )
