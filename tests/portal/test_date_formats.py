"""English pages write and read dates the British way; Danish ones stay Danish."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django import forms
from django.utils import formats, translation

WHEN = datetime.datetime(2026, 11, 27, 14, 30, tzinfo=ZoneInfo("Europe/Copenhagen"))


class MeetingForm(forms.Form):
    day = forms.DateField()
    starts = forms.DateTimeField()
    at = forms.TimeField()


@pytest.mark.parametrize(
    ("language", "short_date", "short_datetime", "time", "date"),
    [
        ("en", "27/11/2026", "27/11/2026 14:30", "14:30", "27 Nov 2026"),
        ("da", "27.11.2026", "27.11.2026 14:30", "14:30", "27. november 2026"),
    ],
)
def test_it_shows_dates_in_the_languages_way(language, short_date, short_datetime, time, date):
    with translation.override(language):
        assert formats.date_format(WHEN, "SHORT_DATE_FORMAT") == short_date
        assert formats.date_format(WHEN, "SHORT_DATETIME_FORMAT") == short_datetime
        assert formats.time_format(WHEN.time()) == time
        assert formats.date_format(WHEN) == date


def test_it_reads_british_dates_on_english_pages():
    with translation.override("en"):
        form = MeetingForm(data={"day": "27/11/2026", "starts": "27/11/2026 14:30", "at": "14:30"})
        assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == WHEN.date()
    assert form.cleaned_data["starts"] == WHEN
    assert form.cleaned_data["at"] == WHEN.time()


def test_it_refuses_american_dates_on_english_pages():
    with translation.override("en"):
        form = MeetingForm(
            data={"day": "11/27/2026", "starts": "11/27/2026 2:30 PM", "at": "14:30"}
        )
        assert not form.is_valid()
    assert set(form.errors) == {"day", "starts"}


def test_it_still_reads_danish_dates_on_danish_pages():
    with translation.override("da"):
        form = MeetingForm(data={"day": "27.11.2026", "starts": "27.11.2026 14:30", "at": "14:30"})
        assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == WHEN.date()


def test_no_template_hard_codes_the_danish_date_format():
    """A template that writes `date:"d.m.Y"` shows Danish dates on English pages: the locale's
    SHORT_DATE_FORMAT gives the same Danish output and the British one in English."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    pattern = re.compile(r'date:"d\.m\.Y')
    offenders = [
        str(path.relative_to(root))
        for folder in ("templates", "portal", "mapping", "strategy")
        for path in (root / folder).rglob("*")
        if path.suffix in (".html", ".txt") and pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
