"""Form bases rendering DSFR markup (labels, hints, French error messages) with a plain ``{{ form }}``.

Every form built on these bases starts, when it has errors, with a summary (a DSFR alert listing each error as a
link to its field), so that an error far down a long form is seen at once (``core/form.html``)."""

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from dsfr.forms import DsfrBaseForm

ISO_DATE = "%Y-%m-%d"


class DateInput(forms.DateInput):
    """``<input type="date">``: the browser accepts only ISO dates (``YYYY-MM-DD``) in its value, whatever the
    language of the page, so the widget never renders the locale's ``dd/mm/yyyy``."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None, format: str | None = None) -> None:  # noqa: A002
        super().__init__(attrs, format=format or ISO_DATE)


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
                text = _("%(label)s : %(message)s") % {"label": field.label, "message": message}
                text = text if field.label else str(message)
                summary.append((field.id_for_label or field.auto_id or "", text))
        return summary


class QvForm(_ErrorSummary, DsfrBaseForm):
    pass


class QvModelForm(_ErrorSummary, DsfrBaseForm, forms.ModelForm):  # type: ignore[misc]
    pass
