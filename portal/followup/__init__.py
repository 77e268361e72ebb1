"""Follow-up tasks, one way for every app: an abstract base (`models.FollowUp`) with the
open/overdue/done rules, the "mark done / reopen" services, and the one "my tasks" list that
finds every app's concrete task model through the app registry.

Empty on purpose: the apps' models import `portal.followup.models` while Django loads models.
"""
