"""Writes on co-construction: working groups, proposals on the fixed template, and their adoption into the plan.

Every function checks who acts (``by``) and raises ``PermissionDenied``; business rules raise ``ValidationError``
with a French message that views show as is.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from coconstruction import perms, signals
from coconstruction.models import Proposal, ProposalComment, ProposalStatus, WorkingGroup
from core.limits import COMMENT_TEXT, NOTE_TEXT, PROPOSAL_TEXT, REASON_TEXT, check_lengths
from organisations.models import Person
from plans.models import Action, Axis, Plan
from plans.services import action_create

MAX_LEADS = 2


def _save(proposal: Proposal, by: User, fields: list[str]) -> None:
    proposal._history_user = by  # type: ignore[attr-defined]
    proposal.save(update_fields=fields)


def _check_composition(*, plan: Plan, axis: Axis | None, leads: list[Person], members: list[Person]) -> None:
    if axis is not None and axis.plan_id != plan.pk:
        raise ValidationError({"axis": _("Cet axe n'appartient pas à ce plan.")})
    if len(leads) > MAX_LEADS:
        raise ValidationError(
            {"leads": _("Un groupe de travail est piloté par un binôme : deux personnes au plus.")}
        )
    strangers = [p for p in [*leads, *members] if p.organisation_id != plan.organisation_id]
    if strangers:
        raise ValidationError(
            {
                "members": _("Ces personnes n'appartiennent pas à l'organisation : %(names)s.")
                % {"names": ", ".join(map(str, strangers))}
            }
        )


def working_group_create(
    *,
    plan: Plan,
    by: User,
    name: str,
    axis: Axis | None = None,
    leads: Iterable[Person] = (),
    members: Iterable[Person] = (),
) -> WorkingGroup:
    if not perms.can_manage_groups(by, plan):
        raise PermissionDenied(_("Seul·e le·la pilote QVT crée les groupes de travail."))
    leads, members = list(leads), list(members)
    _check_composition(plan=plan, axis=axis, leads=leads, members=members)
    with transaction.atomic():
        group = WorkingGroup(plan=plan, axis=axis, name=name.strip())
        group._history_user = by  # type: ignore[attr-defined]
        group.save()
        group.leads.set(leads)
        group.members.set(members)
    return group


def working_group_update(
    *,
    group: WorkingGroup,
    by: User,
    name: str,
    axis: Axis | None,
    leads: Iterable[Person],
    members: Iterable[Person],
) -> WorkingGroup:
    if not perms.can_manage_groups(by, group.plan):
        raise PermissionDenied(_("Seul·e le·la pilote QVT modifie les groupes de travail."))
    leads, members = list(leads), list(members)
    _check_composition(plan=group.plan, axis=axis, leads=leads, members=members)
    with transaction.atomic():
        group.name, group.axis = name.strip(), axis
        group._history_user = by  # type: ignore[attr-defined]
        group.save(update_fields=["name", "axis"])
        group.leads.set(leads)
        group.members.set(members)
    return group


TEMPLATE_FIELDS = (
    "title",
    "problem",
    "proposed_action",
    "success_conditions",
    "proposed_calendar",
    "evaluation",
)


def _template_values(fields: dict[str, str]) -> dict[str, str]:
    unknown = set(fields) - set(TEMPLATE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown proposal fields: {sorted(unknown)}")
    values = {name: (value or "").strip() for name, value in fields.items()}
    empty = [name for name, value in values.items() if not value]
    if empty:
        raise ValidationError(
            {name: _("Ce champ du canevas est obligatoire.") for name in empty}  # one message per empty field
        )
    check_lengths(
        values, {name: PROPOSAL_TEXT for name in TEMPLATE_FIELDS if name != "title"} | {"title": 250}
    )
    return values


def proposal_create(*, group: WorkingGroup, by: User, **fields: str) -> Proposal:
    """A member or lead of the group, or the programme lead, writes a proposal (a draft) on the fixed template."""
    if not perms.can_propose(by, group):
        raise PermissionDenied(
            _("Seuls les membres du groupe de travail et le·la pilote QVT proposent des actions.")
        )
    values = _template_values({name: fields.get(name, "") for name in TEMPLATE_FIELDS} | fields)
    with transaction.atomic():
        proposal = Proposal(group=group, author=by, **values)
        proposal._history_user = by  # type: ignore[attr-defined]
        proposal.save()
        return proposal


def proposal_update(*, proposal: Proposal, by: User, **fields: str) -> Proposal:
    if not proposal.is_open:
        raise ValidationError(_("Une proposition adoptée ou non retenue ne peut plus être modifiée."))
    if not perms.can_edit_proposal(by, proposal):
        raise PermissionDenied(
            _("Seuls l'auteur·rice, le binôme pilote et le·la pilote QVT modifient la proposition.")
        )
    values = _template_values(fields)
    with transaction.atomic():
        for name, value in values.items():
            setattr(proposal, name, value)
        _save(proposal, by, [*values, "updated_at"])
    return proposal


def proposal_submit(*, proposal: Proposal, by: User) -> Proposal:
    if proposal.status != ProposalStatus.DRAFT:
        raise ValidationError(_("Seul un brouillon peut être soumis."))
    if not perms.can_edit_proposal(by, proposal):
        raise PermissionDenied(
            _("Seuls l'auteur·rice, le binôme pilote et le·la pilote QVT soumettent la proposition.")
        )
    with transaction.atomic():
        proposal.status = ProposalStatus.SUBMITTED
        _save(proposal, by, ["status", "updated_at"])
    return proposal


def proposal_check_criteria(
    *,
    proposal: Proposal,
    by: User,
    steerable: bool,
    concrete: bool,
    all_staff: bool,
    feasible: bool,
    note: str = "",
) -> Proposal:
    """Record which of the four criteria the proposal meets (programme lead or the group's leads)."""
    if not proposal.is_open:
        raise ValidationError(_("Les critères d'une proposition adoptée ou non retenue ne changent plus."))
    if not perms.can_check_criteria(by, proposal):
        raise PermissionDenied(_("Seuls le binôme pilote et le·la pilote QVT vérifient les critères."))
    check_lengths({"note": note.strip()}, {"note": NOTE_TEXT})
    with transaction.atomic():
        proposal.crit_steerable, proposal.crit_concrete = steerable, concrete
        proposal.crit_all_staff, proposal.crit_feasible = all_staff, feasible
        proposal.criteria_note = note.strip()
        proposal.criteria_checked_at = timezone.now()
        proposal.criteria_checked_by = by
        _save(
            proposal,
            by,
            [
                "crit_steerable",
                "crit_concrete",
                "crit_all_staff",
                "crit_feasible",
                "criteria_note",
                "criteria_checked_at",
                "criteria_checked_by",
                "updated_at",
            ],
        )
    return proposal


def proposal_comment(*, proposal: Proposal, by: User, text: str) -> ProposalComment:
    if not perms.can_comment(by, proposal):
        raise PermissionDenied(_("Vous ne pouvez pas commenter cette proposition."))
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Écrivez votre commentaire.")})
    check_lengths({"text": text}, {"text": COMMENT_TEXT})
    with transaction.atomic():
        comment = ProposalComment(proposal=proposal, author=by, text=text)
        comment._history_user = by  # type: ignore[attr-defined]
        comment.save()
        return comment


def _save_comment(comment: ProposalComment, by: User, fields: list[str]) -> None:
    comment._history_user = by  # type: ignore[attr-defined]
    comment.save(update_fields=fields)


def _check_comment_author(comment: ProposalComment, by: User) -> None:
    if not perms.can_correct_comment(by, comment):
        raise PermissionDenied(
            _("Seul·e l'auteur·rice corrige ou retire son commentaire, peu après l'avoir publié.")
        )


def comment_edit(*, comment: ProposalComment, by: User, text: str) -> ProposalComment:
    """Its author corrects a comment within the correction window (« modifié le … »)."""
    _check_comment_author(comment, by)
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Écrivez votre commentaire.")})
    check_lengths({"text": text}, {"text": COMMENT_TEXT})
    with transaction.atomic():
        comment.text, comment.edited_at = text, timezone.now()
        _save_comment(comment, by, ["text", "edited_at"])
    return comment


def comment_withdraw(*, comment: ProposalComment, by: User) -> ProposalComment:
    """Its author withdraws a comment: the page says « retiré par son auteur », the history keeps the text."""
    _check_comment_author(comment, by)
    with transaction.atomic():
        comment.withdrawn_at = timezone.now()
        _save_comment(comment, by, ["withdrawn_at"])
    return comment


def comment_hide(*, comment: ProposalComment, by: User, reason: str) -> ProposalComment:
    """The programme lead (or an administrator) hides any comment, with a reason shown in its place."""
    if not perms.can_hide_comment(by, comment):
        raise PermissionDenied(_("Seul·e le·la pilote QVT masque un commentaire."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Indiquez le motif du masquage.")})
    check_lengths({"reason": reason}, {"reason": REASON_TEXT})
    with transaction.atomic():
        comment.hidden_at, comment.hidden_by, comment.hidden_reason = timezone.now(), by, reason
        _save_comment(comment, by, ["hidden_at", "hidden_by", "hidden_reason"])
    return comment


def _action_concrete_text(proposal: Proposal) -> str:
    sections = [
        (None, proposal.proposed_action),
        (_("Conditions de réussite"), proposal.success_conditions),
        (_("Calendrier proposé"), proposal.proposed_calendar),
        (_("Critères et modalités d'évaluation"), proposal.evaluation),
    ]
    return "\n\n".join(f"{title} :\n{text}" if title else text for title, text in sections if text)


def proposal_adopt(*, proposal: Proposal, by: User, axis: Axis, number: int | None = None) -> Action:
    """Turn a submitted proposal meeting the four criteria into a new action of its plan, in ``axis``.

    The action takes the title, the problem as context, and the proposed action followed by the conditions of
    success, the proposed calendar and the evaluation as its concrete actions; ``number`` defaults to the next free
    number in the axis.
    """
    plan = proposal.group.plan
    if not perms.can_manage_groups(by, plan):
        raise PermissionDenied(_("Seul·e le·la pilote QVT adopte les propositions."))
    if proposal.status != ProposalStatus.SUBMITTED:
        raise ValidationError(_("Seule une proposition soumise peut être adoptée."))
    if not proposal.meets_all_criteria:
        raise ValidationError(
            _(
                "Cette proposition ne remplit pas les quatre critères (%(count)s sur 4) : "
                "vérifiez-les avant de l'adopter."
            )
            % {"count": proposal.criteria_met_count}
        )
    if axis.plan_id != plan.pk:
        raise ValidationError({"axis": _("Cet axe n'appartient pas au plan du groupe de travail.")})
    with transaction.atomic():
        if number is None:
            number = (Action.objects.filter(axis=axis).aggregate(m=Max("number"))["m"] or 0) + 1
        elif Action.objects.filter(axis=axis, number=number).exists():
            raise ValidationError(
                {"number": _("L'action %(code)s existe déjà.") % {"code": f"{axis.number}.{number}"}}
            )
        action = action_create(
            plan=plan,
            axis=axis,
            by=by,
            number=number,
            title=proposal.title,
            context=proposal.problem,
            concrete_actions=_action_concrete_text(proposal),
        )
        proposal.adopted_action = action
        proposal.status = ProposalStatus.ADOPTED
        _save(proposal, by, ["adopted_action", "status", "updated_at"])
        transaction.on_commit(
            lambda: signals.proposal_adopted.send(sender=Proposal, proposal=proposal, action=action, by=by)
        )
    return action


def proposal_decline(*, proposal: Proposal, by: User, reason: str) -> Proposal:
    if not perms.can_manage_groups(by, proposal.group.plan):
        raise PermissionDenied(_("Seul·e le·la pilote QVT décide des propositions."))
    if proposal.status != ProposalStatus.SUBMITTED:
        raise ValidationError(_("Seule une proposition soumise peut être déclarée non retenue."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Indiquez pourquoi la proposition n'est pas retenue.")})
    check_lengths({"reason": reason}, {"reason": NOTE_TEXT})
    with transaction.atomic():
        proposal.status = ProposalStatus.DECLINED
        proposal.decline_reason = reason
        _save(proposal, by, ["status", "decline_reason", "updated_at"])
    return proposal
