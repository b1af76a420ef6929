"""Reads of the results: one query function, ``result_for``, used by the pages, the exports and the API.

Every figure comes from the stored per-unit blobs, where suppressed numbers were erased at build time; a
suppressed group is returned as ``{"suppressed": True}`` and nothing else.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count, Q
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _

from analytics import disclosure
from analytics.models import ResultReport, ResultSet, ResultUnit
from analytics.perms import Scope, can_preview, results_scope
from organisations import tree
from organisations.models import EmploymentStatus, Gender, Organisation, Unit
from surveys.models import (
    AGREEMENT_LABELS,
    REPORTING_ATTRIBUTES,
    Campaign,
    CampaignStatus,
    Dimension,
    ItemKind,
)
from surveys.participation import invited_by_own_unit, reported_with, rollup_tree

SUPPRESSED: dict[str, Any] = {"suppressed": True}


class FilterError(ValueError):
    """An unknown filter attribute or value, or two filters at once."""


# --- access -------------------------------------------------------------------------------------------


def campaigns_with_results(user: Any, organisation: Organisation) -> list[ResultSet]:
    """Result sets of the organisation's campaigns that the user may read (newest first)."""
    sets = (
        ResultSet.objects.filter(campaign__organisation=organisation)
        .select_related("campaign__organisation", "campaign__questionnaire")
        .order_by("-campaign__opens_on", "campaign__title")
    )
    return [rs for rs in sets if results_scope(user, rs.campaign) is not None]


def last_published_results_for(
    user: Any, organisation: Organisation, unit: Unit | None
) -> tuple[int, int | None] | None:
    """For a link to a unit's barometer results: the organisation's last published campaign whose results the
    user may read, and ``unit``'s id when they may read it there (else ``None``: the results page opens on the
    first unit they may read). ``None`` when there is no such campaign."""
    result_set = (
        ResultSet.objects.filter(
            campaign__organisation=organisation, campaign__status=CampaignStatus.PUBLISHED
        )
        .select_related("campaign__organisation")
        .order_by("-campaign__published_at", "-campaign__closes_on")
        .first()
    )
    if result_set is None:
        return None
    scope = results_scope(user, result_set.campaign)
    if scope is None:
        return None
    return result_set.campaign_id, unit.pk if unit is not None and scope.allows(unit) else None


def get_result_set_for_user(user: Any, campaign_id: int) -> tuple[ResultSet, Scope]:
    """The campaign's results and what the user may read of them; 404 for anyone else (existence never leaks)."""
    result_set = (
        ResultSet.objects.select_related("campaign__organisation", "campaign__questionnaire")
        .filter(campaign_id=campaign_id)
        .first()
    )
    if result_set is None:
        raise Http404
    scope = results_scope(user, result_set.campaign)
    if scope is None:
        raise Http404
    return result_set, scope


def visible_units(result_set: ResultSet, scope: Scope) -> list[Unit]:
    """Units of the unit picker, in tree order."""
    units = Unit.objects.filter(organisation_id=result_set.campaign.organisation_id).order_by("path")
    return [u for u in units if scope.allows(u)]


def get_campaign_participation_for_user(user: Any, campaign_id: int) -> tuple[Campaign, Scope]:
    """A campaign and the units whose participation the user may read; 404 outside the organisation, 403 for
    a member who may read none."""
    from accounts import perms as account_perms
    from analytics.perms import participation_scope

    campaign = Campaign.objects.select_related("organisation", "questionnaire").filter(pk=campaign_id).first()
    if campaign is None or not account_perms.is_member(user, campaign.organisation):
        raise Http404
    scope = participation_scope(user, campaign)
    if scope is None:
        raise PermissionDenied
    return campaign, scope


def get_unit_for_user(result_set: ResultSet, scope: Scope, unit_id: int | None) -> Unit:
    """The unit asked for (default: the first one the user may read); 404 outside the user's scope."""
    if unit_id is None:
        units = visible_units(result_set, scope)
        if not units:
            raise Http404
        return units[0]
    unit = Unit.objects.filter(pk=unit_id, organisation_id=result_set.campaign.organisation_id).first()
    if unit is None or not scope.allows(unit):
        raise Http404
    return unit


