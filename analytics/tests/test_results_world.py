"""A small organisation with a closed barometer, shared by the results tests (helpers only, no test here).

Tree: Rectorat → Collège Victor-Hugo (12 respondents: 8 women, 4 men), Lycée Pasteur (10: 5 + 5),
Petit collège (3 women). The petit collège is suppressed (3 < 5) and, by complementary suppression, the
lycée too (Rectorat 25 − collège 12 would otherwise give the petit collège's 3).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from analytics import services as analytics_services
from core.tests.factories import PersonFactory, UnitFactory
from surveys import services as survey_services
from surveys.models import Campaign, Comment, CommentStatus, Questionnaire, Response
from surveys.tests.box import name_trustees, open_box

# school answers, one list per respondent: q_ambiance (agree5), q_tensions (agree5, reversed), q_global (0-10)
SCHOOL_AMBIANCE = [5, 5, 4, 4, 4, 3, 3, 2, 2, 1, -2, None]
SCHOOL_TENSIONS = [1, 1, 1, 2, 2, 3, 4, 5, 5, 5, 5, 5]
SCHOOL_GLOBAL = [10, 9, 8, 7, 7, 6, 5, 4, 3, 2, 1, 0]
SCHOOL_GENDERS = ["F"] * 8 + ["M"] * 4


@dataclass
class World:
    organisation: Any
    root: Any
    school: Any
    lycee: Any
    tiny: Any
    questionnaire: Any
    campaign: Campaign
    result_set: Any


def make_questionnaire(organisation: Any) -> Questionnaire:
    questionnaire = Questionnaire.objects.create(
        organisation=organisation, family="barometre-test", kind="barometer", title="Baromètre de test"
    )
    rows = [
        ("q_ambiance", "agree5", "relations", False, "L'ambiance dans mon équipe est bonne."),
        ("q_tensions", "agree5", "relations", True, "Les tensions pèsent sur mon travail."),
        ("q_global", "scale10", "bien_etre", False, "Ma qualité de vie au travail, de 0 à 10."),
        ("t_ameliorer", "text", "", False, "Que faudrait-il améliorer ?"),
    ]
    for position, (key, kind, dimension, reverse, text) in enumerate(rows):
        questionnaire.items.create(
            key=key,
            kind=kind,
            dimension=dimension,
            reverse=reverse,
            text=text,
            block="Bloc",
            position=position,
        )
    return questionnaire


def make_tree(organisation: Any, root: Any, school: Any) -> tuple[Any, Any]:
    lycee = UnitFactory(organisation=organisation, parent=root, code="LYCEE", name="Lycée Pasteur")
    tiny = UnitFactory(organisation=organisation, parent=root, code="PETIT", name="Petit collège")
    for unit, genders in ((school, "F" * 8 + "M" * 5), (lycee, "F" * 5 + "M" * 5), (tiny, "F" * 6)):
        for gender in genders:
            PersonFactory(organisation=organisation, unit=unit, user=None, email="", gender=gender)
    return lycee, tiny


def run_campaign(
    organisation: Any,
    questionnaire: Questionnaire,
    root: Any,
    by: Any,
    responses: list[tuple[Any, str, dict[str, Any]]],
    comments: list[tuple[Any, str]] = (),  # type: ignore[assignment]
    *,
    title: str = "Baromètre 2026",
    opens_on: datetime.date | None = None,
    publish: bool = True,
    build: bool = True,
) -> Campaign:
    """Create, open, close, open the box, insert responses, publish and build (as the programme lead would)."""
    opens = opens_on or timezone.localdate()
    campaign = survey_services.campaign_create(
        organisation=organisation,
        questionnaire=questionnaire,
        title=title,
        units=[root],
        opens_on=opens,
        closes_on=opens + datetime.timedelta(days=21),
        by=by,
        reporting_attributes=["gender"],
    )
    keys = name_trustees(campaign)
    survey_services.campaign_open(campaign=campaign, by=by)
    survey_services.campaign_close(campaign=campaign, by=by)
    open_box(campaign, keys)  # an empty box: the answers below stand for what it held
    campaign.refresh_from_db()  # its scale_keys, set by the opening
    Response.objects.bulk_create(
        Response.of(campaign, answers, unit=unit, attributes={"gender": gender})
        for unit, gender, answers in responses
    )
    Comment.objects.bulk_create(
        Comment(
            campaign=campaign,
            unit=unit,
            item_key="t_ameliorer",
            text=text + " (Jean)",
            moderated_text=text,
            status=CommentStatus.PUBLISHED,
        )
        for unit, text in comments
    )
    if build or publish:  # results are published only once built
        analytics_services.results_build(campaign=campaign)
    if publish:
        survey_services.campaign_publish(campaign=campaign, by=by)
    campaign.refresh_from_db()
    return campaign


def answers(ambiance: int | None, tensions: int | None, global_: int | None) -> dict[str, Any]:
    out = {"q_ambiance": ambiance, "q_tensions": tensions, "q_global": global_}
    return {k: v for k, v in out.items() if v is not None}


def standard_responses(school: Any, lycee: Any, tiny: Any) -> list[tuple[Any, str, dict[str, Any]]]:
    rows = [
        (school, g, answers(a, t, s))
        for g, a, t, s in zip(SCHOOL_GENDERS, SCHOOL_AMBIANCE, SCHOOL_TENSIONS, SCHOOL_GLOBAL, strict=True)
    ]
    rows += [(lycee, "F" if i < 5 else "M", answers(5, 1, 9)) for i in range(10)]
    rows += [(tiny, "F", answers(1, 5, 0)) for _ in range(3)]
    return rows


def build_world(organisation: Any, root: Any, school: Any, by: Any, *, publish: bool = True) -> World:
    questionnaire = make_questionnaire(organisation)
    lycee, tiny = make_tree(organisation, root, school)
    comments = [(school, f"Commentaire numéro {i}") for i in range(10)]
    campaign = run_campaign(
        organisation,
        questionnaire,
        root,
        by,
        standard_responses(school, lycee, tiny),
        comments,
        publish=publish,
    )
    return World(organisation, root, school, lycee, tiny, questionnaire, campaign, campaign.result_set)
