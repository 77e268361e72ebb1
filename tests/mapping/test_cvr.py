import pytest
from django.core.exceptions import ValidationError

from mapping.validators import is_valid_cvr, validate_cvr

VALID = ["31415926", "16180335", "14142134", "17320505", "22360671"]


@pytest.mark.parametrize("number", VALID)
def test_it_accepts_valid_cvr_numbers(number):
    assert is_valid_cvr(number)
    validate_cvr(number)


@pytest.mark.parametrize("number", VALID)
def test_it_rejects_a_changed_digit(number):
    for position in range(8):
        digit = int(number[position])
        changed = number[:position] + str((digit + 1) % 10) + number[position + 1 :]
        # The weights 2,7,6,5,4,3,2,1 are all below 11, so one changed digit always shows.
        assert not is_valid_cvr(changed), changed
        with pytest.raises(ValidationError) as error:
            validate_cvr(changed)
        assert error.value.code == "cvr_checksum"


@pytest.mark.parametrize(
    "number", ["", "1234567", "314159260", "3141592a", "3141 592", "３１４１５９２６"]
)
def test_it_rejects_wrong_length_or_characters(number):
    assert not is_valid_cvr(number)
    with pytest.raises(ValidationError) as error:
        validate_cvr(number)
    assert error.value.code == "cvr_format"
