"""Reads of the spreadsheet imports. Imports belong to the programme, not to one person:
every member of staff may see, continue, import or cancel one another started; nobody else
may know of them."""

from mapping.models import ImportBatch
from portal.access import get_for_user


def import_batch_get_for_user(*, user, pk, for_change=False):
    """An import, for any member of staff (who may also change it); 404 for anyone else."""
    queryset = ImportBatch.objects.select_related("created_by")
    if not user.is_programme_staff:
        queryset = queryset.none()
    return get_for_user(queryset, pk=pk, for_change=for_change)
