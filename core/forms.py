"""Form bases rendering DSFR markup (labels, hints, French error messages) with a plain ``{{ form }}``.

Every text area with a maximum length gets the ``maxlength`` attribute, a help text saying the maximum (what people
without JavaScript see) and a ``data-qv-counter`` hook: ``static/js/qualivie.js`` adds a polite live count below it.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from core.limits import REASON_TEXT


def bound_text_areas(form: forms.BaseForm) -> None:
    for name, field in form.fields.items():
        limit = getattr(field, "max_length", None)
        if not limit or not isinstance(field.widget, forms.Textarea):
            continue
        field.widget.attrs["maxlength"] = str(limit)
        field.widget.attrs["data-qv-counter"] = gettext("%(count)s caractères sur %(max)s") % {
            "count": "{count}",
            "max": number_format(limit, force_grouping=True),
        }
        hint = gettext("%(n)s caractères au plus.") % {"n": number_format(limit, force_grouping=True)}
        field.help_text = f"{field.help_text} {hint}" if field.help_text else hint
        # A bound field copies the help text when it is made: forget the ones DsfrBaseForm already made.
        form._bound_fields_cache.pop(name, None)  # type: ignore[attr-defined]


class QvForm(DsfrBaseForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bound_text_areas(self)


class QvModelForm(DsfrBaseForm, forms.ModelForm):  # type: ignore[misc]
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bound_text_areas(self)


class HideForm(QvForm):
    """The programme lead hides an update or a comment: the reason is shown in its place."""

    reason = forms.CharField(
        label=_("Motif du masquage"),
        max_length=REASON_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Affiché à la place du texte masqué."),
        error_messages={"required": _("Indiquez le motif du masquage.")},
    )
