"""Views for the cases part of the mapping (issue 3): being written."""

urlpatterns = []


def organisation_section(request, organisation):
    """The Panel this concept adds to an organisation's page, or None."""
    return None