# What the results API checks on every request, kept per process for ACCESS_CACHE_SECONDS: the caller's result
# set, scope and preview right per (user, campaign), the organisation's units, the earlier result set of a trend.
# ``access_forget`` (connected by api.apps to every save or delete of users, role grants, people, units,
# campaigns, invitations and result sets) clears it in this process; the other processes follow within that time.
_ACCESS: dict[tuple[Any, ...], tuple[float, Any]] = {}
ACCESS_CACHE_SECONDS = 10.0
ACCESS_CACHE_SIZE = 4096


def access_forget(**_kwargs: Any) -> None:
    _ACCESS.clear()


def caches_clear() -> None:
    """Empty every per-process cache of this module (tests: rolled-back tests reuse primary keys)."""
    for store in (_RESULTS_CACHE, _STORED, _ROOT_FIGURES, _ACCESS):
        store.clear()


def _remember(key: tuple[Any, ...], make: Any) -> Any:
    clock = time.monotonic()
    entry = _ACCESS.get(key)
    if entry is not None and clock - entry[0] < ACCESS_CACHE_SECONDS:
        return entry[1]
    value = make()
    if len(_ACCESS) >= ACCESS_CACHE_SIZE:
        _ACCESS.clear()
    _ACCESS[key] = (clock, value)
    return value


def get_result_access_for_user(user: Any, campaign_id: int) -> tuple[ResultSet, Scope, bool]:
    """``get_result_set_for_user`` and ``can_preview``, kept a few seconds per process (the results API)."""
    if getattr(user, "pk", None) is None:
        result_set, scope = get_result_set_for_user(user, campaign_id)
        return result_set, scope, can_preview(user, result_set.campaign)

    def make() -> tuple[ResultSet | None, Scope | None, bool]:
        try:
            result_set, scope = get_result_set_for_user(user, campaign_id)
        except Http404:
            return None, None, False
        return result_set, scope, can_preview(user, result_set.campaign)

    result_set, scope, preview = _remember(("access", user.pk, campaign_id), make)
    if result_set is None or scope is None:
        raise Http404
    return result_set, scope, preview


def _organisation_units(organisation_id: int) -> tuple[dict[int, Unit], list[Unit]]:
    """The organisation's units by pk and in tree order, kept a few seconds per process."""

    def make() -> tuple[dict[int, Unit], list[Unit]]:
        units = list(Unit.objects.filter(organisation_id=organisation_id).order_by("path"))
        return {u.pk: u for u in units}, units

    found: tuple[dict[int, Unit], list[Unit]] = _remember(("units", organisation_id), make)
    return found


def get_unit_for_api(result_set: ResultSet, scope: Scope, unit_id: int | None) -> Unit:
    """``get_unit_for_user`` from the organisation's units kept by this process (the results API)."""
    by_pk, ordered = _organisation_units(result_set.campaign.organisation_id)
    if unit_id is None:
        unit = next((u for u in ordered if scope.allows(u)), None)
    else:
        unit = by_pk.get(unit_id)
    if unit is None or not scope.allows(unit):
        raise Http404
    return unit


def _previous_result_set(result_set: ResultSet, include_unpublished: bool) -> ResultSet | None:
    found: ResultSet | None = _remember(
        ("previous", result_set.pk, include_unpublished),
        lambda: previous_result_set(result_set, include_unpublished=include_unpublished),
    )
    return found


# --- loading ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StoredUnit:
    """What the figures need of a ``ResultUnit``: row of the unit in the cube, invitations, served blob."""

    unit_id: int
    index: int
    invited: int
    blob: bytes


# Stored rows of a result set, per process: a built result set never changes (a rebuild is a new ResultSet), so
# they are read once, all units in one query, and kept for the few latest result sets read.
_STORED: OrderedDict[Any, dict[int, StoredUnit]] = OrderedDict()
STORED_SETS = 4


def _stored_units(result_set: ResultSet) -> dict[int, StoredUnit]:
    found = _STORED.get(result_set.pk)
    if found is None:
        rows = ResultUnit.objects.filter(result_set_id=result_set.pk).values_list(
            "unit_id", "index", "invited", "blob"
        )
        found = {u: StoredUnit(u, i, n, bytes(b)) for u, i, n, b in rows}
        _STORED[result_set.pk] = found
        while len(_STORED) > STORED_SETS:
            _STORED.popitem(last=False)
    else:
        _STORED.move_to_end(result_set.pk)
    return found


