"""Demo data for the mapping, loaded by `manage.py demo_data`: the organisations first, then
what builds on them. Every person, organisation and figure is invented."""

from mapping.demo import cases, meetings, organisations, reports, stakeholders


def load(*, users, stdout):
    for part in (organisations, stakeholders, cases, meetings, reports):
        part.load(users=users, stdout=stdout)
