"""Services take plain keyword arguments, never a bound form (issue 13): the view turns its
form into values (`portal.forms.model_values`), the service validates with `full_clean()`
and refuses with ValidationError. This fails when a service takes a form again."""

import ast
import inspect
import pkgutil
from importlib import import_module
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.conf import settings

FORM_NAMES = {"form", "formset"}
# What only a bound form has: a service that reads one of these was handed a form.
FORM_ATTRIBUTES = {"cleaned_data", "changed_data", "save_m2m", "is_valid", "has_changed"}


def modules_named(part):
    """Every module named `part`, or inside a `part` package, of our own apps."""
    root = Path(settings.BASE_DIR).resolve()
    names = []
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if root not in path.parents or ".venv" in path.parts:
            continue
        for info in pkgutil.walk_packages([str(path)], prefix=f"{config.name}."):
            parts = info.name.split(".")
            if part in parts[len(config.name.split(".")) :]:
                names.append(info.name)
    return sorted(set(names))


def services_modules():
    """Every module named `services`, or inside a `services` package, of our own apps."""
    return modules_named("services")


def public_functions(module):
    return [
        (name, function)
        for name, function in inspect.getmembers(module, inspect.isfunction)
        if not name.startswith("_") and function.__module__ == module.__name__
    ]


def _is_form_class(annotation):
    return inspect.isclass(annotation) and issubclass(
        annotation, forms.BaseForm | forms.BaseFormSet
    )


def form_parameters(function):
    """The parameters of `function` that are a form: by name or by annotation."""
    found = []
    for parameter in inspect.signature(function).parameters.values():
        name = parameter.name
        if (
            name in FORM_NAMES
            or name.endswith(("_form", "_formset"))
            or _is_form_class(parameter.annotation)
        ):
            found.append(name)
    return found


def _is_form_name(name):
    return name in FORM_NAMES or name.endswith(("_form", "_formset"))


def _service_names(tree):
    """The names a module binds to a services module or to what one holds: `services` in
    `from strategy.services import drafting as services`, `case_save` in
    `from mapping.services.cases import case_save`."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                if "services" in f"{node.module}.{alias.name}".split("."):
                    names.add(alias.asname or alias.name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname and "services" in alias.name.split("."):
                    names.add(alias.asname)
    return names


def _called_name(call):
    """`services` for `services.action_save(...)`, `case_save` for `case_save(...)`."""
    function = call.func
    while isinstance(function, ast.Attribute):
        function = function.value
    return function.id if isinstance(function, ast.Name) else None


def form_instances_passed(source):
    """Where `source` hands a form's row (`form.instance`, `<x>_form.instance`) to a
    service: its values would arrive written onto the row by the bound form, not as the
    service's keyword arguments (line numbers)."""
    tree = ast.parse(source)
    services = _service_names(tree)
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or _called_name(node) not in services:
            continue
        for argument in [*node.args, *(keyword.value for keyword in node.keywords)]:
            if (
                isinstance(argument, ast.Attribute)
                and argument.attr == "instance"
                and isinstance(argument.value, ast.Name)
                and _is_form_name(argument.value.id)
            ):
                found.append(f"{argument.value.id}.instance (line {argument.lineno})")
    return sorted(found)


def form_attributes_read(module):
    """Where the module's code reads what only a bound form has (line numbers)."""
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    return sorted(
        f"{node.attr} (line {node.lineno})"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr in FORM_ATTRIBUTES
    )


MODULES = services_modules()
VIEW_MODULES = modules_named("views")


def test_the_services_modules_are_found():
    # The test would pass on nothing: make sure it looks where the services are.
    for expected in (
        "mapping.services.organisations",
        "mapping.services.meetings",
        "strategy.services.council",
        "portal.programme.services.steering",
        "portal.people.services",
    ):
        assert expected in MODULES


@pytest.mark.parametrize("name", MODULES)
def test_no_service_takes_a_form(name):
    module = import_module(name)
    offenders = {
        function_name: parameters
        for function_name, function in public_functions(module)
        if (parameters := form_parameters(function))
    }
    assert offenders == {}, "services take plain keyword arguments, not forms"


@pytest.mark.parametrize("name", MODULES)
def test_no_service_reads_a_bound_form(name):
    assert form_attributes_read(import_module(name)) == []


def test_the_check_catches_a_form_by_name_and_by_annotation():
    def by_name(*, form, by):
        pass

    def by_annotation(*, data: forms.Form, rows: forms.BaseFormSet, by):
        pass

    def plain(*, title, by, **values):
        pass

    assert form_parameters(by_name) == ["form"]
    assert form_parameters(by_annotation) == ["data", "rows"]
    assert form_parameters(plain) == []


def test_the_views_modules_are_found():
    for expected in ("strategy.views.actions", "strategy.views.drafting", "mapping.views.cases"):
        assert expected in VIEW_MODULES


@pytest.mark.parametrize("name", VIEW_MODULES)
def test_no_view_hands_a_service_its_forms_row(name):
    source = Path(import_module(name).__file__).read_text(encoding="utf-8")
    assert form_instances_passed(source) == [], "pass **model_values(form), not form.instance"


def test_the_check_catches_a_forms_row_handed_to_a_service():
    source = """
from strategy.services import drafting as services
from mapping.services.cases import case_save

def save(form, action_form, request):
    services.action_save(action=form.instance, by=request.user)
    case_save(action_form.instance, by=request.user)
    services.action_save(action=action, by=request.user, **model_values(form))
    TaskFormSet(instance=form.instance)  # a formset of the row, not a service
"""
    assert form_instances_passed(source) == [
        "action_form.instance (line 7)",
        "form.instance (line 6)",
    ]