def _load(result_set: ResultSet, unit_ids: list[int]) -> dict[int, tuple[Any, Any, StoredUnit]]:
    stored = _stored_units(result_set)
    out = {}
    for unit_id in unit_ids:
        row = stored.get(unit_id)
        if row is not None:
            cube, mask = disclosure.unpack_unit(row.blob)
            out[unit_id] = (cube, mask, row)
    return out


def _thresholds(result_set: ResultSet) -> disclosure.Thresholds:
    return disclosure.Thresholds(min_n=result_set.min_respondents, min_comments=result_set.min_comments)


def resolve_filter(result_set: ResultSet, attribute: str | None, value: str | None) -> tuple[int, int] | None:
    """``(attribute index, value index)`` of a filter, ``None`` without one; ``FilterError`` if unknown."""
    if not attribute and not value:
        return None
    order = list(result_set.attributes.get("order", []))
    if attribute not in order or not value:
        raise FilterError(_("Filtre inconnu."))
    values = [code for code, _label in result_set.attributes["attributes"][attribute]["values"]]
    if value not in values:
        raise FilterError(_("Valeur de filtre inconnue."))
    return order.index(attribute), values.index(value)


def _view(cube: Any, flt: tuple[int, int] | None) -> int:
    return 0 if flt is None else cube.view_index(flt[0], flt[1])


def _root_of(unit: Unit) -> int:
    return tree.root_id(unit.path)


def previous_result_set(result_set: ResultSet, *, include_unpublished: bool = False) -> ResultSet | None:
    """The latest earlier campaign of the same organisation with results and the same item keys."""
    campaign = result_set.campaign
    statuses = [CampaignStatus.PUBLISHED] + ([CampaignStatus.CLOSED] if include_unpublished else [])
    keys = {i["key"] for i in result_set.items.get("items", [])}
    candidates = (
        ResultSet.objects.filter(
            campaign__organisation_id=campaign.organisation_id,
            campaign__opens_on__lt=campaign.opens_on,
            campaign__status__in=statuses,
        )
        .select_related("campaign")
        .order_by("-campaign__opens_on")
    )
    for candidate in candidates[:10]:
        if keys & {i["key"] for i in candidate.items.get("items", [])}:
            return candidate
    return None


# --- labels -------------------------------------------------------------------------------------------
# Result sets store labels in the language of whoever built them (the worker: French). Readers get the
# label of the stored code in their own language; an unknown code keeps its stored label.

_VALUE_CHOICES: dict[str, dict[str, Any]] = {
    "gender": dict(Gender.choices),
    "status": dict(EmploymentStatus.choices),
}


_DIMENSION_LABELS: dict[tuple[str, str, str | None], str] = {}  # (code, stored label, language) → label


def _dimension_label(meta: dict[str, Any]) -> str:
    key = (meta["code"], meta["label"], translation.get_language())
    label = _DIMENSION_LABELS.get(key)
    if label is None:
        if not meta["code"]:
            label = _("Autres questions")
        else:
            label = str(dict(Dimension.choices).get(meta["code"], meta["label"]))
        _DIMENSION_LABELS[key] = label
    return label


def _attribute_label(attribute: str, stored: str) -> str:
    return str(REPORTING_ATTRIBUTES.get(attribute, stored))


def _attribute_value_label(attribute: str, code: str, stored: str) -> str:
    return str(_VALUE_CHOICES.get(attribute, {}).get(code, stored))


# --- figures ------------------------------------------------------------------------------------------


_VALUE_LABELS: dict[tuple[str, int, str | None], str] = {}  # (kind, value, language) → label, per process


def _value_label(kind: str, value: int, language: str | None = None) -> str:
    key = (kind, value, language or translation.get_language())
    label = _VALUE_LABELS.get(key)
    if label is None:
        label = str(dict(AGREEMENT_LABELS)[value]) if kind == ItemKind.AGREEMENT else str(value)
        _VALUE_LABELS[key] = label
    return label


