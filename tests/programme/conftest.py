"""Fixtures of the programme's tests."""

import pytest

from mapping import agenda as mapping_agenda
from portal import registry


@pytest.fixture
def report_subjects(monkeypatch):
    """The mapping's interim report versions offered to the agenda, as its AppConfig will."""
    providers = [
        p for p in registry._agenda_subject_providers if p is not mapping_agenda.agenda_subjects
    ]
    monkeypatch.setattr(
        registry, "_agenda_subject_providers", [*providers, mapping_agenda.agenda_subjects]
    )
