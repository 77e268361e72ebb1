"""One way to fetch an object for a person: every view reads an object of our apps through a
`<noun>_get_for_user(*, user, pk, for_change=False)` selector (built on
`portal.access.get_for_user`): 404 for those who may not know it exists, 403 for those who
may see it but not change it.

This test reads every view module of every app (`ast`) and fails, naming the file and line,
where a view fetches a protected model any other way: `get_object_or_404` or
`get_list_or_404`, a model's manager's `.get(`, `.first()` and the like, a lookup by `pk=` or
`id=` on any queryset or related manager, a selector by another name given a `pk=`, or the
kernel `get_for_user` itself (a view does not decide what a person may see).
"""

import ast
import re
import textwrap
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver

ROOT = Path(settings.BASE_DIR).resolve()

# Reference tables that anyone may read, with no one's data in them: the directory's and the
# forms' filters and choices. Every other model of our apps is protected.
PUBLIC_MODELS = {
    "mapping.LocalArea": "local areas: the directory's public filter",
    "mapping.PurposeArea": "purpose areas: the directory's public filter",
    "mapping.TargetGroup": "target groups of a case: a fixed list of choices",
    "mapping.SDG": "the UN's sustainable development goals: a fixed list of choices",
    "mapping.FeedbackTag": "the themes feedback is tagged with: a fixed list of choices",
}

# Selector names a view may fetch through: the person's (`*_get_for_user`), and the public
# pages' (`*_public_get`: the same answer for everyone, anonymous or not, 404 for anything
# not published).
ALLOWED_SELECTOR = re.compile(r"(_get_for_user|_public_get)$")
# The steering group's review component (portal.review, its own branch) names its
# comment-for-an-answer selector so; it is a get-for-user (404 unless the person may answer).
ALSO_ALLOWED = {"comment_get_for_answer"}
URL_HELPERS = {"redirect", "reverse", "reverse_lazy", "resolve_url"}
SHORTCUTS = {"get_object_or_404", "get_list_or_404"}
ONE_OBJECT = {"get", "first", "last", "earliest", "latest", "in_bulk"}
LOOKUPS = {"get", "filter", "exclude"}


def _is_ours(path):
    path = Path(path).resolve()
    return path.is_relative_to(ROOT) and ".venv" not in path.parts


def our_models():
    return [
        model
        for config in apps.get_app_configs()
        if _is_ours(config.path)
        for model in config.get_models()
    ]


def protected_models():
    """Every model of our apps but the public reference tables."""
    return [model for model in our_models() if model._meta.label not in PUBLIC_MODELS]


