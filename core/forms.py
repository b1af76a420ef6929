"""Form bases rendering DSFR markup (labels, hints, French error messages) with a plain ``{{ form }}``."""

from django import forms
from dsfr.forms import DsfrBaseForm


class QvForm(DsfrBaseForm):
    pass


class QvModelForm(DsfrBaseForm, forms.ModelForm):  # type: ignore[misc]
    pass
