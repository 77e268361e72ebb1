"""The mapping's workflows: registration and moderation."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from mapping.models import Contact, Organisation
from mapping.models.organisations import PROFILE_FIELDS, STAFF_FIELDS
from portal import emails
from portal.i18n import stored_text
from portal.images import delete_after_commit
from portal.records import assign, assign_related, snapshot


def _check_cvr_after_commit(organisation):
    """Ask the CVR register about a new or changed CVR number once the save has committed.

    The form may have been filled in from the register in the browser, but what is stored
    (status, ceased, protected against advertising, RSV) comes from the server's own look-up,
    a background job (`mapping.check_cvr`) that tries again later while the register does
    not answer. The portal works without the register.
    """
    from mapping.upkeep_jobs import check_cvr_later  # the jobs build on these services

    check_cvr_later(organisation)


def _absolute(request, url):
    return request.build_absolute_uri(url) if request is not None else url


def _project_leaders():
    user_model = get_user_model()
    leaders = user_model.objects.with_role(user_model.Role.PROJECT_LEADER)
    return leaders.filter(is_active=True).exclude(email="")


def organisation_register(
    *, what, contact_name, contact_role, email, phone, password, request=None, **values
):
    """Create a pending organisation, its contact and an enterprise user: the registrant
    (`contact_name`, `email`, `password`) registers `what` (existing or potential
    social-economy enterprise); `values` are the profile's fields (`PROFILE_FIELDS`).

    All or nothing: the three rows and the link between them are saved together. The e-mails
    go out only once the transaction has committed. Refused (ValidationError) when the CVR
    number or the e-mail address is registered already, also by someone a moment ago.
    """
    try:
        return _register(
            what=what,
            contact_name=contact_name,
            contact_role=contact_role,
            email=email,
            phone=phone,
            password=password,
            request=request,
            values=values,
        )
    except IntegrityError:
        # Someone registered the same CVR number or e-mail address since the checks ran.
        raise ValidationError(
            _(
                "The CVR number or e-mail address was registered by someone else a moment "
                "ago. Nothing was saved."
            ),
            code="registered_meanwhile",
        ) from None


def _as_email_error(error):
    """The account's errors about its user name are about the e-mail address it is made of."""
    if not hasattr(error, "error_dict"):
        return error
    errors = {}
    for name, items in error.error_dict.items():
        errors.setdefault("email" if name == "username" else name, []).extend(items)
    return ValidationError(errors)


@transaction.atomic
def _register(*, what, contact_name, contact_role, email, phone, password, request, values):
    language = translation.get_language() or settings.LANGUAGE_CODE
    user_model = get_user_model()
    first, _space, last = contact_name.partition(" ")
    user = user_model(
        username=email.lower(),
        email=email,
        first_name=first[:150],
        last_name=last[:150],
        language=language,
    )
    user.set_password(password)
    try:
        user.full_clean()
    except ValidationError as error:
        raise _as_email_error(error) from None
    user.save()
    user.roles_grant([user_model.Role.ENTERPRISE])

    organisation = Organisation()
    related = assign(organisation, values, fields=PROFILE_FIELDS)
    organisation.se_status = what
    organisation.sector = Organisation.Sector.SOCIAL_ECONOMY
    organisation.moderation_state = Organisation.Moderation.PENDING
    # Registering is asking to be shown: the form says the directory shows it once approved.
    organisation.consent = Organisation.Consent.REGISTRATION
    organisation.consent_recorded_at = timezone.now()
    organisation.consent_recorded_by = user
    organisation.full_clean()
    organisation._history_user = user  # the change history says the registrant created it
    organisation.save()
    assign_related(organisation, related)
    organisation.users.add(user)
    _check_cvr_after_commit(organisation)

    contact = Contact(
        organisation=organisation,
        name=contact_name,
        role=contact_role,
        email=email,
        phone=phone,
        legal_basis=Contact.LegalBasis.CONSENT,
        purpose=stored_text(
            gettext_noop("Contact person for the organisation's registration in the programme")
        ),
    )
    contact.full_clean()
    contact.save()

    status_url = _absolute(request, reverse("mapping:my-organisations"))
    queue_url = _absolute(request, reverse("mapping:moderation-queue"))
    # Recorded with the registration and sent once it has committed: a mail server that is
    # down leaves failed deliveries to send again, never an error after the data is saved.
    # What became of the registrant's receipt (filled in once the registration commits): the
    # page says it was sent only when it was.
    receipt = emails.send(
        "registration_received",
        to=[user.email],
        context={"organisation": organisation, "user": user, "status_url": status_url},
        language=language,
        about=organisation,
        recipient_user=user,
        key=f"registration_received:{user.pk}",
    )
    emails.send_to_each(
        _project_leaders(),
        template="registration_to_moderate",
        letter=lambda leader: emails.Letter(
            to=leader.email,
            context={"organisation": organisation, "queue_url": queue_url},
            language=leader.language,
            recipient_user=leader,
            key=f"registration_to_moderate:{organisation.pk}:{leader.pk}",
        ),
        about=organisation,
        by=user,
    )
    return organisation, user, receipt