def _callbacks(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _callbacks(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            yield pattern.callback


def view_modules():
    """Every module that holds a view: `views.py` and `views/` of each app, and the module
    of every view the URL resolver reaches that is ours."""
    found = set()
    for config in apps.get_app_configs():
        if _is_ours(config.path):
            app = Path(config.path)
            found.update(app.rglob("views.py"))
            found.update(app.rglob("views/*.py"))
    for callback in _callbacks(get_resolver().url_patterns):
        module = __import__(callback.__module__, fromlist=["_"])
        if getattr(module, "__file__", None) and _is_ours(module.__file__):
            found.add(Path(module.__file__))
    # The Django admin is for administrators only and fetches through its ModelAdmin, under
    # its own permissions (is_staff and the model permissions), not through these pages.
    return sorted(
        path.resolve()
        for path in found
        if "migrations" not in path.parts and path.name != "admin.py"
    )


def _name(func):
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _root(node):
    """The name an attribute and call chain starts from: `Organisation` for
    `Organisation.objects.filter(...).first`, `meeting` for `meeting.agenda_items`."""
    while True:
        if isinstance(node, ast.Attribute):
            node = node.value
        elif isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Subscript):
            node = node.value
        else:
            return node.id if isinstance(node, ast.Name) else None


def _by_pk(call):
    return any(
        keyword.arg in ("pk", "id") or (keyword.arg or "").startswith(("pk__", "id__"))
        for keyword in call.keywords
    )


def violations(source, *, filename, protected, public=()):
    """[(filename, line, what)] where `source` fetches one of the `protected` model names
    other than through a `*_get_for_user` selector."""
    found = []
    for node in ast.walk(ast.parse(source, filename=filename)):
        if not isinstance(node, ast.Call):
            continue
        name = _name(node.func)
        what = None
        if name in SHORTCUTS:
            model = _root(node.args[0]) if node.args else None
            if model not in public:
                what = f"{name}({model or '…'}, …)"
        elif name == "get_for_user":
            what = "get_for_user(…) in a view: a `<noun>_get_for_user` selector decides"
        elif isinstance(node.func, ast.Attribute) and name in ONE_OBJECT | LOOKUPS:
            root = _root(node.func.value)
            if name in ONE_OBJECT and root in protected:
                what = f"{root}….{name}(…)"
            elif name in LOOKUPS and _by_pk(node):
                what = f"{root or '…'}….{name}(pk=…)"
        elif (
            _by_pk(node)
            and name not in URL_HELPERS
            and name not in ALSO_ALLOWED
            and not ALLOWED_SELECTOR.search(name or "")
        ):
            what = f"{name}(pk=…), not a `*_get_for_user` selector"
        if what:
            found.append((filename, node.lineno, what))
    return found


def test_the_protected_models_are_every_model_of_our_apps_but_the_reference_tables():
    labels = {model._meta.label for model in protected_models()}
    everything = {model._meta.label for model in our_models()}
    assert set(PUBLIC_MODELS) <= everything, "an allowed model no longer exists"
    assert labels == everything - set(PUBLIC_MODELS)
    for label in (
        "mapping.Organisation",
        "mapping.Contact",
        "strategy.Strategy",
        "programme.TimeEntry",
        "portal.User",
        "portal.Job",
    ):
        assert label in labels


def test_the_view_modules_are_found_in_every_app():
    modules = {str(path.relative_to(ROOT)) for path in view_modules()}
    for expected in (
        "mapping/views/organisations.py",
        "strategy/views/council.py",
        "portal/programme/views/timesheets.py",
        "portal/people/views.py",
        "portal/jobs/views.py",
        "portal/followup/views.py",
    ):
        assert expected in modules


def test_every_view_fetches_a_protected_object_through_a_get_for_user_selector():
    protected = {model.__name__ for model in protected_models()}
    public = {label.split(".")[1] for label in PUBLIC_MODELS}
    found = []
    for path in view_modules():
        found += violations(
            path.read_text(),
            filename=str(path.relative_to(ROOT)),
            protected=protected,
            public=public,
        )
    assert not found, "Fetch these through a `<noun>_get_for_user` selector:\n" + "\n".join(
        f"{filename}:{line}: {what}" for filename, line, what in found
    )


SNIPPET = textwrap.dedent(
    """\
    from django.shortcuts import get_object_or_404, redirect


    def organisation_detail(request, pk):
        organisation = get_object_or_404(Organisation, pk=pk)
        same = Organisation.objects.get(name="Café Kvisten")
        first = Organisation.objects.filter(published=True).first()
        item = meeting.agenda_items.get(pk=pk)
        chosen = Phase.objects.filter(pk__in=[pk])
        meeting = selectors.meeting_get(pk=pk)
        visible = get_for_user(Organisation.objects.all(), pk=pk)
        items = get_list_or_404(meeting.agenda_items)
        fine = selectors.organisation_get_for_user(user=request.user, pk=pk)
        public = selectors.case_public_get(pk=pk)
        area = get_object_or_404(LocalArea, pk=1)
        listed = Organisation.objects.filter(published=True)
        return redirect("mapping:organisation-detail", pk=fine.pk)
    """
)


def test_the_checker_names_each_other_way_of_fetching_and_lets_the_selectors_pass():
    found = violations(
        SNIPPET,
        filename="mapping/views/example.py",
        protected={"Organisation", "Phase"},
        public={"LocalArea"},
    )
    assert [(line, what) for _file, line, what in found] == [
        (5, "get_object_or_404(Organisation, …)"),
        (6, "Organisation….get(…)"),
        (7, "Organisation….first(…)"),
        (8, "meeting….get(pk=…)"),
        (9, "Phase….filter(pk=…)"),
        (10, "meeting_get(pk=…), not a `*_get_for_user` selector"),
        (11, "get_for_user(…) in a view: a `<noun>_get_for_user` selector decides"),
        (12, "get_list_or_404(meeting, …)"),
    ]
    assert {file for file, _line, _what in found} == {"mapping/views/example.py"}
