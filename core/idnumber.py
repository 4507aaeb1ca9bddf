"""The resident identity card number (居民身份证号码, GB 11643-1999): 17 digits and an ISO 7064 MOD 11-2
check character (0-9 or X). Validated where people type it (dossier forms and API); masked wherever it is shown
to someone who does not need it whole (3101**********1234)."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK = "10X98765432"
# An ID number inside free text (search snippets, audit details): not part of a longer run of digits.
IN_TEXT = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])")


def check_character(first17: str) -> str:
    return CHECK[sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True)) % 11]


def normalize(value) -> str:
    return str(value or "").strip().upper()


def validate(value) -> str:
    """The number in its canonical form (upper-case X), or ValidationError saying what is wrong."""
    number = normalize(value)
    if not re.fullmatch(r"\d{17}[\dX]", number):
        raise ValidationError(_("身份证号应为 18 位：17 位数字加 1 位校验码（数字或 X）。"), code="id_format")
    try:
        datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise ValidationError(_("身份证号中的出生日期无效。"), code="id_birth_date") from None
    if check_character(number[:17]) != number[17]:
        raise ValidationError(_("身份证号校验码不符，请核对是否有输错的数字。"), code="id_check_digit")
    return number


def mask(value) -> str:
    """The first four and last four characters kept: 310101198003071234 -> 3101**********1234."""
    number = normalize(value)
    if len(number) <= 8:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def mask_in_text(text) -> str:
    return IN_TEXT.sub(lambda m: mask(m.group(1)), str(text or ""))