def _notify_registrants(organisation, template, request, by):
    url = _absolute(request, reverse("mapping:my-organisations"))
    return emails.send_to_each(
        organisation.users.filter(is_active=True).exclude(email=""),
        template=template,
        letter=lambda user: emails.Letter(
            to=user.email,
            context={"organisation": organisation, "user": user, "status_url": url},
            language=user.language,
            recipient_user=user,
        ),
        about=organisation,
        by=by,
    )


def _moderate(organisation, *, state, reason, by, change_reason, template, request):
    # Locked and checked, so that two approvals at once (a double click, two project
    # leaders) moderate it once and e-mail the registrant once: the second waits for the
    # lock and then finds it moderated.
    locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if locked.moderation_state != Organisation.Moderation.PENDING:
        raise ValidationError(
            _("%(name)s was moderated already: it is %(state)s.")
            % {"name": locked.name, "state": locked.get_moderation_state_display().lower()},
            code="already_moderated",
        )
    # The locked row is changed, not the copy read before the lock: an edit of the profile
    # committed in between is kept.
    locked.moderation_state = state
    locked.rejection_reason = reason
    locked.moderated_at = timezone.now()
    locked.moderated_by = by
    if state == Organisation.Moderation.APPROVED:
        # A registration asked to be shown: approving it publishes it.
        if not locked.consent:
            locked.consent = Organisation.Consent.REGISTRATION
            locked.consent_recorded_at = locked.moderated_at
            locked.consent_recorded_by = by
        locked.published = True
    locked.full_clean()
    locked._change_reason = stored_text(change_reason)
    locked.save()
    # What became of the registrant's e-mail is filled in once the moderation commits.
    return locked, _notify_registrants(locked, template, request, by)


@transaction.atomic
def organisation_approve(*, organisation, by, request=None):
    """Approve a registration: it appears in the public directory, and the registrant hears.
    Returns the organisation and the e-mail's `Outcome` (filled in once this commits)."""
    return _moderate(
        organisation,
        state=Organisation.Moderation.APPROVED,
        reason="",
        by=by,
        change_reason=gettext_noop("Approved"),
        template="registration_approved",
        request=request,
    )


@transaction.atomic
def organisation_reject(*, organisation, by, reason, request=None):
    """Reject a registration with a reason that the registrant receives by e-mail. Returns
    the organisation and the e-mail's `Outcome` (filled in once this commits)."""
    return _moderate(
        organisation,
        state=Organisation.Moderation.REJECTED,
        reason=reason,
        by=by,
        change_reason=gettext_noop("Rejected"),
        template="registration_rejected",
        request=request,
    )


@transaction.atomic
def organisation_create(*, by, **values):
    """An organisation entered by the programme's own staff (`values`: its `STAFF_FIELDS`):
    approved from the start, and internal until someone publishes it with its consent
    (`organisation_publish`)."""
    organisation = Organisation()
    related = assign(organisation, values, fields=STAFF_FIELDS)
    organisation.moderation_state = Organisation.Moderation.APPROVED
    organisation.moderated_by = by
    organisation.moderated_at = timezone.now()
    organisation.full_clean()
    organisation._history_user = by
    organisation.save()
    assign_related(organisation, related)
    _check_cvr_after_commit(organisation)
    return organisation


def _labels(names):
    return [str(capfirst(Organisation._meta.get_field(name).verbose_name)) for name in names]


