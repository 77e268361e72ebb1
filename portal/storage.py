"""Where files that must not be public are kept.

Frozen report PDFs and uploaded spreadsheets are served only through views that check who
asks. The "private" storage keeps them outside MEDIA_ROOT and refuses to make a URL for them,
so no /media/ link can reach them. In production point STORAGES["private"] at a private
bucket (django-storages) instead.
"""

from django.core.files.storage import FileSystemStorage, InMemoryStorage, storages


class _NoURL:
    def url(self, name):
        raise ValueError(f"{name} is private: serve it through a view that checks access.")


class PrivateFileSystemStorage(_NoURL, FileSystemStorage):
    pass


class PrivateInMemoryStorage(_NoURL, InMemoryStorage):
    """For the tests."""


def private_storage():
    return storages["private"]