def _item(meta: dict[str, Any], fig: dict[str, Any], language: str | None = None) -> dict[str, Any]:
    base = {
        "key": meta["key"],
        "text": meta["text"],
        "kind": meta["kind"],
        "reverse": meta["reverse"],
    }
    if fig.get("suppressed"):
        return {**base, "suppressed": True}
    low, high = (1, 5) if meta["scale"] == 5 else (0, 10)
    n_ans = fig["n_answered"]
    distribution = []
    for v in range(low, high + 1):
        count = fig["distribution"][str(low + high - v if meta["reverse"] else v)]
        distribution.append(
            {
                "value": v,
                "label": _value_label(meta["kind"], v, language),
                "count": count,
                "pct": 100.0 * count / n_ans if n_ans else None,
            }
        )
    mean = fig["mean"]
    if meta["reverse"] and mean is not None:
        mean = low + high - mean
    return {
        **base,
        "suppressed": False,
        "n_answered": n_ans,
        "n_missing": fig["n_missing"],
        "n_not_concerned": fig["n_not_concerned"],
        "pct_favourable": fig["pct_favourable"],
        "ci95_pct_favourable": fig["ci95_pct_favourable"],
        "mean": mean,
        "distribution": distribution,
    }


def _compare_to(own: float | None, other: dict[str, Any] | None) -> dict[str, Any]:
    if other is None or other.get("suppressed") or other.get("pct_favourable") is None:
        return dict(SUPPRESSED)
    return {
        "pct_favourable": other["pct_favourable"],
        "delta_pts": None if own is None else own - other["pct_favourable"],
    }


def _align(before: dict[str, Any], before_set: ResultSet, result_set: ResultSet) -> dict[str, Any]:
    """Re-index a previous campaign's figures on the current items (by key) and dimensions (by code)."""
    now_items = {m["key"]: i for i, m in enumerate(result_set.items["items"])}
    now_dims = {d["code"]: i for i, d in enumerate(result_set.items["dimensions"])}
    old_items = before_set.items["items"]
    old_dims = before_set.items["dimensions"]
    items = [
        {**fig, "item": now_items[old_items[int(fig["item"])]["key"]]}
        for fig in before["items"]
        if old_items[int(fig["item"])]["key"] in now_items
    ]
    dims = [
        {**d, "dimension": now_dims[old_dims[int(d["dimension"])]["code"]]}
        for d in before["dimensions"]
        if old_dims[int(d["dimension"])]["code"] in now_dims
    ]
    return {**before, "items": items, "dimensions": dims}


def _trend(
    result_set: ResultSet,
    unit: Unit,
    attribute: str | None,
    value: str | None,
    after: dict[str, Any],
    before_set: ResultSet | None,
) -> dict[str, Any] | None:
    if before_set is None:
        return None
    title = before_set.campaign.title
    try:
        flt = resolve_filter(before_set, attribute, value)
    except FilterError:
        return {"suppressed": True, "campaign_title": title}
    loaded = _load(before_set, [unit.pk])
    if unit.pk not in loaded:
        return {"suppressed": True, "campaign_title": title}
    cube, mask, row = loaded[unit.pk]
    before = disclosure.query(cube, mask, row.index, _view(cube, flt), _thresholds(before_set))
    if before.get("suppressed"):
        return {"suppressed": True, "campaign_title": title}
    trend = disclosure.trend(_align(before, before_set, result_set), after)
    if trend.get("suppressed"):
        return {"suppressed": True, "campaign_title": title}
    prev = {int(i["item"]): i for i in _align(before, before_set, result_set)["items"]}
    items = {}
    for t in trend["items"]:
        if t.get("suppressed"):
            items[t["item"]] = dict(SUPPRESSED)
        else:
            items[t["item"]] = {
                "previous_pct_favourable": prev[t["item"]]["pct_favourable"],
                "delta_pts": t["delta_pts"],
                "p_value": t["p_value"],
                "significant": bool(t["significant"]),
            }
    return {
        "suppressed": False,
        "campaign": {"id": before_set.campaign_id, "title": title},
        "n_before": trend["n_before"],
        "items": items,
        "dimensions": {d["dimension"]: {"delta_pts": d["delta_pts"]} for d in trend["dimensions"]},
    }


# Served figures per process: a result set never changes once built (a rebuild is a new ResultSet), so an entry
# is keyed by everything the answer depends on — the result set, the unit (and its name), the filter, the earlier
# result set of the trend, the reader's language — and kept a few minutes (renamed units, the root's name).
_RESULTS_CACHE: OrderedDict[tuple[Any, ...], tuple[float, bytes]] = OrderedDict()  # key → (time, JSON)
RESULTS_CACHE_SIZE = 4096
RESULTS_CACHE_SECONDS = 300.0


