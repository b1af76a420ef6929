"""Writes of the analytics app: build the result tables after close, render PDF reports.

``results_build`` turns the anonymous responses of a closed campaign into the cube of ``analytics.stats``,
decides once what may be served (``analytics.disclosure``), and stores per unit only the served figures.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count
from django.db.models.fields.json import KeyTextTransform
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from analytics import disclosure, stats
from analytics.models import ResultReport, ResultSet, ResultUnit
from core import jobs
from core.models import Job, JobStatus
from organisations import tree
from organisations.models import EmploymentStatus, Gender, Organisation, Unit
from surveys.models import REPORTING_ATTRIBUTES, Campaign, CampaignStatus, Dimension, ItemKind
from surveys.selectors import comments_for_results, responses_for_results
from surveys.trustees import OpenedAnswers, ballot_box_open

NC = "nc"
OTHER_DIMENSION = ""
SCALE_KINDS: dict[str, int] = {str(ItemKind.AGREEMENT): stats.SCALE_5, str(ItemKind.SCALE10): stats.SCALE_11}
VALUE_LABELS: dict[str, dict[str, Any]] = {
    "gender": dict(Gender.choices),
    "status": dict(EmploymentStatus.choices),
}
BUILD_STEPS = 5


def thresholds_of(campaign: Campaign) -> disclosure.Thresholds:
    return disclosure.Thresholds(min_n=campaign.min_respondents, min_comments=campaign.min_comments)


def _tree(organisation: Organisation) -> tuple[list[int], dict[int, int], list[int], list[str]]:
    """Units of the organisation as ``0..U-1`` (path order): pks, pk -> index, parent array, paths."""
    rows = list(
        Unit.objects.filter(organisation=organisation).order_by("path").values_list("pk", "parent_id", "path")
    )
    index = {pk: i for i, (pk, _p, _path) in enumerate(rows)}
    parent = [index.get(p, -1) if p is not None else -1 for _pk, p, _path in rows]
    return [pk for pk, _p, _path in rows], index, parent, [path for _pk, _p, path in rows]


def _item_metadata(campaign: Campaign) -> tuple[list[Any], dict[str, Any]]:
    """Scale items in questionnaire order, and the JSON describing items and dimensions."""
    items = [i for i in campaign.questionnaire.items.order_by("position") if i.kind in SCALE_KINDS]
    order = [code for code, _label in Dimension.choices]
    used = {i.dimension or OTHER_DIMENSION for i in items}
    codes = [c for c in order if c in used] + ([OTHER_DIMENSION] if OTHER_DIMENSION in used else [])
    labels = dict(Dimension.choices)
    dimensions = [{"code": c, "label": str(labels[c]) if c else _("Autres questions")} for c in codes]
    meta = [
        {
            "key": i.key,
            "text": i.text,
            "kind": i.kind,
            "block": i.block,
            "dimension": codes.index(i.dimension or OTHER_DIMENSION),
            "reverse": bool(i.reverse),
            "scale": SCALE_KINDS[i.kind],
        }
        for i in items
    ]
    return items, {"items": meta, "dimensions": dimensions}


def _attribute_values(campaign: Campaign, seen: dict[str, set[str]]) -> dict[str, Any]:
    """Values of each reporting attribute (from the frozen invitations and the responses), with labels."""
    attrs = list(campaign.reporting_attributes)
    values: dict[str, set[str]] = {a: set(seen.get(a, set())) for a in attrs}
    if attrs:  # the distinct combinations, counted by the database (a few hundred rows, not one per person)
        fields = {f"v{k}": KeyTextTransform(a, "attributes") for k, a in enumerate(attrs)}
        rows = campaign.invitations.annotate(**fields).order_by().values_list(*fields).distinct()
        for row in rows:
            for a, v in zip(attrs, row, strict=True):
                if v is not None and v != "" and str(v) != NC:
                    values[a].add(str(v))
    out: dict[str, Any] = {}
    for a in attrs:
        labels = VALUE_LABELS.get(a, {})
        out[a] = {
            "label": str(REPORTING_ATTRIBUTES.get(a, a)),
            "values": [[v, str(labels.get(v, v))] for v in sorted(values[a])],
        }
    return {"order": attrs, "attributes": out}


def _ancestors(paths: list[str], index: dict[int, int], u: int) -> list[int]:
    return [index[pk] for pk in tree.ancestor_ids(paths[u]) if pk in index]


@dataclass(frozen=True)
class CubeInputs:
    """What the cube is built from: one row per stored response (order irrelevant)."""

    units: np.ndarray  # (n,) unit index 0..U-1
    combos: list[
        tuple[str, ...]
    ]  # distinct attribute values (``NC`` for none), in ``reporting_attributes`` order
    combo: np.ndarray  # (n,) index into combos
    answers: np.ndarray  # (n, items) int8 cube values (reversed items turned, see ``_cube_answers``)


def _inputs_from_stored(
    campaign: Campaign, index: dict[int, int], keys: list[tuple[str, int, bool]], attrs: list[str]
) -> CubeInputs:
    """Read the stored responses back (a rebuild, or responses stored without the count in this process): their
    scale bytes become one array, as the count's answers held in memory."""
    unit_rows: list[int] = []
    combos: dict[tuple[str, ...], int] = {}
    combo_rows: list[int] = []
    scale_rows: list[bytes] = []
    # read afresh: the count sets them on its own copy of the campaign
    scale_keys = list(Campaign.objects.values_list("scale_keys", flat=True).get(pk=campaign.pk))
    width = len(scale_keys)
    for unit_id, attributes, scale in responses_for_results(campaign):
        if unit_id not in index:
            continue
        unit_rows.append(index[unit_id])
        values = tuple(str((attributes or {}).get(a) or NC) for a in attrs)
        combo_rows.append(combos.setdefault(values, len(combos)))
        scale_rows.append(scale[:width].ljust(width, b"\xff"))  # -1 (unanswered) for a short row
    n = len(unit_rows)
    codes = np.frombuffer(b"".join(scale_rows), dtype=np.int8).reshape(n, width)
    return CubeInputs(
        np.array(unit_rows, dtype=np.int64),
        list(combos),
        np.array(combo_rows, dtype=np.int32),
        _cube_answers(scale_keys, codes, keys),
    )


