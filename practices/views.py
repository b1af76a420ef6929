"""Pages of the network: memberships, action stories (search, map, moderation) and the peer directory."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import perms as account_perms
from core.http import AuthedHttpRequest
from field import perms as field_perms
from field.models import SituationProblem
from organisations.tenancy import current_organisation
from plans import perms as plan_perms
from plans.models import Action
from practices import mapsvg, perms, selectors, services
from practices.forms import (
    InviteForm,
    MembershipForm,
    NetworkForm,
    PeerMessageForm,
    PeerProfileForm,
    ReturnForm,
    StoryFilterForm,
    StoryForm,
)
from practices.models import InvitationStatus, NetworkMembership, PeerProfile, Story

PAGE_SIZE = 20


def _crumbs(*extra: tuple[str, str]) -> list[tuple[str, str]]:
    return [(_("Réseau"), reverse("practices:index")), *extra]


def _apply_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@login_required
@require_GET
def index(request: AuthedHttpRequest) -> HttpResponse:
    organisation = current_organisation(request)
    memberships = list(selectors.memberships_of(organisation)) if organisation else []
    can_write = bool(organisation and perms.can_write_stories(request.user, organisation))
    facilitated = perms.facilitated_network_ids(request.user)
    context = {
        "memberships": memberships
        if organisation and account_perms.is_member(request.user, organisation)
        else [],
        "can_write": can_write,
        "own_stories": selectors.stories_of_organisation(organisation) if can_write else [],
        "facilitated": [
            (membership.network, list(selectors.memberships_of_network(membership.network_id)))
            for membership in NetworkMembership.objects.filter(
                network_id__in=facilitated, is_host=True
            ).select_related("network")
        ],
        "queue": selectors.moderation_queue(request.user),
        "invitations": organisation.network_invitations.filter(
            status=InvitationStatus.PENDING
        ).select_related("network")
        if can_write and organisation
        else [],
        "platform_admin": perms.is_platform_admin(request.user),
        "title": _("Réseau"),
        "breadcrumbs": [(_("Réseau"), "")],
    }
    return render(request, "practices/index.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def membership_edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    membership = perms.get_membership_for_user(request, pk)
    form = MembershipForm(request.POST or None, instance=membership)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Vos choix de partage sont enregistrés."))
        return redirect("practices:index")
    title = _("Ce que nous partageons avec %(network)s") % {"network": membership.network.name}
    context = {"form": form, "membership": membership, "title": title, "breadcrumbs": _crumbs((title, ""))}
    return render(request, "practices/membership_form.html", context)


# --- Managing networks: creation (platform administrators), members (facilitators), invitations ---------------


@login_required
@require_http_methods(["GET", "POST"])
def network_create(request: AuthedHttpRequest) -> HttpResponse:
    if not perms.is_platform_admin(request.user):
        raise PermissionDenied
    form = NetworkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            network = services.network_create(
                name=form.cleaned_data["name"],
                host=form.cleaned_data["host"],
                departement=form.cleaned_data["departement"],
                by=request.user,
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "Le réseau « %(name)s » est créé. Donnez le rôle « Animateur·rice réseau » dans %(host)s "
                    "aux personnes qui l'animeront."
                )
                % {"name": network.name, "host": form.cleaned_data["host"].name},
            )
            return redirect("practices:index")
    title = _("Nouveau réseau")
    context = {"form": form, "title": title, "breadcrumbs": _crumbs((title, ""))}
    return render(request, "practices/network_form.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def network_members(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """The facilitators' « Membres du réseau »: members, pending invitations, and inviting an organisation."""
    network = perms.get_network_for_facilitator(request, pk)
    query = (request.POST if request.method == "POST" else request.GET).get("q", "")[:100].strip()
    form = InviteForm(request.POST or None, network=network, query=query)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.network_invite(
                network=network, organisation=form.cleaned_data["organisation"], by=request.user
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "%(org)s est invitée : son ou sa pilote QVT reçoit l'invitation par courriel et la voit sur "
                    "la page Réseau."
                )
                % {"org": invitation.organisation.name},
            )
            return redirect("practices:network_members", pk=network.pk)
    title = _("Membres du réseau")
    context = {
        "network": network,
        "members": selectors.memberships_of_network(network.pk).order_by("organisation__name"),
        "invitations": network.invitations.filter(status=InvitationStatus.PENDING).select_related(
            "organisation"
        ),
        "form": form,
        "q": query,
        "choices": form.fields["organisation"].queryset.count(),  # type: ignore[attr-defined]
        "title": title,
        "breadcrumbs": _crumbs((network.name, ""), (title, "")),
    }
    return render(request, "practices/network_members.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def invitation_withdraw(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """A facilitator withdraws a pending invitation (nothing to confirm: the organisation can be invited again)."""
    invitation = perms.get_invitation_for_facilitator(request, pk)
    services.invitation_withdraw(invitation=invitation, by=request.user)
    messages.success(
        request,
        _("L'invitation de %(org)s est retirée ; vous pourrez l'inviter de nouveau.")
        % {"org": invitation.organisation.name},
    )
    return redirect("practices:network_members", pk=invitation.network_id)


def _end_page(
    request: AuthedHttpRequest, membership: NetworkMembership, *, leaving: bool, back: str
) -> HttpResponse:
    """Ending a membership cannot be undone by the one who ends it: a GET (or a POST without ``confirm``) asks."""
    if membership.is_host:
        messages.error(request, _("L'organisation animatrice ne peut pas quitter son propre réseau."))
        return redirect(back)
    if request.method == "POST" and request.POST.get("confirm") == "oui":
        services.membership_end(membership=membership, by=request.user)
        if leaving:
            text = _("Votre organisation a quitté le réseau « %(network)s ».")
        else:
            text = _("%(org)s n'est plus membre du réseau « %(network)s ».")
        messages.success(
            request, text % {"network": membership.network.name, "org": membership.organisation.name}
        )
        return redirect(back)
    title = _("Quitter le réseau") if leaving else _("Mettre fin à l'adhésion")
    context = {
        "membership": membership,
        "leaving": leaving,
        "back": back,
        "title": title,
        "breadcrumbs": _crumbs((membership.network.name, ""), (title, "")),
    }
    return render(request, "practices/membership_end.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def membership_end(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    membership = perms.get_membership_for_facilitator(request, pk)
    back = reverse("practices:network_members", args=[membership.network_id])
    return _end_page(request, membership, leaving=False, back=back)


@login_required
@require_http_methods(["GET", "POST"])
def membership_leave(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    membership = perms.get_membership_for_user(request, pk)
    return _end_page(request, membership, leaving=True, back=reverse("practices:index"))


@login_required
@require_http_methods(["GET", "POST"])
def invitation_answer(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """The invited organisation's programme lead accepts, choosing what it shares (the same form as later on)."""
    invitation = perms.get_invitation_for_user(request, pk)
    form = MembershipForm(request.POST or None, instance=NetworkMembership())
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_accept(
                invitation=invitation, membership=form.save(commit=False), by=request.user
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request,
                _("Votre organisation a rejoint le réseau « %(network)s ».")
                % {"network": invitation.network.name},
            )
            return redirect("practices:index")
    title = _("Rejoindre le réseau « %(network)s »") % {"network": invitation.network.name}
    context = {"form": form, "invitation": invitation, "title": title, "breadcrumbs": _crumbs((title, ""))}
    return render(request, "practices/invitation_answer.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def invitation_decline(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    invitation = perms.get_invitation_for_user(request, pk)
    services.invitation_decline(invitation=invitation, by=request.user)
    messages.success(
        request,
        _("L'invitation du réseau « %(network)s » est déclinée.") % {"network": invitation.network.name},
    )
    return redirect("practices:index")


# --- Stories: search, map, detail ----------------------------------------------------------------------------


def _filtered(request: HttpRequest) -> tuple[StoryFilterForm, Any, str]:
    form = StoryFilterForm(request.GET or None)
    stories = selectors.filter_stories(selectors.stories_visible_to(request.user), form.filters())
    query = urlencode({k: v for k, v in request.GET.items() if k != "page" and v})
    return form, stories, query


@require_GET
def story_search(request: HttpRequest) -> HttpResponse:
    form, stories, query = _filtered(request)
    page = Paginator(stories, PAGE_SIZE).get_page(request.GET.get("page"))
    title = _("Récits d'action et pratiques")
    context = {
        "form": form,
        "page": page,
        "query": query,
        "title": title,
        "breadcrumbs": _crumbs((title, "")),
    }
    return render(request, "practices/story_search.html", context)


@require_GET
def story_map(request: HttpRequest) -> HttpResponse:
    form, stories, query = _filtered(request)
    regions = selectors.map_counts(stories, request.user)
    counts = {dep.code: dep for region in regions for dep in region.departements}
    base = {k: v for k, v in request.GET.items() if k not in {"departement", "region", "page"} and v}
    shapes = []
    for shape in mapsvg.shapes():
        entry = counts[shape.code]
        link = reverse("practices:story_search") + "?" + urlencode({**base, "departement": shape.code})
        shapes.append({"shape": shape, "count": entry, "css": mapsvg.step_class(entry.stories), "url": link})
    title = _("Carte des récits et des membres")
    context = {
        "form": form,
        "query": query,
        "regions": regions,
        "shapes": shapes,
        "viewbox": mapsvg.VIEWBOX,
        "inset_size": mapsvg.INSET_SIZE,
        "total": stories.count(),
        "show_members": bool(perms.network_ids_for(request.user)),
        "title": title,
        "breadcrumbs": _crumbs((title, "")),
    }
    return render(request, "practices/story_map.html", context)


@require_GET
def story_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        story = perms.get_story_for_user(request, pk)
    except Http404:
        if not request.user.is_authenticated:  # a network story may be readable once signed in
            return redirect_to_login(request.get_full_path())
        raise
    context = {
        "story": story,
        "similar": selectors.similar_stories(story, selectors.stories_visible_to(request.user))
        if story.status == "published"
        else [],
        "can_edit": perms.can_edit_story(request.user, story),
        "can_moderate": perms.can_moderate(request.user, story),
        "can_revoke_contact": story.shows_contact
        and perms.can_write_stories(request.user, story.organisation),
        "title": story.title,
        "breadcrumbs": _crumbs((_("Récits"), reverse("practices:story_search")), (story.title, "")),
    }
    return render(request, "practices/story_detail.html", context)


# --- Stories: writing ---------------------------------------------------------------------------------------


def _writer_memberships(request: AuthedHttpRequest) -> tuple[Any, list[NetworkMembership]]:
    organisation = current_organisation(request)
    if organisation is None or not account_perms.is_member(request.user, organisation):
        raise PermissionDenied
    if not perms.can_write_stories(request.user, organisation):
        raise PermissionDenied
    memberships = list(selectors.memberships_of(organisation))
    if not memberships:
        raise PermissionDenied(_("Votre organisation n'est membre d'aucun réseau."))
    return organisation, memberships


def _story_form_page(
    request: AuthedHttpRequest,
    form: StoryForm,
    story: Story | None,
    actions: Any = (),
    situations: Any = (),
) -> HttpResponse:
    title = _("Modifier le récit") if story else _("Nouveau récit d'action")
    context = {
        "form": form,
        "story": story,
        "actions": actions,
        "situations": situations,
        "title": title,
        "breadcrumbs": _crumbs((title, "")),
    }
    return render(request, "practices/story_form.html", context)


def _save_story(request: AuthedHttpRequest, form: StoryForm) -> Story | None:
    if not form.is_valid():
        return None
    story = form.save(commit=False)
    try:
        return services.story_save(
            story=story, by=request.user, contact_consent=form.cleaned_data["contact_consent"]
        )
    except ValidationError as error:
        _apply_errors(form, error)
        return None


@login_required
@require_http_methods(["GET", "POST"])
def story_create(request: AuthedHttpRequest) -> HttpResponse:
    organisation, memberships = _writer_memberships(request)
    form = StoryForm(request.POST or None, memberships=memberships, instance=Story(organisation=organisation))
    if request.method == "POST" and (story := _save_story(request, form)):
        messages.success(request, _("Le récit est enregistré en brouillon."))
        return redirect("practices:story", pk=story.pk)
    actions = Action.objects.filter(plan__organisation=organisation).select_related("plan", "axis")[:200]
    situations = SituationProblem.objects.for_organisation(organisation.pk)[:200]
    return _story_form_page(request, form, None, actions, situations)


@login_required
@require_http_methods(["GET", "POST"])
def story_from_action(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    action = plan_perms.get_action_for_user(request, pk, manage=True)
    if not perms.can_write_stories(request.user, action.plan.organisation):
        raise PermissionDenied
    memberships = list(selectors.memberships_of(action.plan.organisation))
    if not memberships:
        raise PermissionDenied(_("Votre organisation n'est membre d'aucun réseau."))
    if request.method == "POST":
        story = services.story_from_action(
            action=action,
            network=memberships[0].network,
            organisation=action.plan.organisation,
            by=request.user,
        )
        messages.success(request, _("Le récit est prérempli à partir de l'action : complétez-le."))
        return redirect("practices:story_edit", pk=story.pk)
    title = _("Préremplir un récit à partir de l'action")
    context = {"action": action, "title": title, "breadcrumbs": _crumbs((title, ""))}
    return render(request, "practices/story_from_action.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def story_from_situation(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    situation = field_perms.get_situation_for_user(request, pk)
    if not perms.can_write_stories(request.user, situation.organisation):
        raise PermissionDenied
    memberships = list(selectors.memberships_of(situation.organisation))
    if not memberships:
        raise PermissionDenied(_("Votre organisation n'est membre d'aucun réseau."))
    closed = services.situation_is_closed(situation)
    if request.method == "POST" and closed:
        story = services.story_from_situation(
            situation=situation, network=memberships[0].network, by=request.user
        )
        messages.success(
            request, _("Le récit est prérempli à partir de la situation-problème : complétez-le.")
        )
        return redirect("practices:story_edit", pk=story.pk)
    title = _("Préremplir un récit à partir de la situation-problème")
    context = {"situation": situation, "closed": closed, "title": title, "breadcrumbs": _crumbs((title, ""))}
    return render(request, "practices/story_from_situation.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def story_edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    story = perms.get_story_for_user(request, pk, edit=True)
    memberships = list(selectors.memberships_of(story.organisation))
    form = StoryForm(request.POST or None, memberships=memberships, instance=story)
    if request.method == "POST" and _save_story(request, form):
        messages.success(request, _("Le récit est enregistré."))
        return redirect("practices:story", pk=story.pk)
    return _story_form_page(request, form, story)


@login_required
@require_POST
def story_submit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    story = perms.get_story_for_user(request, pk, edit=True)
    try:
        services.story_submit(story=story, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("practices:story_edit", pk=story.pk)
    messages.success(request, _("Le récit est transmis à l'animation du réseau pour modération."))
    return redirect("practices:story", pk=story.pk)


@login_required
@require_http_methods(["GET", "POST"])
def story_contact_revoke(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """The contact withdrew their consent: erasing them cannot be undone, so a GET asks for confirmation."""
    story = perms.get_story_for_user(request, pk)
    if not perms.can_write_stories(request.user, story.organisation):
        raise PermissionDenied
    if request.method == "POST" and request.POST.get("confirm") == "oui":
        services.story_contact_revoke(story=story, by=request.user)
        messages.success(request, _("Le contact a été retiré du récit."))
        return redirect("practices:story", pk=story.pk)
    title = _("Retirer le contact du récit")
    context = {"story": story, "title": title, "breadcrumbs": _crumbs((story.title, ""), (title, ""))}
    return render(request, "practices/story_contact_revoke.html", context)


# --- Moderation (facilitators) --------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def story_publish(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    story = perms.get_story_for_user(request, pk, moderate=True)
    if request.method == "POST" and request.POST.get("confirm") == "oui":
        try:
            services.story_publish(story=story, by=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Le récit est publié."))
        return redirect("practices:story", pk=story.pk)
    title = _("Publier le récit")
    context = {"story": story, "title": title, "breadcrumbs": _crumbs((story.title, ""), (title, ""))}
    return render(request, "practices/story_publish.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def story_return(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    story = perms.get_story_for_user(request, pk, moderate=True)
    form = ReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.story_return(story=story, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Le récit est renvoyé à son auteur·rice avec votre motif."))
            return redirect("practices:index")
    title = _("Renvoyer le récit")
    context = {
        "story": story,
        "form": form,
        "title": title,
        "breadcrumbs": _crumbs((story.title, ""), (title, "")),
    }
    return render(request, "practices/story_return.html", context)


@login_required
@require_POST
def story_remarkable(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    story = perms.get_story_for_user(request, pk, moderate=True)
    try:
        services.story_set_remarkable(
            story=story, by=request.user, remarkable=request.POST.get("remarquable") == "oui"
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("practices:story", pk=story.pk)


# --- Peer directory -------------------------------------------------------------------------------------------


@login_required
@require_GET
def peer_directory(request: AuthedHttpRequest) -> HttpResponse:
    if not perms.network_ids_for(request.user):
        raise PermissionDenied
    own = PeerProfile.objects.filter(user=request.user).first()
    title = _("Annuaire des pairs")
    context = {
        "peers": selectors.peers_visible_to(request.user),
        "own": own,
        "title": title,
        "breadcrumbs": _crumbs((title, "")),
    }
    return render(request, "practices/peer_directory.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def peer_profile_edit(request: AuthedHttpRequest) -> HttpResponse:
    network_ids = perms.member_network_ids(request.user)
    if not network_ids:
        raise PermissionDenied
    profile = (
        PeerProfile.objects.filter(user=request.user, network_id__in=network_ids).first() or PeerProfile()
    )
    form = PeerProfileForm(request.POST or None, instance=profile, network_ids=network_ids)
    if request.method == "POST" and form.is_valid():
        profile = form.save(commit=False)
        profile.organisation_id = (
            NetworkMembership.objects.filter(
                network=profile.network,
                organisation_id__in=account_perms.member_organisation_ids(request.user),
            )
            .values_list("organisation_id", flat=True)
            .first()
        )
        try:
            services.peer_profile_save(profile=profile, by=request.user)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Votre profil figure dans l'annuaire des pairs."))
            return redirect("practices:peer_directory")
    title = _("Mon profil de pair")
    context = {"form": form, "profile": profile, "title": title, "breadcrumbs": _crumbs((title, ""))}
    return render(request, "practices/peer_profile_form.html", context)


@login_required
@require_POST
def peer_profile_revoke(request: AuthedHttpRequest) -> HttpResponse:
    for profile in PeerProfile.objects.listed().filter(user=request.user):
        services.peer_profile_revoke(profile=profile)
    messages.success(
        request, _("Votre consentement est retiré : votre profil n'apparaît plus dans l'annuaire.")
    )
    return redirect("practices:peer_directory")


@login_required
@require_http_methods(["GET", "POST"])
def peer_contact(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    profile = perms.get_peer_for_user(request, pk)
    form = PeerMessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        message = services.peer_message_send(
            profile=profile,
            sender=request.user,
            subject=form.cleaned_data["subject"],
            body=form.cleaned_data["body"],
        )
        messages.success(request, _("Votre message part par e-mail ; votre adresse n'y figure pas."))
        assert message.job is not None
        return redirect("core:job", job_id=message.job.pk)
    title = _("Écrire à %(name)s") % {"name": profile.user.get_full_name() or _("ce pair")}
    context = {"form": form, "profile": profile, "title": title, "breadcrumbs": _crumbs((title, ""))}
    return render(request, "practices/peer_contact.html", context)


@login_required
@require_GET
def peer_reply(request: AuthedHttpRequest, token: str) -> HttpResponse:
    message = services.peer_message_reveal(message=perms.get_peer_message_for_user(request, token))
    title = _("Message de %(name)s") % {"name": message.sender.get_full_name() or message.sender.email}
    context = {"message": message, "title": title, "breadcrumbs": _crumbs((title, ""))}
    return render(request, "practices/peer_reply.html", context)
