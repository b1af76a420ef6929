"""Questionnaires: shipped templates, edits and copies."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from organisations.models import Organisation
from surveys.catalogue import TEMPLATES
from surveys.models import (
    Item,
    Questionnaire,
)


def _refuse_if_in_use(questionnaire: Questionnaire) -> None:
    if questionnaire.is_in_use:
        raise ValidationError(
            _(
                "Ce questionnaire est utilisé par une campagne ouverte : il ne peut plus être modifié, pour que "
                "les résultats restent comparables. Créez une nouvelle version avec « Copier »."
            )
        )


@transaction.atomic
def questionnaire_install_templates(*, organisation: Organisation) -> list[Questionnaire]:
    """Install the shipped templates (barometer, annual event, newcomers) missing from the organisation."""
    installed = []
    for template in TEMPLATES:
        if Questionnaire.objects.filter(organisation=organisation, family=template["family"]).exists():
            continue
        questionnaire = Questionnaire.objects.create(
            organisation=organisation,
            family=template["family"],
            kind=template["kind"],
            title=template["title"],
            description=template["description"],
            expected_minutes=template["expected_minutes"],
        )
        Item.objects.bulk_create(
            Item(
                questionnaire=questionnaire,
                position=position,
                block=block,
                key=key,
                kind=kind,
                dimension=dimension,
                axis=axis,
                text=text,
                choices=options.get("choices", []),
                reverse=options.get("reverse", False),
                required=options.get("required", False),
                allow_not_concerned=options.get("allow_not_concerned", True),
            )
            for position, (block, key, kind, dimension, axis, text, options) in enumerate(template["items"])
        )
        installed.append(questionnaire)
    return installed


@transaction.atomic
def questionnaire_update(*, questionnaire: Questionnaire, **fields: Any) -> Questionnaire:
    _refuse_if_in_use(questionnaire)
    for name in ("title", "description", "expected_minutes"):
        if name in fields:
            setattr(questionnaire, name, fields[name])
    questionnaire.save()
    return questionnaire


@transaction.atomic
def item_update(*, item: Item, **fields: Any) -> Item:
    _refuse_if_in_use(item.questionnaire)
    for name in ("text", "help_text", "block", "required", "allow_not_concerned"):
        if name in fields:
            setattr(item, name, fields[name])
    item.save()
    return item


@transaction.atomic
def questionnaire_copy(*, questionnaire: Questionnaire) -> Questionnaire:
    """A new version of the same family: same items, same keys (so trends still compare like with like)."""
    last = (
        Questionnaire.objects.filter(organisation=questionnaire.organisation, family=questionnaire.family)
        .order_by("-version")
        .values_list("version", flat=True)
        .first()
    )
    items = list(questionnaire.items.all())
    copy = Questionnaire.objects.create(
        organisation=questionnaire.organisation,
        family=questionnaire.family,
        version=(last or 0) + 1,
        kind=questionnaire.kind,
        title=questionnaire.title,
        description=questionnaire.description,
        expected_minutes=questionnaire.expected_minutes,
        based_on=questionnaire,
    )
    for item in items:
        item.pk = None
        item.questionnaire = copy
    Item.objects.bulk_create(items)
    return copy