def _cube_answers(item_keys: list[str], scale: np.ndarray, keys: list[tuple[str, int, bool]]) -> np.ndarray:
    """Cube values of the stored scale codes ``scale`` (columns in ``item_keys`` order)
    for the results' items ``keys``: 1..5 / 0..10 with reversed items turned so that high = favourable, -2 « non
    concerné·e », -1 unanswered (also any value outside the item's range, and an item the responses lack)."""
    column_of = {key: i for i, key in enumerate(item_keys)}
    out = np.full((scale.shape[0], len(keys)), stats.MISSING, dtype=np.int8)
    for j, (key, kind_scale, turned) in enumerate(keys):
        i = column_of.get(key)
        if i is None:
            continue
        column = scale[:, i]
        low, high = (1, 5) if kind_scale == stats.SCALE_5 else (0, 10)
        valid = (column >= low) & (column <= high)
        kept = (low + high - column) if turned else column
        other = np.where(column == stats.NOT_CONCERNED, stats.NOT_CONCERNED, stats.MISSING)
        out[:, j] = np.where(valid, kept, other)
    return out


def _inputs_from_opened(
    opened: OpenedAnswers, index: dict[int, int], keys: list[tuple[str, int, bool]], attrs: list[str]
) -> CubeInputs | None:
    """The same inputs from the answers the count holds in memory (``ballot_box_open``): no read back.
    None when they do not describe these attributes (then the stored responses are read)."""
    if list(opened.attributes) != attrs:
        return None
    pks, inverse = np.unique(opened.unit_ids, return_inverse=True)
    where = np.array([index.get(int(pk), -1) for pk in pks], dtype=np.int64)[inverse.reshape(-1)]
    known = where >= 0
    scale = np.asarray(opened.scale, dtype=np.int8).reshape(len(opened.unit_ids), len(opened.item_keys))
    answers = _cube_answers(list(opened.item_keys), scale[known], keys)
    return CubeInputs(where[known], list(opened.combos), opened.combo[known].astype(np.int32), answers)


@dataclass(frozen=True)
class BuiltCube:
    cube: stats.Cube
    pks: list[int]
    index: dict[int, int]
    parent: list[int]
    paths: list[str]
    item_json: dict[str, Any]
    attr_json: dict[str, Any]


