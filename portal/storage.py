"""Where files that must not be public are kept.

Frozen report PDFs and uploaded spreadsheets are served only through views that check who
asks, which stream them from the storage (`storage.open`). The "private" storage refuses to
make a URL for them, so no link can reach them without that check: on the local disk it keeps
them outside MEDIA_ROOT, so no /media/ link reaches them; in production it is a private
bucket (portal.storage_s3), never a signed link either.

Model fields take `storage=private_storage`: the callable hands them a proxy that looks up
STORAGES["private"] when first used, as Django's `default_storage` does for "default", so a
test that changes STORAGES (the object-storage tests) moves the fields along with it.
"""

from django.core.files.storage import FileSystemStorage, InMemoryStorage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty

PRIVATE = "private"


class NoURL:
    """For a storage whose files are served only through a view that checks access."""

    def url(self, name):
        raise ValueError(f"{name} is private: serve it through a view that checks access.")


class PrivateFileSystemStorage(NoURL, FileSystemStorage):
    pass


class PrivateInMemoryStorage(NoURL, InMemoryStorage):
    """For the tests."""


class _PrivateStorage(LazyObject):
    def _setup(self):
        self._wrapped = storages[PRIVATE]


_private = _PrivateStorage()


def private_storage():
    return _private


@receiver(setting_changed)
def _forget_private_storage(*, setting, **kwargs):
    # Django's own receiver empties the storages' cache and `default_storage`; this one
    # does the same for ours, whichever of the two runs first.
    if setting == "STORAGES":
        _private._wrapped = empty


def download_response(file):
    """Stream `file` (a FieldFile in the private storage) to the person as a download, after
    the view has checked that they may have it: never shown inline, never cached by others."""
    from django.http import FileResponse

    response = FileResponse(
        file.open("rb"), as_attachment=True, filename=file.name.rsplit("/", 1)[-1]
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private"
    return response
