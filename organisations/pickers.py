"""Form fields that scale to an academy (1,300 units, tens of thousands of people): type, then choose.

The field is a text input. Without JavaScript, one types a unit's code (or a person's e-mail); several
values are separated by commas. With JavaScript (static/js/qualivie.js), typing fills the input's
``<datalist>`` with suggestions from a search endpoint (``organisations:unit_search``, ``person_search``):
at most 30, each with its place in the tree ("Rectorat › DSDEN du Doubs › Collège X (CODE)").
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.db.models import Model, QuerySet
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from organisations.models import Organisation, Unit

TRAILING_CODE = re.compile(r"\(([^()]+)\)\s*$")


class PickerInput(forms.TextInput):
    """A text input with an (initially empty) datalist that the static script fills as one types."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"class": "fr-input", "autocomplete": "off", "spellcheck": "false", **(attrs or {})})
        self.search_url = ""
        self.multiple = False

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        attrs = dict(attrs or {})
        list_id = f"{attrs.get('id') or 'id_' + name}-suggestions"
        attrs.update({"list": list_id, "data-picker-url": self.search_url})
        if self.multiple:
            attrs["data-picker-multiple"] = "true"
        return super().get_context(name, value, attrs)

    def render(self, name: str, value: Any, attrs: Any = None, renderer: Any = None) -> Any:
        html = super().render(name, value, attrs, renderer)
        list_id = f"{(attrs or {}).get('id') or 'id_' + name}-suggestions"
        return format_html('{}<datalist id="{}"></datalist>', html, list_id)


class _PickerField(forms.Field):
    widget = PickerInput
    key = "code"
    unknown_message: Any = ""

    def __init__(self, *, multiple: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.multiple = multiple
        self.queryset: QuerySet[Any] | None = None
        self.widget.multiple = multiple  # type: ignore[attr-defined]

    def configure(self, *, queryset: QuerySet[Any], search_url: str) -> None:
        self.queryset = queryset
        self.widget.search_url = search_url  # type: ignore[attr-defined]

    def _token(self, text: str) -> str:
        return text.strip()

    def prepare_value(self, value: Any) -> Any:
        if value in (None, ""):
            return ""
        values = value if isinstance(value, list | tuple | QuerySet) else [value]
        if any(not isinstance(v, Model) for v in values) and self.queryset is not None:
            ids = [v for v in values if not isinstance(v, Model) and str(v).isdigit()]
            found = {str(o.pk): o for o in self.queryset.filter(pk__in=ids)}
            values = [v if isinstance(v, Model) else found.get(str(v), v) for v in values]
        shown = [getattr(v, self.key) if isinstance(v, Model) else str(v) for v in values]
        return ", ".join(shown)

    def to_python(self, value: Any) -> Any:
        if value is not None and not isinstance(value, str):  # a disabled field's initial: objects or pks
            value = self.prepare_value(value)
        text = (value or "").strip()
        tokens = [self._token(t) for t in (text.split(",") if self.multiple else [text])]
        tokens = [t for t in tokens if t]
        if not tokens:
            return [] if self.multiple else None
        assert self.queryset is not None, "configure() the picker field in the form's __init__"
        found = {
            getattr(o, self.key).lower(): o for o in self.queryset.filter(**{f"{self.key}__in": tokens[:200]})
        }
        unknown = [t for t in tokens if t.lower() not in found]
        if unknown:
            raise forms.ValidationError(self.unknown_message % {"value": unknown[0]})
        chosen = list(dict.fromkeys(found[t.lower()] for t in tokens))
        return chosen if self.multiple else chosen[0]

    def validate(self, value: Any) -> None:
        if self.required and not value:
            raise forms.ValidationError(self.error_messages["required"], code="required")


class UnitPickerField(_PickerField):
    """One unit (or several, separated by commas) given by its code; suggestions show its path."""

    key = "code"
    unknown_message = _(
        "Unité « %(value)s » inconnue : saisissez son code ou choisissez une des propositions."
    )

    def _token(self, text: str) -> str:
        match = TRAILING_CODE.search(text)
        return (match.group(1) if match else text).strip()

    def for_organisation(self, organisation: Organisation, units: QuerySet[Unit] | None = None) -> None:
        self.configure(
            queryset=units if units is not None else Unit.objects.for_organisation(organisation),
            search_url=reverse("organisations:unit_search", args=[organisation.slug]),
        )


class PersonPickerField(_PickerField):
    """One account (or several, separated by commas) given by its e-mail; suggestions show name and unit."""

    key = "email"
    unknown_message = _(
        "« %(value)s » n'est pas l'adresse e-mail d'un agent de l'organisation : "
        "choisissez une des propositions."
    )

    def for_organisation(self, organisation: Organisation) -> None:
        from organisations.selectors import staff_users

        self.configure(
            queryset=staff_users(organisation),
            search_url=reverse("organisations:person_search", args=[organisation.slug]),
        )
