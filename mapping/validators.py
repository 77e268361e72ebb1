from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _

CVR_WEIGHTS = (2, 7, 6, 5, 4, 3, 2, 1)


def is_valid_cvr(value):
    """A CVR number is 8 digits whose weighted sum (2,7,6,5,4,3,2,1) is a multiple of 11.

    Only for CVR numbers: P-numbers (production units) do not follow this rule.
    """
    if not _is_digits(value, 8):
        return False
    return (
        sum(int(digit) * weight for digit, weight in zip(value, CVR_WEIGHTS, strict=True)) % 11 == 0
    )


def _is_digits(value, length):
    """Exactly `length` ASCII digits (str.isdigit alone accepts '３' and '²')."""
    return len(value) == length and value.isascii() and value.isdigit()


def validate_cvr(value):
    if not _is_digits(value, 8):
        raise ValidationError(_("A CVR number has exactly 8 digits."), code="cvr_format")
    if not is_valid_cvr(value):
        raise ValidationError(
            _("This is not a valid CVR number. Please check the digits."), code="cvr_checksum"
        )


def validate_postcode(value):
    if not _is_digits(value, 4):
        raise ValidationError(_("A Danish postcode has 4 digits."), code="postcode")


LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_EXTENSIONS = ("png", "jpg", "jpeg", "webp")


def validate_logo(file):
    """A logo is a real PNG, JPEG or WebP image of at most 2 MB (Pillow checks the content)."""
    FileExtensionValidator(allowed_extensions=LOGO_EXTENSIONS)(file)
    if file.size > LOGO_MAX_BYTES:
        raise ValidationError(_("The logo may be at most 2 MB."), code="logo_size")
