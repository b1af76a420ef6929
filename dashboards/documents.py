"""The whole plan for committees, as PDF (WeasyPrint), ODT and ODS (odfpy), from ``selectors.plan_document``."""

from __future__ import annotations

import io
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from dashboards.exports import safe, to_ods
from dashboards.selectors import DocumentAxis
from plans.models import Action, Milestone, Plan, Weather


def _date(value: Any) -> str:
    return value.strftime("%d/%m/%Y") if value else "—"


def weather_text(action: Action) -> str:
    return str(dict(Weather.choices).get(action.weather, _("Non renseignée")))


def milestone_text(milestone: Milestone) -> str:
    if milestone.done_on:
        state = _("atteint le %(d)s") % {"d": _date(milestone.done_on)}
    elif milestone.is_late:
        state = _("EN RETARD")
    else:
        state = _("à venir")
    return _("%(t)s — échéance %(d)s — %(s)s") % {
        "t": milestone.title,
        "d": _date(milestone.due_date),
        "s": state,
    }


def action_facts(action: Action) -> list[tuple[str, str]]:
    """(label, value) lines describing an action, the same in every format."""
    leads = ", ".join(str(lead) for lead in action.leads.all())
    last_at = getattr(action, "last_update_at", None)
    last_text = getattr(action, "last_update_text", None) or ""
    status = str(action.get_status_display())
    if action.is_late:
        status += " — " + _("en retard (fin prévue le %(d)s)") % {"d": _date(action.end_date)}
    return [
        (_("Statut"), status),
        (_("Météo"), weather_text(action)),
        (_("Avancement"), f"{action.progress} %"),
        (_("Pilotes (fonctions)"), action.lead_roles or "—"),
        (_("Chef·fes de projet"), leads or "—"),
        (_("Dates"), _("du %(a)s au %(b)s") % {"a": _date(action.start_date), "b": _date(action.end_date)}),
        (
            _("Dernier point d'avancement"),
            f"{_date(last_at)} — {last_text}" if last_at else _("aucun"),
        ),
    ]


def render_pdf(plan: Plan, axes: list[DocumentAxis]) -> bytes:
    from weasyprint import HTML

    for block in axes:
        for action in block.actions:
            action.facts = action_facts(action)  # type: ignore[attr-defined]
    html = render_to_string(
        "dashboards/plan_document_pdf.html",
        {"plan": plan, "axes": axes, "generated_at": timezone.localtime()},
    )
    return bytes(HTML(string=html).write_pdf())


def render_odt(plan: Plan, axes: list[DocumentAxis]) -> bytes:
    from odf.opendocument import OpenDocumentText
    from odf.style import Style, TextProperties
    from odf.text import H, List, ListItem, P, Span

    doc = OpenDocumentText()
    bold = Style(name="Gras", family="text")
    bold.addElement(TextProperties(fontweight="bold"))
    doc.automaticstyles.addElement(bold)
    doc.text.addElement(H(outlinelevel=1, text=plan.title))
    doc.text.addElement(
        P(
            text=_("%(org)s — période %(p)s — version %(v)s — document établi le %(d)s")
            % {
                "org": plan.organisation.name,
                "p": plan.period_label,
                "v": plan.version,
                "d": timezone.localtime().strftime("%d/%m/%Y"),
            }
        )
    )
    for block in axes:
        doc.text.addElement(H(outlinelevel=2, text=str(block.axis)))
        for action in block.actions:
            doc.text.addElement(H(outlinelevel=3, text=f"{action.code} — {action.title}"))
            for label, value in action_facts(action):
                p = P()
                p.addElement(Span(stylename=bold, text=f"{label} : "))
                p.addText(value)
                doc.text.addElement(p)
            milestones = list(action.milestones.all())
            if milestones:
                doc.text.addElement(P(text=_("Jalons :")))
                items = List()
                for milestone in milestones:
                    item = ListItem()
                    item.addElement(P(text=milestone_text(milestone)))
                    items.addElement(item)
                doc.text.addElement(items)
    buffer = io.BytesIO()
    doc.write(buffer)
    return buffer.getvalue()


def render_ods(plan: Plan, axes: list[DocumentAxis]) -> bytes:
    header = [_("Axe"), _("Code"), _("Action"), *fact_labels(), _("Jalons")]
    rows: list[list[Any]] = [[safe(plan.title)], [], header]
    for block in axes:
        for action in block.actions:
            rows.append(
                [
                    block.axis.number,
                    action.code,
                    safe(action.title),
                    *[safe(value) for _label, value in action_facts(action)],
                    safe(" ; ".join(milestone_text(m) for m in action.milestones.all())),
                ]
            )
    return to_ods([(_("Plan"), rows)])


def fact_labels() -> list[str]:
    """Translated when called, in the order of ``action_facts``."""
    return [
        _("Statut"),
        _("Météo"),
        _("Avancement"),
        _("Pilotes (fonctions)"),
        _("Chef·fes de projet"),
        _("Dates"),
        _("Dernier point d'avancement"),
    ]


RENDERERS = {"pdf": render_pdf, "odt": render_odt, "ods": render_ods}
