"""Form bases rendering DSFR markup (labels, hints, French error messages) with a plain ``{{ form }}``.

Every form built on these bases starts, when it has errors, with a summary (a DSFR alert listing each error as a
link to its field), so that an error far down a long form is seen at once (``core/form.html``).

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

ISO_DATE = "%Y-%m-%d"


class DateInput(forms.DateInput):
    """``<input type="date">``: the browser accepts only ISO dates (``YYYY-MM-DD``) in its value, whatever the
    language of the page, so the widget never renders the locale's ``dd/mm/yyyy``."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None, format: str | None = None) -> None:  # noqa: A002
        super().__init__(attrs, format=format or ISO_DATE)


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


class _ErrorSummary:
    template_name = "core/form.html"

    def error_summary(self) -> list[tuple[str, str]]:
        """(anchor, « label : message ») of every error, in the order of the fields; non-field errors have no
        anchor."""
        form: Any = self
        if not form.is_bound or not form.errors:
            return []
        summary = [("", str(message)) for message in form.non_field_errors()]
        for field in form:
            for message in field.errors:
                text = gettext("%(label)s : %(message)s") % {"label": field.label, "message": message}
                text = text if field.label else str(message)
                summary.append((field.id_for_label or field.auto_id or "", text))
        return summary


class QvForm(_ErrorSummary, DsfrBaseForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bound_text_areas(self)


class QvModelForm(_ErrorSummary, DsfrBaseForm, forms.ModelForm):  # type: ignore[misc]
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
