"""What the mapping offers a steering group agenda item to point at: interim report versions.

Registered with `portal.registry.register_agenda_subjects` from the mapping's AppConfig.
"""

from django.utils.translation import gettext as _

from mapping.models import ReportVersion

# The newest versions are the ones a meeting discusses; older ones stay on items that chose them.
AGENDA_VERSIONS = 50


def agenda_subjects(user):
    """Interim report versions, newest first, as one group of the agenda's choices."""
    return [
        (
            _("Interim report versions"),
            # Only versions with their PDF: one being prepared may yet be removed (unchanged).
            list(
                ReportVersion.objects.filter(pdf_state=ReportVersion.PdfState.READY).order_by(
                    "-number"
                )[:AGENDA_VERSIONS]
            ),
        )
    ]
