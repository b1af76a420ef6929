"""The demo barometer behind `make run`: two published years with synthetic answers, one campaign open now."""

from collections import defaultdict
from datetime import timedelta
from statistics import mean

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from core.models import Job, JobStatus
from demo.loader import load_demo
from demo.surveys_demo import DEMO_TOKEN, SMALL_TEAMS, STRUGGLING
from organisations.models import Unit
from surveys import crypto
from surveys.answering import check_answers
from surveys.models import (
    Ballot,
    Campaign,
    CampaignStatus,
    Comment,
    CommentStatus,
    EmailStatus,
    Invitation,
    InvitationKey,
    Item,
    Response,
)

pytestmark = pytest.mark.django_db
FAST_HASHER = "django.contrib.auth.hashers.MD5PasswordHasher"


def _campaign(org, year):
    return Campaign.objects.get(organisation=org, title=f"Baromètre QVT {year}")


def _favourable(campaign, dimension, units=None):
    items = {i.key: i for i in Item.objects.filter(questionnaire=campaign.questionnaire, dimension=dimension)}
    votes = []
    rows = Response.objects.filter(campaign=campaign)
    if units is not None:
        rows = rows.filter(unit__in=units)
    for response in rows.select_related("campaign"):
        for key, value in response.answer_values().items():
            if key in items and value != -2:
                votes.append(value in items[key].favourable_values)
    return mean(votes)


def test_two_yearly_campaigns_are_published_with_about_sixty_percent_of_the_staff_answering(demo):
    for year in (2024, 2025):
        campaign = _campaign(demo, year)
        assert campaign.status == CampaignStatus.PUBLISHED and campaign.published_at.year == year
        invited = campaign.invitations.count()
        answered = Response.objects.filter(campaign=campaign).count()
        assert invited >= 2900
        assert 0.55 * invited <= answered <= 0.65 * invited
        assert not InvitationKey.objects.filter(campaign=campaign).exists()  # who answered is erased at close
        assert not Ballot.objects.filter(campaign=campaign).exists() and campaign.box_opened_at is not None
        assert set(campaign.reporting_attributes) == {"job_family", "category", "gender", "age_band"}


def test_nobody_was_emailed_and_every_sending_job_says_so(demo):
    invitations = Invitation.objects.filter(campaign__organisation=demo)
    assert not invitations.filter(email_status=EmailStatus.PENDING).exists()
    keys = InvitationKey.objects.filter(campaign__organisation=demo)
    assert not keys.exclude(pk__in=_demo_invitation_pk()).exclude(token_hash=None).exists()
    jobs = Job.objects.filter(organisation=demo, kind="survey_invitations")
    assert jobs.count() == 3
    assert all(job.status == JobStatus.DONE and "aucun e-mail" in job.message for job in jobs)


def _demo_invitation_pk():
    return InvitationKey.objects.filter(token_hash=crypto.token_hash(DEMO_TOKEN)).values_list("pk", flat=True)


def test_stored_answers_are_valid_submissions_carrying_no_link_to_a_person(demo):
    person_fields = {"person", "invitation", "token", "token_hash", "user", "email", "created_at", "ip"}
    for model in (Response, Comment):
        assert not {f.name for f in model._meta.get_fields()} & person_fields
    campaign = _campaign(demo, 2025)
    items = list(Item.objects.filter(questionnaire=campaign.questionnaire).order_by("position"))
    rows = list(Response.objects.filter(campaign=campaign).select_related("campaign")[:200])
    allowed_units = set(Unit.objects.filter(organisation=demo).values_list("pk", flat=True))
    for row in rows:
        answers = row.answer_values()
        raw = {k: [str(c) for c in v] if isinstance(v, list) else str(v) for k, v in answers.items()}
        clean, errors = check_answers(items, raw)
        assert not errors and clean == answers
        assert row.unit_id in allowed_units
        assert set(row.attributes) == set(campaign.reporting_attributes)


def test_results_differ_believably_between_units_and_years(demo):
    before, after = _campaign(demo, 2024), _campaign(demo, 2025)
    dimensions = ("relations", "service_public", "sens", "conditions", "implication", "reconnaissance")
    scores = {d: _favourable(after, d) for d in dimensions}
    assert min(scores, key=scores.get) == "reconnaissance"
    assert mean(scores.values()) > mean(_favourable(before, d) for d in dimensions)
    doubs = Unit.objects.subtree(Unit.objects.get(organisation=demo, code="DSDEN25"))
    assert _favourable(after, "relations", doubs) > _favourable(before, "relations", doubs) + 0.1
    struggling = Unit.objects.filter(organisation=demo, code__in=STRUGGLING)
    assert _favourable(after, "conditions", struggling) < _favourable(after, "conditions") - 0.15


