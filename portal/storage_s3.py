"""The private bucket of S3-compatible object storage (django-storages), for production.

Apart from portal.storage so that boto3 is imported only where STORAGES names it: a laptop
on the local disk never loads it. The public bucket needs no class of its own: settings give
django-storages' S3Storage a public base URL, so its URLs are plain links.
"""

from storages.backends.s3 import S3Storage

from portal.storage import NoURL


class PrivateS3Storage(NoURL, S3Storage):
    """Frozen report PDFs and uploaded spreadsheets: the bucket is not public, and no URL
    is made for its objects (not even a signed one), so every file is read through a view
    that checks who asks."""
