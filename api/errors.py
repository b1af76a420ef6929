"""French messages for invalid API input (pydantic speaks English)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from plans.models import ActionStatus


def _message(error: dict[str, Any]) -> str:
    kind = error.get("type", "")
    field = str(error.get("loc", [""])[-1])
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return _("Ce champ est obligatoire.")
    if field == "progress" and kind in {"greater_than_equal", "less_than_equal"}:
        return _("L'avancement est un pourcentage entre 0 et 100.")
    if kind in {"enum", "literal_error"}:
        if field == "status":
            return _("Statut inconnu. Valeurs possibles : %(values)s.") % {
                "values": ", ".join(ActionStatus.values)
            }
        return _("Valeur inconnue.")
    if kind == "string_pattern_mismatch":
        return _("Le texte ne peut pas contenir de caractère nul.")
    if kind == "string_too_long":
        return _("%(n)s caractères au plus.") % {"n": ctx.get("max_length")}
    if kind == "string_too_short":
        return _("Ce champ ne peut pas être vide.")
    if kind in {"int_parsing", "int_type", "int_from_float"}:
        return _("Saisissez un nombre entier.")
    if kind in {"string_type"}:
        return _("Saisissez du texte.")
    if kind in {"greater_than_equal", "less_than_equal"}:
        bound = ctx.get("ge", ctx.get("le"))
        return _("Valeur hors limites (%(bound)s).") % {"bound": bound}
    if kind in {"json_invalid", "model_attributes_type", "dict_type"}:
        return _("Le corps de la requête doit être un objet JSON.")
    return _("Valeur invalide.")


def french_errors(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Keep pydantic's location and type; replace its message by a French one."""
    return [
        {
            "loc": [part for part in error.get("loc", []) if isinstance(part, str | int)],
            "msg": _message(error),
            "type": error.get("type", ""),
        }
        for error in errors
    ]
