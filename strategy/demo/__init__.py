"""Demo data for the strategy, loaded by `manage.py demo_data` after the mapping's: the plan
in force with its progress (`adopted`), and a newer draft under the steering group's review
(`draft`). Idempotent: each strategy is found by its title and made only when missing.
Everything is made through the strategy's services, so versions, history and states are
real; without the mapping demo the plans are made all the same, with fewer links."""

from django.db import transaction

from strategy.demo import adopted, draft


def load(*, users, stdout):
    with transaction.atomic():
        adopted.load(users=users, stdout=stdout)
        draft.load(users=users, stdout=stdout)
