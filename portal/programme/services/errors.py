"""Turning what the model or the database says about uniqueness into a message next to the
field a person can change."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


def unique_error_on(error, field):
    """`error` from `full_clean()` with its unique-constraint errors (reported for the whole
    row, code "unique") moved onto `field`; other errors stay where they were."""
    if not hasattr(error, "error_dict"):
        return error
    errors = {name: list(items) for name, items in error.error_dict.items()}
    whole_row = errors.pop(NON_FIELD_ERRORS, [])
    for item in whole_row:
        target = field if item.code == "unique" else NON_FIELD_ERRORS
        errors.setdefault(target, []).append(item)
    return ValidationError(errors)