def results_cube(campaign: Campaign, opened: OpenedAnswers | None = None) -> BuiltCube:
    """The campaign's cube, from the answers the count holds in memory when given, else from the stored
    responses; both give the same cube (``analytics/tests/test_results_from_box.py``)."""
    pks, index, parent, paths = _tree(campaign.organisation)
    items, item_json = _item_metadata(campaign)
    keys = [(i.key, SCALE_KINDS[i.kind], bool(i.reverse)) for i in items]
    attrs = list(campaign.reporting_attributes)
    inputs = _inputs_from_opened(opened, index, keys, attrs) if opened is not None else None
    if inputs is None:
        inputs = _inputs_from_stored(campaign, index, keys, attrs)
    seen: dict[str, set[str]] = {a: {c[k] for c in inputs.combos if c[k] != NC} for k, a in enumerate(attrs)}
    attr_json = _attribute_values(campaign, seen)
    codes = [{v: c for c, (v, _label) in enumerate(attr_json["attributes"][a]["values"])} for a in attrs]
    table = np.array(
        [[codes[k].get(v, -1) for k, v in enumerate(values)] for values in inputs.combos], dtype=np.int16
    ).reshape(len(inputs.combos), len(attrs))
    attr_codes = table[inputs.combo]
    attr_sizes = [max(1, len(attr_json["attributes"][a]["values"])) for a in attrs]
    cube = stats.build_cube(
        parent,
        inputs.units,
        attr_codes,
        inputs.answers,
        attr_sizes,
        [k[1] for k in keys],
        [m["dimension"] for m in item_json["items"]],
    )
    return BuiltCube(cube, pks, index, parent, paths, item_json, attr_json)


def results_build(
    *, campaign: Campaign, job: Job | None = None, opened: OpenedAnswers | None = None
) -> ResultSet:
    """Build (or rebuild) the result tables of a closed or published campaign.

    A sealed box is opened first (``surveys.trustees.ballot_box_open``, with the trustees' deposited keys): its
    key exists only in this process's memory (and its worker processes'), for the time of the opening; the
    cube is then built from the opened answers held in memory. ``opened`` is what an opening made just before
    returned (``CountResult.opened``); without it, the stored responses are read back.
    """
    campaign = Campaign.objects.select_related("organisation", "questionnaire").get(pk=campaign.pk)
    if campaign.status not in {CampaignStatus.CLOSED, CampaignStatus.PUBLISHED}:
        raise ValidationError(_("Les résultats ne se calculent qu'après la clôture de la campagne."))
    if campaign.box_waiting:
        opened = ballot_box_open(campaign=campaign, job=job).opened
        campaign.refresh_from_db()
    thresholds = thresholds_of(campaign)
    # 1-2. cube (from the opened answers, or the stored responses) and disclosure mask
    built = results_cube(campaign, opened)
    del opened
    if job is not None:
        job.advance(1, message=_("Réponses lues."))
    cube, pks, index, parent, paths = built.cube, built.pks, built.index, built.parent, built.paths
    item_json, attr_json = built.item_json, built.attr_json
    mask = disclosure.disclosure_mask(cube, thresholds)
    blobs = disclosure.pack_units(cube, mask)
    if job is not None:
        job.advance(2, message=_("Tableaux calculés."))
    # 3. participation: invitations per reporting unit, rolled up
    invited_direct = np.zeros(len(pks), dtype=np.int64)
    per_unit = campaign.invitations.order_by().values_list("reporting_unit_id").annotate(n=Count("pk"))
    for unit_id, count in per_unit:
        if unit_id in index:
            invited_direct[index[unit_id]] += count
    invited = stats.rollup(invited_direct, parent)
    # 4. comments: per question, only where the comments mask allows, shuffled
    comments: dict[int, dict[str, list[str]]] = defaultdict(dict)
    by_key: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for unit_id, item_key, text in comments_for_results(campaign):
        if unit_id in index and text.strip():
            by_key[item_key].append((index[unit_id], text))
    for item_key, rows in by_key.items():
        direct = np.bincount([u for u, _t in rows], minlength=len(pks))
        shown = disclosure.comments_mask(parent, direct, mask[:, 0], thresholds)
        texts: dict[int, list[str]] = defaultdict(list)
        for u, text in rows:
            for a in _ancestors(paths, index, u):
                if shown[a]:
                    texts[a].append(text)
        for a, found in texts.items():
            comments[a][item_key] = disclosure.shuffled_comments(found)
    if job is not None:
        job.advance(3, message=_("Commentaires préparés."))
    # 5. store
    with transaction.atomic():
        ResultSet.objects.filter(campaign=campaign).delete()
        result_set = ResultSet.objects.create(
            campaign=campaign,
            built_on=timezone.localdate(),
            min_respondents=thresholds.min_n,
            min_comments=thresholds.min_comments,
            items=item_json,
            attributes=attr_json,
        )
        ResultUnit.objects.bulk_create(
            (
                ResultUnit(
                    result_set=result_set,
                    unit_id=pk,
                    index=i,
                    invited=int(invited[i]),
                    blob=blobs[i],
                    comments=comments.get(i, {}),
                )
                for i, pk in enumerate(pks)
            ),
            batch_size=500,
        )
    if job is not None:
        job.advance(4, message=_("Résultats enregistrés."))
    return result_set


