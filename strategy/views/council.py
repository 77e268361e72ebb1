"""The recommendation to the city council (indstilling til byrådet) and the council's
decision. The project leader writes the recommendation's texts, records the decision and,
after "adopted with changes", confirms the amended plan; consultants read them; the
steering group and everyone else have no business here (403).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from portal import refusals
from portal.access import STAFF, role_required
from portal.concurrency import edit_is_current
from portal.forms import model_values
from strategy.council.document import file_name
from strategy.council.docx import CONTENT_TYPE, build_recommendation_docx
from strategy.council.pdf import preview_html, render_recommendation_pdf
from strategy.forms.council import DecisionForm, RecommendationForm
from strategy.selectors.council import council_strategy_get_for_user
from strategy.selectors.in_force import status_of
from strategy.services import council as services


def _strategy(request, pk):
    """The strategy whose recommendation and council decision these pages show: the staff
    read them, the project leader alone changes them (a POST by anyone else is 403)."""
    return council_strategy_get_for_user(
        user=request.user, pk=pk, for_change=request.method == "POST"
    )


def _decision(strategy):
    return services.decision_of(strategy)


@role_required(STAFF)
@require_http_methods(["GET", "POST"])
def recommendation(request, pk):
    """The project leader edits the texts here, with the document's preview below."""
    strategy = _strategy(request, pk)
    decision = _decision(strategy)
    if request.method == "POST" and decision is not None:
        messages.error(
            request,
            _(
                "The city council has decided on this plan: the recommendation can no "
                "longer change."
            ),
        )
        return redirect("strategy:recommendation", pk=strategy.pk)
    may_edit = request.user.is_project_leader and decision is None
    form = None
    if may_edit:
        form = RecommendationForm(
            request.POST or None, instance=services.recommendation_of(strategy), strategy=strategy
        )
    if request.method == "POST" and form.is_valid():
        # Two project leaders may write the recommendation at once: the second is shown what
        # the first changed instead of overwriting it.
        try:
            with transaction.atomic():
                if edit_is_current(form, request=request):
                    services.recommendation_update(
                        strategy=strategy, **model_values(form), by=request.user
                    )
                    messages.success(request, _("The recommendation was saved."))
                    return redirect("strategy:recommendation", pk=strategy.pk)
        except ValidationError as error:
            refusals.on_form(form, error)
    # The preview shows what is saved, never the rejected input.
    saved = services.recommendation_of(strategy)
    version = services.document_version(strategy, recommendation=saved, decision=decision)
    preview = None
    if version is not None:
        preview = preview_html(recommendation=saved, version=version)
    sections = [
        {"label": saved._meta.get_field(name).verbose_name, "text": getattr(saved, name)}
        for name in saved.SECTIONS
    ]
    return render(
        request,
        "strategy/council/recommendation.html",
        {
            "strategy": strategy,
            "recommendation": saved,
            "version": version,
            "form": form,
            "may_edit": may_edit,
            "sections": sections,
            "preview": preview,
            "decision": decision,
        },
        status=400 if form is not None and form.is_bound else 200,
    )


def _document(request, pk):
    """The recommendation and the version its documents show: the decided version once the
    council has decided, else the recommended one."""
    strategy = _strategy(request, pk)
    recommendation = services.recommendation_of(strategy)
    version = services.document_version(strategy, recommendation=recommendation)
    if version is None:
        raise Http404("No version of the plan has been submitted yet.")
    return recommendation, version


@role_required(STAFF)
@require_safe
@xframe_options_sameorigin
def recommendation_pdf(request, pk):
    """The recommendation as a PDF, made from the version's snapshot on request."""
    recommendation, version = _document(request, pk)
    pdf = render_recommendation_pdf(recommendation=recommendation, version=version)
    name = file_name(recommendation=recommendation, version=version, extension="pdf")
    response = HttpResponse(pdf, content_type="application/pdf")
    disposition = "attachment" if request.GET.get("download") == "1" else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


