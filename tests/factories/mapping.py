"""The mapping: areas, organisations and their contacts, meetings, cases, tasks, interim
report versions and imports."""

import datetime as dt
import hashlib
from decimal import Decimal

import factory
from django.core.files.base import ContentFile
from django.test import TestCase
from django.utils import timezone
from factory.django import DjangoModelFactory

from mapping.models import (
    Case,
    CaseEffect,
    Contact,
    ImportBatch,
    LocalArea,
    Meeting,
    Organisation,
    ReportVersion,
    Task,
)
from mapping.services.spreadsheets import import_batch_create, import_batch_set_columns


class LocalAreaFactory(DjangoModelFactory):
    class Meta:
        model = LocalArea
        django_get_or_create = ("slug",)

    name = "Haderslev"
    slug = factory.LazyAttribute(lambda area: area.name.lower())
    kind = "town"


def _listed(organisation):
    """Approved and not kept internal: published with written consent, as the directory's
    enterprises are."""
    return (
        not organisation.internal
        and organisation.moderation_state == Organisation.Moderation.APPROVED
    )


class OrganisationFactory(DjangoModelFactory):
    """An approved, published social-economy company. `internal=True` for one that staff
    mapped and keep internal; a pending one is unpublished too."""

    class Meta:
        model = Organisation

    class Params:
        internal = False

    name = factory.Sequence(lambda n: f"Organisation {n}")
    sector = Organisation.Sector.SOCIAL_ECONOMY
    kind = Organisation.Kind.COMPANY
    se_status = Organisation.SocialEconomyStatus.EXISTING
    moderation_state = Organisation.Moderation.APPROVED
    published = factory.LazyAttribute(_listed)
    consent = factory.LazyAttribute(
        lambda organisation: Organisation.Consent.WRITTEN if _listed(organisation) else ""
    )


class ContactFactory(DjangoModelFactory):
    class Meta:
        model = Contact

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Kontakt {n}")
    email = ""
    purpose = "Kortlægning"


class MeetingFactory(DjangoModelFactory):
    """A dialogue meeting `days` from now (a week ago unless told), two hours long."""

    class Meta:
        model = Meeting

    class Params:
        days = -7
        start = factory.LazyAttribute(
            lambda meeting: timezone.now().replace(microsecond=0) + dt.timedelta(days=meeting.days)
        )

    kind = Meeting.Kind.DIALOGUE
    title = "Dialogmøde i Vojens"
    starts_at = factory.LazyAttribute(lambda meeting: meeting.start)
    ends_at = factory.LazyAttribute(lambda meeting: meeting.start + dt.timedelta(hours=2))
    place = "Vojens Bibliotek"
    organiser = None
    agenda = "1. Velkomst\n2. Behov"


class CaseFactory(DjangoModelFactory):
    class Meta:
        model = Case

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Case {n}")
    published = True
    problem = "Et problem"
    method = "En metode"


class CaseEffectFactory(DjangoModelFactory):
    class Meta:
        model = CaseEffect

    case = factory.SubFactory(CaseFactory)
    description = "Unge i job"
    value = Decimal("12")
    unit = "personer"
    period_start = dt.date(2025, 1, 1)
    period_end = dt.date(2025, 12, 31)
    about_people = False


class TaskFactory(DjangoModelFactory):
    """A follow-up task of the mapping, due tomorrow unless told."""

    class Meta:
        model = Task

    title = "Ring til foreningen"
    due_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=1))


class ReportVersionFactory(DjangoModelFactory):
    """A frozen version of the interim report made directly (no rendering), its PDF in the
    private storage: `ReportVersionFactory(number=1, frozen_by=leader, submitted=True)`."""

    class Meta:
        model = ReportVersion

    class Params:
        submitted = False
        content = factory.LazyAttribute(
            lambda version: f"%PDF-1.7 version {version.number}\n%%EOF".encode()
        )

    number = factory.Sequence(lambda n: n + 1)
    checksum = factory.LazyAttribute(lambda version: hashlib.sha256(version.content).hexdigest())
    page_count = 4
    figures = factory.LazyAttribute(lambda version: {"enterprises_existing": version.number})
    submitted_at = factory.LazyAttribute(
        lambda version: timezone.now() if version.submitted else None
    )
    submitted_by = factory.LazyAttribute(
        lambda version: version.frozen_by if version.submitted else None
    )
    pdf = factory.LazyAttribute(
        lambda version: ContentFile(version.content, name=f"delrapport-v{version.number}.pdf")
    )


class ImportBatchFactory(DjangoModelFactory):
    """An import of `data` as the upload makes it, its file read by its job; with
    `preview=True`, its guessed columns chosen and its preview prepared. Other fields given are
    then set as given."""

    class Meta:
        model = ImportBatch

    name = "liste.csv"
    # Not fields: what _create does with the upload.
    data = b""
    preview = False

    @classmethod
    def _create(cls, model_class, *, name, data, created_by, preview=False, **fields):
        with TestCase.captureOnCommitCallbacks(execute=True):
            batch = import_batch_create(name=name, data=data, by=created_by)
        batch.refresh_from_db()
        if preview:
            with TestCase.captureOnCommitCallbacks(execute=True):
                import_batch_set_columns(batch=batch, column_map=batch.column_map, by=created_by)
        if fields:
            model_class.objects.filter(pk=batch.pk).update(**fields)
        batch.refresh_from_db()
        return batch
