"""Uploaded images (organisations' logos, cases' photos): re-encoded, and never left behind.

An upload is opened with Pillow and written out again from its pixels alone, so nothing but
the picture reaches the public storage: bytes appended to the file (HTML, a script), EXIF
data (GPS position, camera serial), text chunks and colour profiles are all left out. The
format stays PNG, JPEG or WebP (whatever its name says; other formats are refused), and the
picture is scaled down to at most MAX_SIDE pixels on its longest side.

A replaced or cleared image is deleted from the storage once the new one is committed, and
so is the image of a deleted record: a public file must not outlive the record that showed it.

    ImageUploadMixin   for a ModelForm: `image_fields = ("logo",)`
    reencode(upload)   -> a new upload, or ValidationError
    delete_with_record(model, *field_names)   in an AppConfig.ready()
"""

import io
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.db import transaction
from django.db.models.signals import post_delete
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

# The longest side kept; larger pictures are scaled down (the portal shows them far smaller).
MAX_SIDE = 2000
# Refused before decoding: a small file can unpack into an enormous picture.
MAX_PIXELS = 40_000_000
# Pillow's format -> (format written, file extension).
FORMATS = {"PNG": ("PNG", "png"), "JPEG": ("JPEG", "jpg"), "WEBP": ("WEBP", "webp")}
CONTENT_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}
# The modes each format writes, and what any other mode is converted to.
WRITABLE_MODES = {
    "PNG": (("1", "L", "LA", "P", "RGB", "RGBA", "I", "I;16"), "RGBA"),
    "JPEG": (("L", "RGB"), "RGB"),
    "WEBP": (("RGB", "RGBA"), "RGBA"),
}
QUALITY = 85


def reencode(upload):
    """A new file holding only the pixels of the uploaded image, in its own format.

    Raises ValidationError when the upload is not a PNG, JPEG or WebP image that Pillow can
    read, or is too large.
    """
    try:
        upload.seek(0)
        with Image.open(upload) as source:
            if source.width * source.height > MAX_PIXELS:
                raise ValidationError(
                    _("The image is too large: at most %(pixels)s million pixels."),
                    code="image_pixels",
                    params={"pixels": MAX_PIXELS // 1_000_000},
                )
            if source.format not in FORMATS:
                raise ValidationError(_("Use a PNG, JPEG or WebP image."), code="image_format")
            fmt, extension = FORMATS[source.format]
            source.seek(0)  # the first frame of an animation
            picture = ImageOps.exif_transpose(source)  # turned as the camera meant it
            picture.load()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as error:
        raise ValidationError(
            _("The file is not an image that can be read. Use PNG, JPEG or WebP."),
            code="image_invalid",
        ) from error
    picture = _pixels_only(picture, fmt)
    picture.thumbnail((MAX_SIDE, MAX_SIDE))
    output = io.BytesIO()
    options = {"optimize": True} if fmt == "PNG" else {"quality": QUALITY}
    picture.save(output, fmt, **options)
    stem = slugify(PurePath(upload.name or "").stem)[:80] or "image"
    # Still an upload to the form and the model field: only its bytes and name are new.
    return SimpleUploadedFile(f"{stem}.{extension}", output.getvalue(), CONTENT_TYPES[fmt])


def _pixels_only(picture, fmt):
    """The picture in a mode its format can write, with no metadata carried along."""
    if "transparency" in picture.info:
        # A palette's transparent colour lives in `info`, which is cleared below: keep it
        # as an alpha channel instead.
        picture = picture.convert("RGBA")
    modes, fallback = WRITABLE_MODES[fmt]
    picture = picture.copy() if picture.mode in modes else picture.convert(fallback)
    # EXIF, XMP, text chunks, ICC profile, comments: Pillow writes what `info` holds.
    picture.info = {}
    return picture


def delete_after_commit(storage, name):
    """Delete a stored file once the current transaction has committed (at once outside one),
    so a rollback never leaves a record pointing at a deleted file."""
    if name:
        transaction.on_commit(lambda: storage.delete(name), robust=True)


class ImageUploadMixin:
    """For a ModelForm with image fields: re-encodes each new upload while cleaning, and
    deletes the image it replaces (or clears) once the saved form has committed."""

    image_fields = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._replaced_images = {
            name: getattr(self.instance, name).name or "" for name in self.image_fields
        }

    def clean(self):
        cleaned_data = super().clean()
        for name in self.image_fields:
            upload = cleaned_data.get(name)
            # Only a new upload is an UploadedFile; a kept image was re-encoded when it came.
            if isinstance(upload, UploadedFile):
                try:
                    cleaned_data[name] = reencode(upload)
                except ValidationError as error:
                    self.add_error(name, error)
        return cleaned_data

    def save(self, commit=True):
        instance = super().save(commit=commit)
        for name, old in self._replaced_images.items():
            if old and name in self.changed_data:
                field_file = getattr(instance, name)
                delete_after_commit(field_file.storage, old)
        return instance


def delete_with_record(model, *field_names):
    """Delete the images of `model`'s rows when the rows are deleted, however that happens.

    A signal, not a service: rows also go by cascade and through the admin, where no service
    of ours runs, and a left-behind file would stay publicly reachable.
    """

    def delete_files(sender, instance, **kwargs):
        for name in field_names:
            field_file = getattr(instance, name)
            if field_file:
                delete_after_commit(field_file.storage, field_file.name)

    post_delete.connect(delete_files, sender=model, weak=False, dispatch_uid=f"images-{model}")