def results_build_start(*, campaign: Campaign, by: Any) -> Job:
    """Queue the build of the result tables (the queue holds only the job's and the campaign's ids)."""
    if campaign.status not in {CampaignStatus.CLOSED, CampaignStatus.PUBLISHED}:
        raise ValidationError(_("Les résultats ne se calculent qu'après la clôture de la campagne."))
    if campaign.box_waiting:
        deposited = campaign.trustees.deposited().count()
        if deposited < campaign.quorum:
            raise ValidationError(
                _(
                    "L'urne est scellée : %(d)s clé(s) de dépositaire déposée(s) sur les %(q)s nécessaires pour "
                    "l'ouvrir. Les résultats se calculent dès que le quorum est atteint."
                )
                % {"d": deposited, "q": campaign.quorum}
            )
    with transaction.atomic():
        job = Job.objects.create(
            organisation=campaign.organisation,
            owner=by if getattr(by, "pk", None) else None,
            kind="results_build",
            label=_("Calcul des résultats — %(t)s") % {"t": campaign.title},
            total=BUILD_STEPS,
            result_url=reverse("analytics:campaign", args=[campaign.pk]),
        )
        jobs.enqueue_on_commit("analytics.tasks.build_results", job_id=str(job.pk), campaign_id=campaign.pk)
    return job


def results_build_run(*, job_id: str, campaign_id: int) -> None:
    """Body of the background job: build, and tell the person how it went."""
    job = Job.objects.get(pk=job_id)
    job.start()
    try:
        results_build(campaign=Campaign.objects.get(pk=campaign_id), job=job)
    except ValidationError as error:
        job.finish(JobStatus.FAILED, " ".join(error.messages))
        return
    except Exception:
        job.finish(JobStatus.FAILED, _("Le calcul des résultats a échoué."))
        raise
    job.finish(JobStatus.DONE, _("Les résultats sont prêts."))


def report_start(*, result_set: ResultSet, unit: Unit, by: Any) -> ResultReport:
    """Queue the PDF report of one unit; the person follows its progress on the job page."""
    with transaction.atomic():
        report = ResultReport.objects.create(result_set=result_set, unit=unit)
        job = Job.objects.create(
            organisation=result_set.campaign.organisation,
            owner=by if getattr(by, "pk", None) else None,
            kind="results_report",
            label=_("Rapport PDF — %(u)s") % {"u": unit.name},
            total=3,
            result_url=reverse("analytics:report_download", args=[report.pk]),
        )
        report.job = job
        report.save(update_fields=["job"])
        jobs.enqueue_on_commit("analytics.tasks.render_report", job_id=str(job.pk), report_id=str(report.pk))
    return report


def report_render(*, job_id: str, report_id: str) -> None:
    """Body of the background job: HTML from a template, PDF by WeasyPrint, file under MEDIA_ROOT/private."""
    from django.template.loader import render_to_string
    from weasyprint import HTML

    from analytics import selectors
    from analytics.perms import can_preview, results_scope

    job = Job.objects.select_related("owner").get(pk=job_id)
    job.start()
    try:
        report = ResultReport.objects.select_related("result_set__campaign__organisation", "unit").get(
            pk=report_id
        )
        result_set, unit = report.result_set, report.unit
        preview = job.owner is not None and can_preview(job.owner, result_set.campaign)
        result = selectors.result_for(result_set=result_set, unit=unit, include_unpublished=preview)
        scope = results_scope(job.owner, result_set.campaign) if job.owner is not None else None
        if scope is None or not scope.allows(unit):
            raise PermissionError("the requester may no longer read this unit")
        heatmap = selectors.heatmap_for(result_set=result_set, unit=unit, scope=scope)
        comments = selectors.comments_for(result_set, unit)
        job.advance(1, message="")
        html = render_to_string(
            "analytics/report_pdf.html",
            {
                "result": result,
                "heatmap": heatmap,
                "comments": comments,
                "campaign": result_set.campaign,
                "unit": unit,
                "result_set": result_set,
                "min_n": result_set.min_respondents,
                "min_comments": result_set.min_comments,
            },
        )
        pdf = HTML(string=html).write_pdf()
        job.advance(2, message="")
        report.file.save(f"{report.pk}.pdf", ContentFile(pdf), save=True)
    except Exception:
        job.finish(JobStatus.FAILED, _("La génération du rapport a échoué."))
        raise
    job.finish(JobStatus.DONE, _("Le rapport est prêt."))
