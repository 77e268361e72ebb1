"""Local cases: the staff write them, the public reads the published ones at /cases/."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect, render
from django.template.defaultfilters import floatformat
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from mapping.forms.cases import CaseEffectFormSet, CaseForm
from mapping.models import Case
from mapping.selectors import cases as selectors
from mapping.services.cases import case_save
from portal import export, formatting, refusals
from portal.access import STAFF, role_required
from portal.concurrency import edit_is_current
from portal.forms import model_values
from portal.registry import Panel


def _names(rows):
    return ", ".join(str(row) for row in rows)


EXPORT_COLUMNS = [
    (gettext_lazy("Title"), lambda case: case.title),
    (gettext_lazy("Enterprise"), lambda case: case.organisation.name),
    (gettext_lazy("Summary"), lambda case: case.summary),
    (gettext_lazy("Target groups"), lambda case: _names(case.target_groups.all())),
    (gettext_lazy("Purpose areas"), lambda case: _names(case.purpose_areas.all())),
    (
        gettext_lazy("Sustainable development goals"),
        lambda case: _names(case.goals.all()),
    ),
    (gettext_lazy("Published"), lambda case: case.published),
    (gettext_lazy("Created"), lambda case: case.created_at),
]


def figure(effect, *, public):
    """An effect's figure the Danish way (1.234,5); a public count of people under 5 is
    shown as 'under 5'."""
    if public and effect.about_people:
        value = effect.value
        return formatting.people_count(int(value) if value == value.to_integral() else value)
    return floatformat(effect.value, "-2g")


def _effects(case, *, public):
    return [(effect, figure(effect, public=public)) for effect in case.effects.all()]


@role_required(STAFF)
def case_list(request):
    filterset, cases = selectors.case_list(user=request.user, params=request.GET)
    export_format = export.requested_format(request)
    if export_format:
        return export.export_response(
            cases,
            EXPORT_COLUMNS,
            export_format=export_format,
            filename=_("cases"),
            title=gettext_lazy("Local cases"),
        )
    page = Paginator(cases, settings.STAFF_LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "mapping/cases/case_list.html",
        {"filter": filterset, "page": page, "cases": list(page.object_list)},
    )


def _effect_rows(formset):
    """The effects formset's rows as `case_save` takes them, as the formset would save them:
    only the rows that changed, a removed one only saying so."""
    rows = []
    for form in formset.forms:
        existing = form.instance if form.instance.pk else None
        if form in formset.deleted_forms:
            if existing is not None:
                rows.append({"effect": existing, "delete": True})
        elif form.has_changed():
            rows.append({"effect": existing, **model_values(form)})
    return rows


def _case_form(request, case):
    initial = {}
    chosen = request.GET.get("organisation", "")
    if case.pk is None and chosen.isdigit():
        initial["organisation"] = int(chosen)
    form = CaseForm(request.POST or None, request.FILES or None, instance=case, initial=initial)
    formset = CaseEffectFormSet(request.POST or None, instance=case, prefix="effects")
    if request.method == "POST":
        # Both are validated before anything is saved: one bad effect saves nothing at all.
        form_valid = form.is_valid()
        if formset.is_valid() and form_valid:
            try:
                with transaction.atomic():
                    if edit_is_current(form, formset, request=request):
                        case = case_save(
                            case=case if case.pk else None,
                            **model_values(form),
                            effects=_effect_rows(formset),
                        )
                        messages.success(
                            request, _("The case “%(title)s” was saved.") % {"title": case}
                        )
                        return redirect(case)
            except ValidationError as error:
                refusals.on_form(form, error)
    return render(
        request,
        "mapping/cases/case_form.html",
        {"form": form, "formset": formset, "case": case if case.pk else None},
    )


@role_required(STAFF)
@require_http_methods(["GET", "POST"])
def case_create(request):
    return _case_form(request, Case())


@role_required(STAFF)
@require_http_methods(["GET", "POST"])
def case_edit(request, pk):
    return _case_form(request, selectors.case_get_for_user(user=request.user, pk=pk))


@role_required(STAFF)
def case_detail(request, pk):
    case = selectors.case_get_for_user(user=request.user, pk=pk)
    return render(
        request,
        "mapping/cases/case_detail.html",
        {
            "case": case,
            "effects": _effects(case, public=False),
            "history": selectors.case_history(case=case),
        },
    )


def case_list_public(request):
    """Published cases, for everyone."""
    filterset, cases = selectors.case_public_list(params=request.GET)
    page = Paginator(cases, settings.DIRECTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "mapping/cases/case_list_public.html",
        {"filter": filterset, "page": page, "cases": list(page.object_list)},
    )


def case_public(request, pk):
    """A published case's public page. Drafts are 404 here for everyone, staff included."""
    case = selectors.case_public_get(pk=pk)
    return render(
        request,
        "mapping/cases/case_public.html",
        {"case": case, "effects": _effects(case, public=True)},
    )


urlpatterns = [
    path("cases/", case_list_public, name="case-list-public"),
    path("cases/<int:pk>/", case_public, name="case-public"),
    path("mapping/cases/", case_list, name="case-list"),
    path("mapping/cases/new/", case_create, name="case-create"),
    path("mapping/cases/<int:pk>/", case_detail, name="case-detail"),
    path("mapping/cases/<int:pk>/edit/", case_edit, name="case-edit"),
]


def organisation_section(request, organisation):
    """The cases on an organisation's page.

    Staff see every case (drafts too) and can start a new one for the organisation; the
    enterprise's own users see its published cases; everyone else sees nothing.
    """
    user = request.user
    if user.is_authenticated and user.is_programme_staff:
        staff = True
    elif user.is_authenticated and user.is_enterprise_user and organisation.users.contains(user):
        staff = False
    else:
        return None
    cases = list(
        selectors.cases_of_organisation(organisation=organisation, published_only=not staff)
    )
    if not cases and not staff:
        return None
    return Panel(
        "mapping/cases/organisation_section.html",
        {"organisation": organisation, "cases": cases, "staff": staff},
    )