def _cached_result(
    result_set: ResultSet, unit: Unit, attribute: str | None, value: str | None, include_unpublished: bool
) -> bytes:
    """The figures as JSON, computed and encoded once per key and 5 minutes for all processes (the shared
    database cache, ``settings.CACHES``), and kept in each process for the same time.

    Only the encoded bytes are kept, never the dictionaries: thousands of cached figure trees would be millions
    of objects for the garbage collector to walk on every pass (a gen-0 pass took 24 ms on average, 73 ms at
    worst, with them — the results API's tail latency), and a page's own copy is a ``json.loads`` (faster
    than the ``deepcopy`` it replaces).
    """
    flt = resolve_filter(result_set, attribute, value)
    before_set = _previous_result_set(result_set, include_unpublished)
    key = (
        result_set.pk,
        unit.pk,
        unit.name,
        flt,
        getattr(before_set, "pk", None),
        translation.get_language(),
    )
    now = time.monotonic()
    entry = _RESULTS_CACHE.get(key)
    if entry is not None and now - entry[0] < RESULTS_CACHE_SECONDS:
        _RESULTS_CACHE.move_to_end(key)
        return entry[1]
    shared_key = "results:" + hashlib.sha256(repr(key).encode()).hexdigest()
    encoded = cache.get(shared_key)  # another process may have computed it: one indexed read
    if not isinstance(encoded, bytes):
        figures = _result_for(result_set, unit, attribute, value, flt, before_set)
        encoded = json.dumps(figures, cls=DjangoJSONEncoder, ensure_ascii=False).encode()
        cache.set(shared_key, encoded, RESULTS_CACHE_SECONDS)
    _RESULTS_CACHE[key] = (now, encoded)
    while len(_RESULTS_CACHE) > RESULTS_CACHE_SIZE:
        _RESULTS_CACHE.popitem(last=False)
    return encoded


def result_for(
    *,
    result_set: ResultSet,
    unit: Unit,
    attribute: str | None = None,
    value: str | None = None,
    include_unpublished: bool = False,
) -> dict[str, Any]:
    """Figures of ``unit`` (its whole subtree), optionally filtered by one attribute value.

    Per dimension and item: % favourable with its 95 % Wilson interval, mean, full distribution, number of
    respondents; comparison with the whole organisation (the root unit) and trend against the latest earlier
    campaign (only where both years are served). A suppressed group is exactly ``{"suppressed": True}``.
    ``include_unpublished`` lets the trend use earlier campaigns that are closed but not yet published.
    The figures are the JSON the results API serves, decoded: the caller's own copy (pages add to it).
    """
    figures: dict[str, Any] = json.loads(
        _cached_result(result_set, unit, attribute, value, include_unpublished)
    )
    return figures


def result_json_for(
    *,
    result_set: ResultSet,
    unit: Unit,
    attribute: str | None = None,
    value: str | None = None,
    include_unpublished: bool = False,
) -> bytes:
    """``result_for`` as JSON, encoded once per cached entry (what the results API serves)."""
    return _cached_result(result_set, unit, attribute, value, include_unpublished)