@role_required(STAFF)
@require_safe
def recommendation_docx(request, pk):
    """The recommendation as a Word document for the case-handling system."""
    recommendation, version = _document(request, pk)
    data = build_recommendation_docx(recommendation=recommendation, version=version)
    name = file_name(recommendation=recommendation, version=version, extension="docx")
    response = HttpResponse(data, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


def _decision_refusal(strategy, decision, latest):
    """Why no decision can be recorded for the strategy now, or "" when one can."""
    if decision is not None:
        return _("The city council's decision on this plan is already recorded.")
    if not strategy.is_editable:
        return _("Only a draft can be decided on; this plan is %(state)s.") % {
            "state": strategy.get_state_display().lower()
        }
    if latest is None:
        return _("The plan has no saved version to decide on yet.")
    return services.recommendation_refusal(strategy, latest)


@role_required(STAFF)
@require_http_methods(["GET", "POST"])
def decision_record(request, pk):
    """The project leader records the city council's decision; consultants read it. After
    "adopted with changes" the page guides the next step: applying the amendments."""
    strategy = _strategy(request, pk)
    decision = _decision(strategy)
    latest = services.latest_version(strategy)
    refusal = _decision_refusal(strategy, decision, latest)
    if request.method == "POST" and refusal:
        messages.error(request, refusal)
        return redirect("strategy:decision-record", pk=strategy.pk)
    may_record = request.user.is_project_leader and not refusal
    form = None
    if may_record:
        form = DecisionForm(
            request.POST or None,
            strategy=strategy,
            # Without a refusal the recommended version is the latest: the only one offered.
            decidable=latest,
            initial={"decided_on": timezone.localdate()},
        )
    if request.method == "POST" and may_record and form.is_valid():
        try:
            decision = services.decision_record(
                strategy=strategy,
                version=form.cleaned_data["version"],
                decided_on=form.cleaned_data["decided_on"],
                outcome=form.cleaned_data["outcome"],
                changes=form.cleaned_data["changes"],
                by=request.user,
                request=request,
            )
        except ValidationError as error:
            refusals.on_form(form, error)
        else:
            messages.success(
                request,
                _("The city council's decision was recorded: %(outcome)s.")
                % {"outcome": decision.get_outcome_display()},
            )
            return redirect("strategy:decision-record", pk=strategy.pk)
    return render(
        request,
        "strategy/council/decision.html",
        {
            "strategy": strategy,
            "status": status_of(strategy),
            "decision": decision,
            "latest": latest,
            "form": form,
            "refusal": refusal,
            "in_force": services.version_in_force(strategy, decision) if decision else None,
            "amendments": services.amendments(decision),
            "may_apply": request.user.is_project_leader
            and decision is not None
            and decision.awaiting_amendments,
        },
        status=400 if form is not None and form.is_bound else 200,
    )


@role_required(STAFF)
@require_POST
def amendments_apply(request, pk):
    """The project leader confirms that the plan now says what the city council adopted."""
    strategy = _strategy(request, pk)
    try:
        decision = services.amendments_apply(strategy=strategy, by=request.user, request=request)
    except ValidationError as error:
        refusals.as_message(request, error)
    else:
        messages.success(
            request,
            _("The plan as the city council adopted it is recorded as version %(number)s.")
            % {"number": decision.adopted_version.number},
        )
    return redirect("strategy:decision-record", pk=strategy.pk)


urlpatterns = [
    path("strategy/<int:pk>/recommendation/", recommendation, name="recommendation"),
    path("strategy/<int:pk>/recommendation/pdf/", recommendation_pdf, name="recommendation-pdf"),
    path("strategy/<int:pk>/recommendation/docx/", recommendation_docx, name="recommendation-docx"),
    path("strategy/<int:pk>/decision/", decision_record, name="decision-record"),
    path("strategy/<int:pk>/decision/amendments/", amendments_apply, name="decision-amendments"),
]
