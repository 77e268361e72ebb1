import re

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


# What people put around a CVR number: spaces (also non-breaking), dots and dashes between the
# digit groups, and the country prefix of the VAT number (DK12345678).
_CVR_NOISE = re.compile(r"[\s.\-]")
P_NUMBER_LENGTH = 10


def normalise_cvr(value):
    """The CVR number as typed, without spaces, dots, dashes and a leading "DK".

    'DK 12 34 56 78' and 'dk12345678' give '12345678'. What is left is not checked here:
    `validate_cvr` says what is wrong with it, so nothing is ever cut to 8 digits. The one
    normaliser of every form (`mapping.forms.cvr`), the import and the look-up.
    """
    text = _CVR_NOISE.sub("", str(value or ""))
    if text[:2].upper() == "DK":
        text = text[2:]
    return text


def validate_cvr(value):
    if _is_digits(value, P_NUMBER_LENGTH):
        raise ValidationError(
            _(
                "This looks like a P-number (a production unit's number has 10 digits). "
                "Please type the organisation's 8-digit CVR number."
            ),
            code="cvr_pnumber",
        )
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