def _result_for(
    result_set: ResultSet,
    unit: Unit,
    attribute: str | None,
    value: str | None,
    flt: tuple[int, int] | None,
    before_set: ResultSet | None,
) -> dict[str, Any]:
    root_id = _root_of(unit)
    loaded = _load(result_set, [unit.pk])
    if unit.pk not in loaded:
        return dict(SUPPRESSED)
    cube, mask, row = loaded[unit.pk]
    view = _view(cube, flt)
    thresholds = _thresholds(result_set)
    fig = disclosure.query(cube, mask, row.index, view, thresholds)
    if fig.get("suppressed"):
        return dict(SUPPRESSED)
    organisation = _root_figures(result_set, root_id, flt) if root_id != unit.pk else None
    trend = _trend(result_set, unit, attribute, value, fig, before_set)
    metas = result_set.items["items"]
    language = translation.get_language()
    items = [_item(metas[int(f["item"])], f, language) for f in fig["items"]]
    dims: list[dict[str, Any]] = []
    for d, dim_meta in enumerate(result_set.items["dimensions"]):
        own = fig["dimensions"][d] if d < len(fig["dimensions"]) else {"pct_favourable": None, "mean": None}
        entry: dict[str, Any] = {
            "code": dim_meta["code"],
            "label": _dimension_label(dim_meta),
            "pct_favourable": own["pct_favourable"],
            "mean": own["mean"],
            "items": [],
        }
        if organisation is not None:
            org_dim = None if organisation.get("suppressed") else organisation["dimensions"][d]
            entry["organisation"] = _compare_to(own["pct_favourable"], org_dim)
        if trend is not None:
            entry["trend"] = (
                trend["dimensions"].get(d, dict(SUPPRESSED)) if not trend["suppressed"] else dict(SUPPRESSED)
            )
        dims.append(entry)
    for i, item in enumerate(items):
        if organisation is not None:
            org_item = None if organisation.get("suppressed") else organisation["items"][i]
            item["organisation"] = _compare_to(item.get("pct_favourable"), org_item)
        if trend is not None:
            item["trend"] = (
                trend["items"].get(i, dict(SUPPRESSED)) if not trend["suppressed"] else dict(SUPPRESSED)
            )
        dims[metas[i]["dimension"]]["items"].append(item)
    out: dict[str, Any] = {
        "suppressed": False,
        "reported_with": _remember(
            ("reported_with", result_set.pk), lambda: reported_with_map(result_set)
        ).get(unit.pk)
        if fig["n"] == 0 and flt is None
        else None,
        "campaign": {"id": result_set.campaign_id, "title": result_set.campaign.title},
        "unit": {"id": unit.pk, "name": unit.name},
        "filter": _filter_out(result_set, attribute, value) if flt else None,
        "n": fig["n"],
        "participation": (
            disclosure.participation(cube, mask, row.index, 0, invited=row.invited) if flt is None else None
        ),
        "dimensions": dims,
    }
    if organisation is not None:
        out["organisation"] = (
            dict(SUPPRESSED)
            if organisation.get("suppressed")
            else {
                "suppressed": False,
                "unit": {"id": root_id, "name": _unit_name(root_id, unit.organisation_id)},
                "n": organisation["n"],
            }
        )
    if trend is not None:
        out["trend"] = (
            {"suppressed": True, "campaign_title": trend["campaign_title"]}
            if trend["suppressed"]
            else {"suppressed": False, "campaign": trend["campaign"], "n_before": trend["n_before"]}
        )
    return out


_ROOT_FIGURES: OrderedDict[tuple[Any, ...], dict[str, Any] | None] = OrderedDict()
ROOT_FIGURES_SIZE = 512


def _root_figures(result_set: ResultSet, root_id: int, flt: tuple[int, int] | None) -> dict[str, Any] | None:
    """The organisation's figures (the comparison of every unit), per result set, root and filter, per process:
    the result set never changes. None when the root has no stored row."""
    key = (result_set.pk, root_id, flt)
    if key in _ROOT_FIGURES:
        _ROOT_FIGURES.move_to_end(key)
        return _ROOT_FIGURES[key]
    loaded = _load(result_set, [root_id])
    found = None
    if root_id in loaded:
        cube, mask, row = loaded[root_id]
        found = disclosure.query(cube, mask, row.index, _view(cube, flt), _thresholds(result_set))
    _ROOT_FIGURES[key] = found
    while len(_ROOT_FIGURES) > ROOT_FIGURES_SIZE:
        _ROOT_FIGURES.popitem(last=False)
    return found


def _unit_name(pk: int, organisation_id: int) -> str:
    unit = _organisation_units(organisation_id)[0].get(pk)
    return unit.name if unit is not None else ""


def _filter_out(result_set: ResultSet, attribute: str | None, value: str | None) -> dict[str, str]:
    attr = result_set.attributes["attributes"][attribute]
    stored = dict((c, label) for c, label in attr["values"])[value]
    return {
        "attribute": str(attribute),
        "attribute_label": _attribute_label(str(attribute), attr["label"]),
        "value": str(value),
        "value_label": _attribute_value_label(str(attribute), str(value), stored),
    }


