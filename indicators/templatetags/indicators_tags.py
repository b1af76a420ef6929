"""Display helpers for indicator values."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def figure(value: Any) -> str:
    """A stored value without its trailing zeros, in the reader's format: « 15,5 », « 100 », « 1 250 »."""
    if value is None or value == "":
        return "—"
    number = Decimal(value)
    normalised = number.quantize(Decimal(1)) if number == number.to_integral() else number.normalize()
    return number_format(normalised, force_grouping=True)
