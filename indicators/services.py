"""Writes of the indicators app: indicators and their targets, the values workflow, and the recomputation.

A value entered by the programme lead is validated at once; entered by anyone else (the indicator's owner, an
action lead) it is *proposed*, and the programme lead validates it or sends it back with a reason; its author
then sees the reason and proposes again. simple-history keeps every step. Computed values are written only by
``indicator_recompute`` (in a background job, ``recompute_start``), never by hand.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import jobs
from core.models import Job, JobStatus
from indicators import compute
from indicators.models import Computation, Indicator, IndicatorValue, Periodicity, Target, ValueStatus
from indicators.perms import can_manage_indicators
from plans.models import Plan

BAROMETER_COMPUTATIONS = (
    Computation.BAROMETER_DIMENSION,
    Computation.BAROMETER_ITEM,
    Computation.PARTICIPATION,
)
INDICATOR_FIELDS = (
    "axis_number",
    "action_lineage",
    "name",
    "kind",
    "unit",
    "direction",
    "baseline",
    "baseline_year",
    "periodicity",
    "owner",
    "source",
    "method",
    "computation",
    "questionnaire",
    "source_key",
    "source_unit",
)


def _set_targets(indicator: Indicator, targets: dict[int, Decimal | None]) -> None:
    for year, value in targets.items():
        if value is None:
            Target.objects.filter(indicator=indicator, school_year=year).delete()
        else:
            Target.objects.update_or_create(indicator=indicator, school_year=year, defaults={"value": value})


def indicator_create(
    *, plan: Plan, by: Any, targets: dict[int, Decimal | None] | None = None, **fields: Any
) -> Indicator:
    """A new indicator of the plan's lineage (of an axis or an action); computed ones are computed at once."""
    unknown = set(fields) - set(INDICATOR_FIELDS)
    if unknown:
        raise TypeError(f"unknown indicator fields: {sorted(unknown)}")
    with transaction.atomic():
        indicator = Indicator(organisation=plan.organisation, plan_lineage=plan.lineage, **fields)
        indicator.full_clean()
        indicator.save()
        _set_targets(indicator, targets or {})
        if indicator.is_computed:
            recompute_start(indicators=[indicator], organisation=plan.organisation, by=by)
    return indicator


def indicator_update(
    *, indicator: Indicator, by: Any, targets: dict[int, Decimal | None] | None = None, **fields: Any
) -> Indicator:
    with transaction.atomic():
        for name, value in fields.items():
            if name not in INDICATOR_FIELDS:
                raise TypeError(f"unknown indicator field: {name}")
            setattr(indicator, name, value)
        indicator.full_clean()
        indicator.save()
        _set_targets(indicator, targets or {})
        if indicator.is_computed:
            recompute_start(indicators=[indicator], organisation=indicator.organisation, by=by)
    return indicator


def indicator_delete(*, indicator: Indicator, by: Any) -> None:
    """Delete an indicator created by mistake. One with values (entered, proposed or computed) is the plan's
    history — the annual reviews and the exports quote it — and is refused: the message says so."""
    with transaction.atomic():
        indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
        count = indicator.values.count()
        if count:
            raise ValidationError(
                ngettext(
                    "Cet indicateur a déjà %(n)s valeur : il fait partie de l'historique du plan et ne peut pas "
                    "être supprimé. Modifiez-le si son intitulé ou sa cible ont changé.",
                    "Cet indicateur a déjà %(n)s valeurs : il fait partie de l'historique du plan et ne peut pas "
                    "être supprimé. Modifiez-le si son intitulé ou sa cible ont changé.",
                    count,
                )
                % {"n": count}
            )
        indicator.delete()  # its targets go with it; a prevention measure that used it keeps its plain target


# --- values -------------------------------------------------------------------------------------------


def value_enter(
    *,
    indicator: Indicator,
    plan: Plan,
    by: Any,
    school_year: int,
    sub_period: int,
    value: Decimal,
    comment: str = "",
) -> IndicatorValue:
    """Enter the value of a period: validated when the programme lead enters it, proposed otherwise.

    A proposal replaces a proposed or returned value of the same period; a validated value is changed by the
    programme lead only (the history keeps the former one)."""
    if indicator.is_computed:
        raise ValidationError(_("Les valeurs de cet indicateur sont calculées par la plateforme."))
    if not 1 <= sub_period <= Periodicity.sub_periods(indicator.periodicity):
        raise ValidationError({"sub_period": _("Cette période n'existe pas pour cet indicateur.")})
    if not plan.first_school_year <= school_year <= plan.last_school_year:
        raise ValidationError({"school_year": _("Choisissez une année scolaire du plan.")})
    lead = can_manage_indicators(by, plan)
    now = timezone.now()
    with transaction.atomic():
        row = (
            IndicatorValue.objects.select_for_update()
            .filter(indicator=indicator, school_year=school_year, sub_period=sub_period)
            .first()
        )
        if row is not None and row.status == ValueStatus.VALIDATED and not lead:
            raise ValidationError(
                _("La valeur de cette période est validée : seul·e le ou la pilote QVT peut la modifier.")
            )
        row = row or IndicatorValue(indicator=indicator, school_year=school_year, sub_period=sub_period)
        row.value, row.comment, row.suppressed = value, comment, False
        row.entered_by = by
        row.return_reason = ""
        if lead:
            row.status, row.reviewed_by, row.reviewed_at = ValueStatus.VALIDATED, by, now
        else:
            row.status, row.reviewed_by, row.reviewed_at = ValueStatus.PROPOSED, None, None
        row.full_clean()
        row.save()
    return row


