"""Demo data for the programme, loaded by `manage.py demo_data` after every other app's: the
plan first, then the steering group, whose agendas point at the plan's budget and at what
the other apps made (a report version)."""

from portal.programme import demo_plan, demo_steering


def load(*, users, stdout):
    for part in (demo_plan, demo_steering):
        part.load(users=users, stdout=stdout)
