"""Demo data for the steering group: its members, two past meetings with agenda, minutes,
decisions and follow-up tasks, and an upcoming meeting whose agenda points at the newest
interim report version (when the apps offer one) and at the budget.

Everything here is invented. Idempotent: members are found by name, meetings by place,
agenda items by number, decisions by text and tasks by title.
"""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from portal import registry
from portal.models import SteeringGroupMember
from portal.programme.models import AgendaItem, Decision, FollowUpTask, SteeringMeeting

LOCAL = ZoneInfo(settings.TIME_ZONE)
Role = SteeringGroupMember.GroupRole

# name, organisation, role in the group, e-mail; the first is the demo user `styregruppe`.
MEMBERS = [
    ("Sofie Skovgaard", "Haderslev Kommune, Social og Sundhed", Role.MEMBER, None),
    ("Henrik Hansen", "Haderslev Kommune, Børn og Familie", Role.CHAIR, "hhan@example.dk"),
    (
        "Mette Møller",
        "Haderslev Kommune, Erhverv og Borgerservice",
        Role.MEMBER,
        "mmol@example.dk",
    ),
    ("Jens Jessen", "Frivilligrådet i Haderslev Kommune", Role.MEMBER, "jens.jessen@example.dk"),
    ("Anne Andersen", "Business Haderslev", Role.OBSERVER, "anne@example.dk"),
]

# place (the meeting's key), days from today, start hour, hours, minutes, agenda items
# (title, description, "budget" or "report" or None), decisions (text, item number or None,
# tasks as (title, owner role, days from today, done)).
MEETINGS = [
    (
        "Haderslev Rådhus, Gåskærgade 26, mødelokale 1",
        -70,
        13,
        2,
        "Styregruppen godkendte tidsplanen for fase 1. Kortlægningen går i gang med "
        "informationsmøder i Haderslev, Vojens og Gram.",
        [
            ("Velkomst og præsentation", "Runde om bordet.", None),
            ("Tidsplan og aktiviteter i fase 1", "Projektlederen gennemgår planen.", None),
            ("Budget og timeforbrug", "Status på timer mod tilbuddets budget.", "budget"),
        ],
        [
            (
                "Tidsplanen for fase 1 godkendes som foreslået.",
                2,
                [("Udsende tidsplanen til kommunens afdelinger", "project_leader", -56, True)],
            ),
        ],
    ),
    (
        "Sundhedscenter Haderslev, Skibbroen 6, mødelokale 2",
        -25,
        9,
        2,
        "Kortlægningen er godt i gang. Styregruppen ønsker flere virksomheder fra øerne og "
        "landdistrikterne med, og at delrapporten også beskriver samspillet med kommunen.",
        [
            ("Status på kortlægningen", "Antal virksomheder og interessenter indtil nu.", None),
            ("Disposition for delrapporten", "Forslag til kapitler.", None),
        ],
        [
            (
                "Kortlægningen udvides med et møde på Årø og i Over Jerstal.",
                1,
                [("Aftale møde med beboerforeningen på Årø", "consultant", -5, False)],
            ),
            (
                "Delrapporten får et kapitel om samspil med kommunens tilbud.",
                2,
                [("Skrive udkast til kapitlet om samspil", "project_leader", 20, False)],
            ),
        ],
    ),
    (
        "Vojens Bibliotek, Vestergade 9, mødelokalet",
        18,
        14,
        2,
        "",
        [
            ("Delrapporten", "Styregruppen drøfter den nyeste version af delrapporten.", "report"),
            ("Budget og timeforbrug", "Forbrug mod budget, og revideret budget.", "budget"),
            ("Eventuelt", "", None),
        ],
        [],
    ),
]


def _local(days, hour):
    day = timezone.localdate() + timedelta(days=days)
    return datetime.combine(day, time(hour), tzinfo=LOCAL)


def _newest_report_version(user):
    """The newest interim report version the apps offer, read by model name: `portal`
    imports no app above it."""
    for _label, objects in registry.agenda_subjects(user):
        for obj in objects:
            if obj._meta.label_lower == "mapping.reportversion":
                return obj
    return None


def _members(users):
    steering_user = users.get("steering_group")
    created = 0
    for name, organisation, role, email in MEMBERS:
        linked = steering_user if email is None else None
        defaults = {
            "organisation": organisation,
            "group_role": role,
            "email": email or (steering_user.email if steering_user else "styregruppe@example.dk"),
        }
        member, new = SteeringGroupMember.objects.get_or_create(name=name, defaults=defaults)
        if linked is not None and member.user_id is None:
            SteeringGroupMember.objects.filter(user=linked).exclude(pk=member.pk).update(user=None)
            member.user = linked
            member.full_clean()
            member.save()
        created += new
    return created


def _subject_of(kind, report):
    if kind == "report" and report is not None:
        return {
            "subject_type": ContentType.objects.get_for_model(report),
            "subject_id": report.pk,
            "points_at_budget": False,
        }
    return {"subject_type": None, "subject_id": None, "points_at_budget": kind == "budget"}


def _agenda(meeting, items, report):
    for position, (title, description, kind) in enumerate(items, start=1):
        item, new = AgendaItem.objects.get_or_create(
            meeting=meeting,
            position=position,
            defaults={"title": title, "description": description, **_subject_of(kind, report)},
        )
        if not new and kind == "report" and report is not None and item.subject_id is None:
            # The report was frozen after the first run: point at it now.
            for name, value in _subject_of(kind, report).items():
                setattr(item, name, value)
            item.full_clean()
            item.save()


def _decisions(meeting, decisions, users):
    leader = users.get("project_leader")
    for text, item_number, tasks in decisions:
        item = meeting.agenda_items.filter(position=item_number).first() if item_number else None
        decision, _new = Decision.objects.get_or_create(
            meeting=meeting,
            text=text,
            defaults={"agenda_item": item, "recorded_by": leader},
        )
        for title, owner_role, days, done in tasks:
            owner = users.get(owner_role) or leader
            if owner is None:
                continue
            task, new = FollowUpTask.objects.get_or_create(
                decision=decision,
                title=title,
                defaults={"owner": owner, "due_on": timezone.localdate() + timedelta(days=days)},
            )
            if new and done:
                task.done_at = _local(days - 1, 12)
                task.done_by = owner
                task.save()


def load(*, users, stdout):
    """Load the steering group's demo data; `users` are the demo users by role."""
    new_members = _members(users)
    leader = users.get("project_leader")
    report = _newest_report_version(leader) if leader is not None else None
    new_meetings = 0
    for place, days, hour, hours, minutes, items, decisions in MEETINGS:
        meeting = SteeringMeeting.objects.filter(place=place).order_by("pk").first()
        if meeting is None:
            meeting = SteeringMeeting(
                place=place,
                starts_at=_local(days, hour),
                ends_at=_local(days, hour + hours),
                minutes=minutes,
                created_by=leader,
            )
            meeting.full_clean()
            meeting.save()
            if days < 0:
                SteeringMeeting.objects.filter(pk=meeting.pk).update(
                    agenda_sent_at=_local(days - 7, 10)
                )
            new_meetings += 1
        _agenda(meeting, items, report)
        _decisions(meeting, decisions, users)
    stdout.write(
        f"Steering group: {new_members} new members, {new_meetings} new meetings "
        f"({SteeringGroupMember.objects.count()} members, "
        f"{SteeringMeeting.objects.count()} meetings in all)."
    )
