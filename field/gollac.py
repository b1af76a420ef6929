"""The sub-factors of each Gollac axis, used to tag the causes of a situation-problem.

Taken from the Gollac report (2011) and the Anact / INRS presentations of the six axes (FIELD-AND-NETWORK.md,
part A): a fixed list per axis, so that causes can be counted across situation-problems.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from prevention.models import GollacAxis

SUB_FACTORS: dict[str, list[tuple[str, object]]] = {
    GollacAxis.INTENSITY: [
        ("pace", _("Rythme de travail, contraintes de temps")),
        ("objectives", _("Objectifs flous ou irréalistes")),
        ("versatility", _("Polyvalence")),
        ("contradictions", _("Instructions contradictoires")),
        ("interruptions", _("Interruptions")),
        ("hours", _("Durée et horaires de travail")),
    ],
    GollacAxis.EMOTIONAL: [
        ("public_contact", _("Contact avec le public, tensions")),
        ("suffering", _("Contact avec la souffrance")),
        ("hiding_emotions", _("Devoir cacher ses émotions")),
        ("fear", _("Peur au travail, violence externe")),
    ],
    GollacAxis.AUTONOMY: [
        ("room", _("Marges de manœuvre dans le travail")),
        ("participation", _("Participation aux décisions")),
        ("skills", _("Utilisation et développement des compétences")),
        ("predictability", _("Prévisibilité du travail")),
    ],
    GollacAxis.RELATIONS: [
        ("colleagues", _("Soutien des collègues")),
        ("management", _("Soutien de l'encadrement")),
        ("recognition", _("Reconnaissance")),
        ("fairness", _("Justice, équité")),
        ("violence", _("Violence interne, conflits")),
    ],
    GollacAxis.VALUES: [
        ("quality", _("Qualité empêchée")),
        ("ethics", _("Conflits éthiques")),
        ("meaning", _("Travail inutile, perte de sens")),
    ],
    GollacAxis.INSECURITY: [
        ("job", _("Sécurité de l'emploi et du salaire")),
        ("change", _("Changements non maîtrisés")),
        ("career", _("Soutenabilité, avenir professionnel")),
    ],
}


def sub_factor_choices() -> list[tuple[str, list[tuple[str, object]]]]:
    """Choices grouped by axis (``<optgroup>``), the value being ``axis:code``."""
    return [
        (str(label), [(f"{axis}:{code}", text) for code, text in SUB_FACTORS[axis]])
        for axis, label in GollacAxis.choices
    ]


def sub_factor_label(axis: str, code: str) -> str:
    return str(dict(SUB_FACTORS.get(axis, [])).get(code, code))