def value_validate(*, value: IndicatorValue, by: Any) -> IndicatorValue:
    if value.status != ValueStatus.PROPOSED:
        raise ValidationError(_("Seule une valeur proposée peut être validée."))
    value.status, value.reviewed_by, value.reviewed_at = ValueStatus.VALIDATED, by, timezone.now()
    value.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    return value


def value_return(*, value: IndicatorValue, by: Any, reason: str) -> IndicatorValue:
    """Send a proposed value back to its author with a reason (shown to them; they propose again)."""
    if value.status != ValueStatus.PROPOSED:
        raise ValidationError(_("Seule une valeur proposée peut être renvoyée."))
    if not reason.strip():
        raise ValidationError({"reason": _("Indiquez le motif du renvoi.")})
    value.status, value.return_reason = ValueStatus.RETURNED, reason.strip()
    value.reviewed_by, value.reviewed_at = by, timezone.now()
    value.full_clean()
    value.save(update_fields=["status", "return_reason", "reviewed_by", "reviewed_at"])
    return value


# --- computed values ----------------------------------------------------------------------------------


def indicator_recompute(*, indicator: Indicator, today: datetime.date | None = None) -> int:
    """Store the indicator's computed figures (one per school year); returns how many were written."""
    now = timezone.now()
    written = 0
    for figure in compute.figures(indicator, today):
        IndicatorValue.objects.update_or_create(
            indicator=indicator,
            school_year=figure.school_year,
            sub_period=1,
            defaults={
                "value": None if figure.suppressed else figure.value,
                "suppressed": figure.suppressed,
                "status": ValueStatus.COMPUTED,
                "source_campaign": figure.campaign,
                "computed_at": now,
                "comment": "",
                "return_reason": "",
            },
        )
        written += 1
    return written


def recompute_start(*, indicators: list[Indicator] | None = None, organisation: Any, by: Any = None) -> Job:
    """Queue the recomputation of the computed indicators given (default: all of the organisation's)."""
    ids = [i.pk for i in indicators] if indicators is not None else None
    with transaction.atomic():
        job = Job.objects.create(
            organisation=organisation,
            owner=by if getattr(by, "pk", None) else None,
            kind="indicators_recompute",
            label=_("Calcul des indicateurs"),
        )
        jobs.enqueue_on_commit(
            "indicators.tasks.recompute",
            job_id=str(job.pk),
            organisation_id=organisation.pk,
            indicator_ids=ids,
        )
    return job


def recompute_run(*, job_id: str, organisation_id: int, indicator_ids: list[int] | None) -> None:
    """Body of the background job: every computed indicator asked for, one step each."""
    job = Job.objects.get(pk=job_id)
    job.start()
    found = Indicator.objects.filter(organisation_id=organisation_id).exclude(computation=Computation.MANUAL)
    if indicator_ids is not None:
        found = found.filter(pk__in=indicator_ids)
    todo = list(found.select_related("questionnaire", "source_unit").order_by("pk"))
    job.advance(0, total=len(todo))
    try:
        for done, indicator in enumerate(todo, start=1):
            with transaction.atomic():
                indicator_recompute(indicator=indicator)
            job.advance(done, message=indicator.name)
    except Exception:
        job.finish(JobStatus.FAILED, _("Le calcul des indicateurs a échoué."))
        raise
    job.finish(JobStatus.DONE, _("%(n)s indicateur(s) calculé(s).") % {"n": len(todo)})


def recompute_for_plan(*, plan: Plan, by: Any) -> Job:
    """The « Recalculer » button of a plan's indicators page."""
    indicators = list(
        Indicator.objects.filter(plan_lineage=plan.lineage).exclude(computation=Computation.MANUAL)
    )
    job = recompute_start(indicators=indicators, organisation=plan.organisation, by=by)
    job.result_url = reverse("indicators:plan", args=[plan.pk])
    job.save(update_fields=["result_url"])
    return job


def recompute_after_publication(*, campaign: Any, by: Any = None) -> Job | None:
    """A campaign's results were published: recompute the barometer indicators of its questionnaire family."""
    indicators = list(
        Indicator.objects.filter(
            organisation_id=campaign.organisation_id,
            questionnaire__family=campaign.questionnaire.family,
            computation__in=BAROMETER_COMPUTATIONS,
        )
    )
    if not indicators:
        return None
    return recompute_start(indicators=indicators, organisation=campaign.organisation, by=by)


def recompute_after_status_change(*, action: Any, by: Any = None) -> Job | None:
    """An action changed status: recompute the counts of actions by status of its plan."""
    indicators = list(
        Indicator.objects.filter(plan_lineage=action.plan.lineage, computation=Computation.ACTIONS_BY_STATUS)
    )
    if not indicators:
        return None
    return recompute_start(indicators=indicators, organisation=action.plan.organisation, by=by)