def filter_options(result_set: ResultSet, unit: Unit) -> list[dict[str, Any]]:
    """Attributes offered as a filter for ``unit``: a breakdown is served for all its values or none."""
    loaded = _load(result_set, [unit.pk])
    out = []
    for a, name in enumerate(result_set.attributes.get("order", [])):
        attr = result_set.attributes["attributes"][name]
        available = False
        if unit.pk in loaded and attr["values"]:
            cube, mask, _row = loaded[unit.pk]
            available = bool(np.asarray(mask)[0, cube.view_index(a, 0)])
        values = [[code, _attribute_value_label(name, code, label)] for code, label in attr["values"]]
        out.append(
            {
                "attribute": name,
                "label": _attribute_label(name, attr["label"]),
                "values": values,
                "available": available,
            }
        )
    return out


def heatmap_for(
    *,
    result_set: ResultSet,
    unit: Unit,
    attribute: str | None = None,
    value: str | None = None,
    scope: Scope | None = None,
) -> dict[str, Any]:
    """Children of ``unit`` × dimensions (% favourable); a suppressed child has no number at all.

    With ``scope``, only children the reader may see (a staff representative reads the root alone)."""
    flt = resolve_filter(result_set, attribute, value)
    children = [
        c for c in Unit.objects.filter(parent=unit).order_by("name") if scope is None or scope.allows(c)
    ]
    loaded = _load(result_set, [c.pk for c in children])
    thresholds = _thresholds(result_set)
    rows: list[dict[str, Any]] = []
    merged: dict[int, dict[str, Any]] | None = None
    for child in children:
        if child.pk not in loaded:
            continue
        cube, mask, row = loaded[child.pk]
        fig = disclosure.query(cube, mask, row.index, _view(cube, flt), thresholds)
        name = {"id": child.pk, "name": child.name}
        if fig.get("suppressed"):
            rows.append({"unit": name, "suppressed": True})
        elif fig["n"] > 0:
            cells = [d["pct_favourable"] for d in fig["dimensions"]]
            rows.append({"unit": name, "suppressed": False, "n": fig["n"], "cells": cells})
        else:
            if merged is None:
                merged = reported_with_map(result_set)
            if child.pk in merged:
                rows.append({"unit": name, "suppressed": False, "reported_with": merged[child.pk]})
    return {"dimensions": [_dimension_label(d) for d in result_set.items["dimensions"]], "rows": rows}


def comments_for(result_set: ResultSet, unit: Unit) -> list[dict[str, Any]]:
    """Free-text questions of the campaign with the unit's comments where shown (>= threshold), shuffled."""
    row = ResultUnit.objects.filter(result_set=result_set, unit=unit).first()
    stored = row.comments if row is not None else {}
    questions = result_set.campaign.questionnaire.items.filter(kind=ItemKind.TEXT).order_by("position")
    return [
        {
            "key": q.key,
            "question": q.text,
            "shown": q.key in stored,
            "comments": disclosure.shuffled_comments(stored[q.key]) if q.key in stored else [],
        }
        for q in questions
    ]


def campaign_of(result_set: ResultSet) -> Campaign:
    return result_set.campaign


def campaigns_to_build(user: Any, organisation: Organisation) -> list[Campaign]:
    """Closed or published campaigns, for the steering team's « Calculer les résultats » panel."""
    from accounts import perms as account_perms

    if not account_perms.can_manage_organisation(user, organisation):
        return []
    return list(
        Campaign.objects.for_organisation(organisation)
        .filter(status__in=[CampaignStatus.CLOSED, CampaignStatus.PUBLISHED])
        .select_related("result_set")
        .annotate(deposited=Count("trustees", filter=Q(trustees__deposit__isnull=False)))
        .order_by("-opens_on")
    )


def get_campaign_to_build(user: Any, campaign_id: int) -> Campaign:
    """A campaign whose results the user may compute; 404 otherwise."""
    from analytics.perms import can_build

    campaign = Campaign.objects.select_related("organisation").filter(pk=campaign_id).first()
    if campaign is None or not can_build(user, campaign):
        raise Http404
    return campaign


def get_report_for_user(user: Any, report_id: Any) -> ResultReport:
    """A finished PDF report, for its requester or the steering team, while they may read that unit."""
    report = (
        ResultReport.objects.select_related("result_set__campaign__organisation", "unit", "job")
        .filter(pk=report_id)
        .first()
    )
    if report is None or not report.file:
        raise Http404
    scope = results_scope(user, report.result_set.campaign)
    if scope is None or not scope.allows(report.unit):
        raise Http404
    owner_id = report.job.owner_id if report.job else None
    if owner_id != getattr(user, "pk", None) and not can_preview(user, report.result_set.campaign):
        raise Http404
    return report