@transaction.atomic
def organisation_update(*, organisation, by, request=None, **values):
    """Change `organisation`'s profile: `values` are its `PROFILE_FIELDS` (an enterprise
    user) or `STAFF_FIELDS` (the programme's staff).

    A rejected registration that its registrant changes goes back to the moderation queue.
    A change that an enterprise user makes to an approved profile is public at once, so the
    project leaders are told and can read it in the change history.
    """
    # Someone on the programme's staff who is also an enterprise's user acts as staff here.
    as_enterprise = not by.is_programme_staff
    fields = PROFILE_FIELDS if as_enterprise else STAFF_FIELDS
    before = snapshot(Organisation.objects.get(pk=organisation.pk), values)
    related = assign(organisation, values, fields=fields)
    resubmitted = (
        as_enterprise and organisation.moderation_state == Organisation.Moderation.REJECTED
    )
    if resubmitted:
        organisation.moderation_state = Organisation.Moderation.PENDING
        organisation.rejection_reason = ""
    organisation.full_clean()
    organisation.save()
    assign_related(organisation, related)
    after = snapshot(organisation, values)
    changed = [name for name in values if before[name] != after[name]]
    if before.get("logo") and "logo" in changed:
        delete_after_commit(organisation.logo.storage, before["logo"])
    if "cvr" in changed:
        _check_cvr_after_commit(organisation)
    if (
        as_enterprise
        and organisation.moderation_state == Organisation.Moderation.APPROVED
        and changed
    ):
        history_url = _absolute(
            request, reverse("mapping:organisation-history", args=[organisation.pk])
        )
        changed = _labels(changed)
        emails.send_to_each(
            _project_leaders(),
            template="profile_changed",
            letter=lambda leader: emails.Letter(
                to=leader.email,
                context={
                    "organisation": organisation,
                    "changed": changed,
                    "history_url": history_url,
                },
                language=leader.language,
                recipient_user=leader,
            ),
            about=organisation,
            by=by,
        )
    return organisation, resubmitted


# Consents that staff record; the others are given by registering, or were never recorded.
STAFF_CONSENTS = (Organisation.Consent.WRITTEN, Organisation.Consent.ORAL)


@transaction.atomic
def organisation_publish(*, organisation, by, consent, note):
    """Publish an approved organisation with the consent it gave, recorded with who and when.

    Refused (ValidationError) without a consent that staff can record and a note on it, and
    for a registration that still awaits moderation or was rejected: that is the moderation's.
    """
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    errors = {}
    if consent not in STAFF_CONSENTS:
        errors["consent"] = _("Choose how the organisation gave its consent.")
    if not (note or "").strip():
        errors["consent_note"] = _("Write who gave the consent, and when.")
    if errors:
        raise ValidationError(errors)
    if organisation.moderation_state != Organisation.Moderation.APPROVED:
        raise ValidationError(
            _("%(name)s awaits approval or was rejected: it cannot be published.")
            % {"name": organisation.name},
            code="not_approved",
        )
    if organisation.published:
        raise ValidationError(
            _("%(name)s is published already.") % {"name": organisation.name},
            code="already_published",
        )
    organisation.published = True
    organisation.consent = consent
    organisation.consent_note = note.strip()
    organisation.consent_recorded_at = timezone.now()
    organisation.consent_recorded_by = by
    organisation.full_clean()
    organisation._change_reason = stored_text(gettext_noop("Published with consent"))
    organisation._history_user = by
    organisation.save()
    return organisation


@transaction.atomic
def organisation_unpublish(*, organisation, by):
    """Take an organisation out of the public directory, e.g. when it withdraws its consent.

    The consent is cleared, so publishing it again needs a new one; the change history keeps
    the old.
    """
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if not organisation.published:
        raise ValidationError(
            _("%(name)s is not published.") % {"name": organisation.name},
            code="not_published",
        )
    organisation.published = False
    organisation.consent = ""
    organisation.consent_note = ""
    organisation.consent_recorded_at = None
    organisation.consent_recorded_by = None
    organisation.full_clean()
    organisation._change_reason = stored_text(gettext_noop("Taken out of the directory"))
    organisation._history_user = by
    organisation.save()
    return organisation
