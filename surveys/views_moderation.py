"""The comment moderation queue of a campaign, for programme leads."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from core.http import AuthedHttpRequest
from surveys import moderation
from surveys.models import Comment, CommentStatus, Item
from surveys.perms import get_campaign_for_user, get_comment_for_user
from surveys.views import _crumbs, _page


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def comments(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    campaign = get_campaign_for_user(request, pk)
    if request.method == "POST":
        comment = get_comment_for_user(request, pk, request.POST.get("comment", ""))
        try:
            moderation.comment_moderate(
                comment=comment,
                by=request.user,
                publish=request.POST.get("decision") == "publish",
                moderated_text=request.POST.get("moderated_text", ""),
            )
            messages.success(request, _("Commentaire traité."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(
            reverse("surveys:comments", args=[campaign.pk]) + f"?page={request.GET.get('page', 1)}"
        )
    # Random UUIDs: ordering by id is an arbitrary order unrelated to when people answered. No unit is shown.
    pending = Comment.objects.filter(campaign=campaign, status=CommentStatus.PENDING).order_by("id")
    page = Paginator(pending, 20).get_page(request.GET.get("page"))
    questions = dict(Item.objects.filter(questionnaire=campaign.questionnaire).values_list("key", "text"))
    names = moderation.known_names(organisation=campaign.organisation)
    rows = [
        (
            comment,
            questions.get(comment.item_key, comment.item_key),
            moderation.suggest_redaction(comment.text, names=names),
        )
        for comment in page
    ]
    counts = {
        status: Comment.objects.filter(campaign=campaign, status=status).count()
        for status in CommentStatus.values
    }
    return _page(
        request,
        "surveys/comments.html",
        _("Modération des commentaires"),
        _crumbs(
            (campaign.title, reverse("surveys:campaign_detail", args=[campaign.pk])), (_("Commentaires"), "")
        ),
        campaign=campaign,
        rows=rows,
        page=page,
        counts=counts,
    )