def test_small_teams_have_fewer_than_five_respondents_so_their_answers_are_stored_with_their_parent(demo):
    campaign = _campaign(demo, 2025)
    per_unit = defaultdict(int)
    for unit_id in Response.objects.filter(campaign=campaign).values_list("unit_id", flat=True):
        per_unit[unit_id] += 1
    assert min(per_unit.values()) >= campaign.min_respondents
    for code in SMALL_TEAMS:
        unit = Unit.objects.get(organisation=demo, code=code)
        assert campaign.invitations.filter(reporting_unit=unit).count() >= campaign.min_respondents
        assert per_unit[unit.pk] == 0 and per_unit[unit.parent_id] >= campaign.min_respondents


def test_every_stored_combination_of_unit_and_attributes_covers_five_respondents(demo):
    for year in (2024, 2025):
        campaign = _campaign(demo, year)
        combos = defaultdict(int)
        for unit_id, attributes in Response.objects.filter(campaign=campaign).values_list(
            "unit_id", "attributes"
        ):
            combos[(unit_id, tuple(sorted(attributes.items())))] += 1
        assert min(combos.values()) >= campaign.min_respondents


def test_open_campaign_keeps_its_ballots_sealed_and_the_demo_trustees_keys_open_nothing_else(demo):
    campaign = _campaign(demo, 2026)
    assert campaign.box_public_key is not None and campaign.trustees.count() == 3
    ballots = list(Ballot.objects.filter(campaign=campaign).values_list("sealed", flat=True))
    assert len(ballots) > 500 and len({len(bytes(b)) for b in ballots}) == 1
    assert not Response.objects.filter(campaign=campaign).exists()


def test_about_thirty_published_comments_per_year_with_a_few_units_past_the_threshold(demo):
    for year in (2024, 2025):
        campaign = _campaign(demo, year)
        comments = Comment.objects.filter(campaign=campaign)
        assert 25 <= comments.count() <= 35
        assert not comments.exclude(status=CommentStatus.PUBLISHED).exists()
        per_unit_item = defaultdict(int)
        for unit_id, key in comments.values_list("unit_id", "item_key"):
            per_unit_item[unit_id, key] += 1
        assert sum(n >= campaign.min_comments for n in per_unit_item.values()) >= 2


def test_the_open_campaign_runs_from_a_week_ago_for_three_more_weeks(demo):
    campaign = _campaign(demo, 2026)
    today = timezone.localdate()
    assert campaign.status == CampaignStatus.OPEN
    assert (campaign.opens_on, campaign.closes_on) == (today - timedelta(days=7), today + timedelta(days=21))
    assert campaign.invitations.count() >= 2900
    assert 0 < Ballot.objects.filter(campaign=campaign).count() < campaign.invitations.count() / 2


def test_the_demo_invitation_link_opens_the_first_page_of_the_open_barometer(demo, client):
    invitation = Invitation.objects.get(pk__in=_demo_invitation_pk())
    assert invitation.person.email == "agent@demo.qualivie.fr" and not invitation.key.used
    assert invitation.campaign.title == "Baromètre QVT 2026"
    started = client.post(reverse("surveys:answer_start"), {"code": crypto.format_token(DEMO_TOKEN)})
    assert started.status_code == 302
    key = started.url.rstrip("/").split("/")[-1]
    first = client.get(reverse("surveys:answer_page", args=[key, 1]))
    assert first.status_code == 200
    assert "Ambiance et relations de travail" in first.content.decode()


def test_demo_accounts_prints_the_demo_invitation_link(demo, capsys, monkeypatch):
    monkeypatch.setenv("SITE_URL", "http://127.0.0.1:8123")
    call_command("demo_accounts")
    out = capsys.readouterr().out
    assert f"http://127.0.0.1:8123/barometre/repondre/#{crypto.format_token(DEMO_TOKEN)}" in out
    assert "DÉMONSTRATION" in out
    assert "Pilote QVT" in out and "Représentant·e du personnel" in out  # role names in French
    assert "programme_lead" not in out and "staff_rep" not in out


def test_second_load_changes_nothing(demo):
    models = (Campaign, Invitation, Response, Comment, Ballot, Job)
    before = [m.objects.count() for m in models]
    assert load_demo() is False
    assert [m.objects.count() for m in models] == before


def test_results_of_both_closed_campaigns_are_built_when_the_analytics_app_can(demo):
    analytics = pytest.importorskip("analytics.models")
    result_set = getattr(analytics, "ResultSet", None)
    if result_set is None:
        pytest.skip("analytics has no ResultSet yet")
    built = set(
        result_set.objects.filter(campaign__organisation=demo).values_list("campaign__title", flat=True)
    )
    assert built == {"Baromètre QVT 2024", "Baromètre QVT 2025"}