# --- participation after close ------------------------------------------------------------------------


def _units_in_order(result_set: ResultSet) -> tuple[list[dict[str, Any]], list[int]]:
    units: list[dict[str, Any]] = [
        dict(u)
        for u in Unit.objects.filter(organisation_id=result_set.campaign.organisation_id)
        .order_by("path")
        .values("pk", "name", "depth", "path", "parent_id")
    ]
    index = {u["pk"]: i for i, u in enumerate(units)}
    parent = [index.get(u["parent_id"], -1) if u["parent_id"] is not None else -1 for u in units]
    return units, parent


def _reported_with(
    result_set: ResultSet, units: list[dict[str, Any]], parent: list[int], invited: dict[int, int]
) -> tuple[dict[int, int], list[int]]:
    """Index of each unit "reported with" another (see ``surveys.participation.reported_with``), from data
    that outlives the campaign: invitations per own unit, and the invited counts of the results (by the unit
    the responses are stored under); plus each unit's subtree count of own-unit invitations."""
    own = invited_by_own_unit(result_set.campaign)
    own_total = rollup_tree([own.get(u["pk"], 0) for u in units], parent)
    merged = reported_with(own_total, [invited.get(u["pk"], 0) for u in units], parent)
    return merged, own_total


def reported_with_map(result_set: ResultSet) -> dict[int, dict[str, Any]]:
    """``{unit pk: {"id", "name"}}`` of the units whose invitees were all reported with an ancestor (too few
    to be a group of their own): they show « déclarée avec <ancestor> » instead of 0 respondents."""
    units, parent = _units_in_order(result_set)
    invited = dict(ResultUnit.objects.filter(result_set=result_set).values_list("unit_id", "invited"))
    merged, _own = _reported_with(result_set, units, parent, invited)
    return {units[i]["pk"]: {"id": units[j]["pk"], "name": units[j]["name"]} for i, j in merged.items()}


def in_scope(campaign: Campaign, rows: list[dict[str, Any]], scope: Scope) -> list[dict[str, Any]]:
    """Rows (``unit_id``) of the units the reader may see, in one query."""
    if scope.everything:
        return rows
    visible = {
        pk
        for pk, path in Unit.objects.filter(organisation_id=campaign.organisation_id).values_list(
            "pk", "path"
        )
        if scope.allows_path(pk, path)
    }
    return [r for r in rows if r["unit_id"] in visible]


def participation_for(*, result_set: ResultSet, scope: Scope | None) -> list[dict[str, Any]]:
    """Participation of a closed campaign, per unit in tree order, read from the built results only.

    A served unit gives its served respondent count, its invited count and the exact rate; a suppressed one
    only ``suppressed`` (the results' mask: threshold and complementary suppression); a unit whose invitees
    were reported with an ancestor gives that ancestor. ``scope``: units the reader may see (None = all).
    A constant number of queries, whatever the number of units."""
    units, parent = _units_in_order(result_set)
    stored = {
        row.unit_id: row
        for row in ResultUnit.objects.filter(result_set=result_set).only(
            "unit_id", "index", "invited", "blob"
        )
    }
    invited = {pk: row.invited for pk, row in stored.items()}
    merged, own_total = _reported_with(result_set, units, parent, invited)
    rows: list[dict[str, Any]] = []
    for i, unit in enumerate(units):
        if scope is not None and not scope.allows_path(unit["pk"], unit["path"]):
            continue
        if not own_total[i] and not invited.get(unit["pk"]):
            continue
        row: dict[str, Any] = {"unit_id": unit["pk"], "name": unit["name"], "depth": unit["depth"]}
        stored_row = stored.get(unit["pk"])
        if i in merged:
            row["reported_with"] = units[merged[i]]["name"]
        elif stored_row is None:
            row["suppressed"] = True
        else:
            cube, mask = disclosure.unpack_unit(bytes(stored_row.blob))
            row.update(disclosure.participation(cube, mask, stored_row.index, 0, invited=stored_row.invited))
            if "rate" in row:
                row["pct"] = 100.0 * row["rate"]
        rows.append(row)
    return rows
