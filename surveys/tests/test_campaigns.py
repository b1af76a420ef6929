"""Campaign life cycle: create, lock at opening, invitations, reminders, close, publish, paper codes, participation."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from analytics.services import results_build
from core.tests.factories import PersonFactory, RoleGrantFactory, UnitFactory
from surveys import crypto, selectors, services
from surveys.models import (
    Ballot,
    Campaign,
    Comment,
    CommentStatus,
    Draft,
    InvitationKey,
    PaperCode,
    Response,
    scale_decode,
)
from surveys.tasks import refresh_open_participation
from surveys.tests.box import name_trustees, open_box
from surveys.tests.conftest import TOKEN_IN_LINK, make_campaign, open_and_collect_tokens, valid_answers

pytestmark = pytest.mark.django_db


def test_thresholds_can_never_be_set_below_five_respondents_and_ten_comments(
    organisation, barometer, root_unit, programme_lead
):
    with pytest.raises(ValidationError) as error:
        make_campaign(organisation, barometer, [root_unit], programme_lead, min_respondents=3, min_comments=9)
    assert set(error.value.message_dict) == {"min_respondents", "min_comments"}
    campaign = make_campaign(organisation, barometer, [root_unit], programme_lead, min_respondents=8)
    assert (campaign.min_respondents, campaign.min_comments) == (8, 10)


def test_population_is_active_people_of_chosen_subtrees_matching_filters(
    organisation, barometer, school, root_unit, staff, programme_lead, django_capture_on_commit_callbacks
):
    PersonFactory(organisation=organisation, unit=school, user=None, email="parti@test.fr", is_active=False)
    PersonFactory(
        organisation=organisation, unit=school, user=None, email="contrat@test.fr", status="contractuel"
    )
    elsewhere = UnitFactory(organisation=organisation, parent=root_unit, code="AILLEURS")
    PersonFactory(organisation=organisation, unit=elsewhere, user=None, email="ailleurs@test.fr")
    campaign = make_campaign(
        organisation, barometer, [school], programme_lead, attribute_filters={"status": ["titulaire"]}
    )
    open_and_collect_tokens(campaign, programme_lead, django_capture_on_commit_callbacks)
    assert campaign.invitations.count() == 12
    assert {i.person.unit_id for i in campaign.invitations.select_related("person")} == {school.pk}


def test_thresholds_attributes_and_population_are_locked_once_open(open_campaign, root_unit, school):
    campaign, _tokens = open_campaign
    for change in (
        {"min_respondents": 6},
        {"reporting_attributes": ["gender"]},
        {"attribute_filters": {"status": ["x"]}},
        {"results_shared_with_staff": False},
    ):
        with pytest.raises(ValidationError, match="ne peuvent plus être modifiés"):
            services.campaign_update(campaign=campaign, **change)
    with pytest.raises(ValidationError):
        services.campaign_update(campaign=campaign, units=[school])
    services.campaign_update(campaign=campaign, invitation_message="Nouveau message", units=[root_unit])
    assert Campaign.objects.get(pk=campaign.pk).invitation_message == "Nouveau message"


def test_campaign_opens_only_once_and_counts_people_without_email(open_campaign, programme_lead):
    campaign, tokens = open_campaign
    assert len(tokens) == 13 and campaign.invitations.filter(email_status="no_email").count() == 2
    with pytest.raises(ValidationError):
        services.campaign_open(campaign=campaign, by=programme_lead)


def test_reminders_go_only_to_those_who_have_not_answered_nor_opted_out(
    open_campaign, programme_lead, django_capture_on_commit_callbacks
):
    campaign, tokens = open_campaign
    services.response_submit(token=tokens[0], raw=valid_answers())
    services.invitation_opt_out(token=tokens[1])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.campaign_remind(campaign=campaign, by=programme_lead)
    assert len(mail.outbox) == 11
    assert all(m.subject.startswith("Relance") for m in mail.outbox)
    new_token = TOKEN_IN_LINK.search(mail.outbox[0].body).group(1)
    assert services.answer_start(token=new_token) == campaign
    assert services.answer_start(token=tokens[2]) == campaign  # the first link keeps working


def test_close_empties_the_pool_and_drafts_then_only_a_programme_lead_publishes(
    open_campaign, programme_lead, admin_user
):
    campaign, tokens = open_campaign
    services.response_submit(token=tokens[0], raw=valid_answers())
    services.draft_save(campaign=campaign, token=tokens[1], raw={"rel_ambiance": "3"})
    with pytest.raises(ValidationError, match="après la clôture"):
        services.campaign_publish(campaign=campaign, by=programme_lead)
    services.campaign_close(campaign=campaign, by=programme_lead)
    assert Ballot.objects.count() == 1 and not Draft.objects.exists()
    with pytest.raises(services.SubmissionRefused, match="plus valable"):
        services.response_submit(token=tokens[2], raw=valid_answers())
    from surveys import perms

    assert perms.can_publish(programme_lead, campaign) and not perms.can_publish(admin_user, campaign)
    open_box(campaign, campaign.test_keys)
    results_build(campaign=campaign)  # published only once built
    services.campaign_publish(campaign=campaign, by=programme_lead)
    assert Campaign.objects.get(pk=campaign.pk).status == "published"


def test_results_selectors_give_unit_attributes_answers_and_moderated_comments(open_campaign, school):
    campaign, tokens = open_campaign
    services.response_submit(
        token=tokens[0], raw=valid_answers(txt_ameliorer="Jean est super", be_evolution="mieux")
    )
    for token in tokens[1:5]:
        services.response_submit(token=token, raw=valid_answers(be_global=3))
    services.campaign_close(campaign=campaign, by=None)
    open_box(campaign, campaign.test_keys)
    campaign.refresh_from_db()
    rows = list(selectors.responses_for_results(campaign))
    assert len(rows) == 5
    decoded = [(u, a, scale_decode(campaign.scale_keys, scale)) for u, a, scale in rows]
    ((unit_id, attributes, scale_answers),) = [row for row in decoded if row[2]["be_global"] == 7]
    assert set(attributes) == {"gender", "category"}
    assert scale_answers == {"be_global": 7, "rel_ambiance": 4, "cond_charge": 2, "impl_avis": -2}
    (stored,) = [r for r in Response.objects.filter(campaign=campaign) if r.answer_values()["be_global"] == 7]
    assert stored.answers == {"be_evolution": "mieux"}  # the choices; the scale answers are bytes
    assert stored.answer_values() == {
        "be_global": 7,
        "rel_ambiance": 4,
        "cond_charge": 2,
        "impl_avis": -2,
        "be_evolution": "mieux",
    }
    assert list(selectors.comments_for_results(campaign)) == []
    Comment.objects.update(status=CommentStatus.PUBLISHED, moderated_text="[prénom] est super")
    assert list(selectors.comments_for_results(campaign)) == [
        (unit_id, "txt_ameliorer", "[prénom] est super")
    ]


def test_paper_codes_are_single_use_hashed_and_carry_no_attributes(
    client, open_campaign, programme_lead, school
):
    campaign, _tokens = open_campaign
    client.force_login(programme_lead)
    page = client.post(f"/barometre/campagnes/{campaign.pk}/codes-papier/", {"unit": school.code, "count": 5})
    html = page.content.decode()
    assert page.status_code == 200 and html.count("data:image/svg+xml") == 5
    assert PaperCode.objects.count() == 5
    shown = [line.strip() for line in html.split('class="qv-code-value">')[1:]]
    code = shown[0].split("<")[0]
    assert crypto.token_hash(code) in set(PaperCode.objects.values_list("code_hash", flat=True))
    assert code not in str(list(PaperCode.objects.values()))
    codes = [line.split("<")[0] for line in shown]
    for code in codes:
        services.response_submit(token=code, raw=valid_answers())
    with pytest.raises(services.SubmissionRefused):
        services.response_submit(token=code, raw=valid_answers())
    services.campaign_close(campaign=campaign, by=None)
    open_box(campaign, campaign.test_keys)
    assert [r.attributes for r in Response.objects.all()] == [{"gender": "nc", "category": "nc"}] * 5
    assert set(Response.objects.values_list("unit_id", flat=True)) == {school.pk}


def test_participation_page_for_programme_lead_and_scoped_manager_only(
    client, open_campaign, programme_lead, manager, agent
):
    campaign, _tokens = open_campaign
    refresh_open_participation.call()
    url = f"/barometre/campagnes/{campaign.pk}/participation/"
    client.force_login(agent)
    assert client.get(url).status_code == 403
    client.force_login(manager)
    html = client.get(url).content.decode()
    assert "Collège Victor-Hugo" in html and "Rectorat" not in html.split("<caption")[1]
    client.force_login(programme_lead)
    assert "Rectorat" in client.get(url).content.decode()


def test_programme_lead_creates_opens_and_follows_a_campaign_from_the_pages(
    client, organisation, barometer, root_unit, staff, programme_lead, django_capture_on_commit_callbacks
):
    client.force_login(programme_lead)
    today = timezone.localdate()
    data = {
        "title": "Baromètre 2027",
        "questionnaire": barometer.pk,
        "units": root_unit.code,
        "reporting_attributes": ["gender"],
        "opens_on": today.isoformat(),
        "closes_on": (today + datetime.timedelta(days=10)).isoformat(),
        "min_respondents": 5,
        "min_comments": 10,
    }
    assert client.post("/barometre/campagnes/nouvelle/", {**data, "min_respondents": 4}).status_code == 200
    response = client.post("/barometre/campagnes/nouvelle/", data)
    campaign = Campaign.objects.get(title="Baromètre 2027")
    assert response["Location"] == f"/barometre/campagnes/{campaign.pk}/"
    refused = client.post(f"/barometre/campagnes/{campaign.pk}/ouvrir/", {"confirm": "oui"}, follow=True)
    assert "Nommez au moins 3 dépositaires" in refused.content.decode()
    name_trustees(campaign)
    with django_capture_on_commit_callbacks(execute=True):
        opened = client.post(f"/barometre/campagnes/{campaign.pk}/ouvrir/", {"confirm": "oui"})
    assert opened["Location"].startswith("/taches/")
    assert "100 %" in client.get(opened["Location"]).content.decode()
    page = client.get(f"/barometre/campagnes/{campaign.pk}/")
    assert "Relancer" in page.content.decode() and "verrouillés" in page.content.decode()
    assert client.get("/barometre/").status_code == 200


def test_agent_sees_surveys_to_answer_and_cannot_manage(client, open_campaign, organisation, school):
    campaign, _tokens = open_campaign
    person = PersonFactory(organisation=organisation, unit=school)
    invitation = campaign.invitations.create(person=person, unit=school, reporting_unit=school)
    InvitationKey.objects.create(invitation=invitation, campaign=campaign)  # as ``campaign_open`` makes it
    client.force_login(person.user)
    html = client.get("/barometre/").content.decode()
    assert campaign.title in html and "Nouvelle campagne" not in html
    assert client.get(f"/barometre/campagnes/{campaign.pk}/").status_code == 403
    RoleGrantFactory(user=person.user, organisation=organisation, role="programme_lead", unit=school)
    assert (
        client.get(f"/barometre/campagnes/{campaign.pk}/").status_code == 403
    )  # a unit scope does not manage


MANAGEMENT_PAGES = [
    "/barometre/questionnaires/",
    "/barometre/campagnes/nouvelle/",
    "/barometre/campagnes/{pk}/",
    "/barometre/campagnes/{pk}/modifier/",
    "/barometre/campagnes/{pk}/relancer/",
    "/barometre/campagnes/{pk}/clore/",
    "/barometre/campagnes/{pk}/codes-papier/",
    "/barometre/campagnes/{pk}/participation/",
]


@pytest.mark.parametrize("url", MANAGEMENT_PAGES)
def test_management_pages_render_for_programme_lead_and_are_refused_to_others(
    client, open_campaign, programme_lead, agent, outsider, url
):
    campaign, _tokens = open_campaign
    about_campaign = "{pk}" in url
    url = url.format(pk=campaign.pk)
    client.force_login(programme_lead)
    page = client.get(url)
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    client.force_login(agent)
    assert client.get(url).status_code == 403
    client.force_login(outsider)  # a programme lead elsewhere: never sees this organisation's campaign
    if about_campaign:
        assert client.get(url).status_code == 404
    else:
        assert campaign.title not in client.get(url).content.decode()


def test_locked_campaign_form_keeps_thresholds_and_saves_the_message(client, open_campaign, programme_lead):
    campaign, _tokens = open_campaign
    client.force_login(programme_lead)
    url = f"/barometre/campagnes/{campaign.pk}/modifier/"
    data = {
        "title": campaign.title,
        "closes_on": campaign.closes_on.isoformat(),
        "invitation_subject": "Objet",
        "invitation_message": "Message modifié",
        "help_text": campaign.help_text,
        "min_respondents": 5,
    }
    assert client.post(url, data).status_code == 302
    campaign.refresh_from_db()
    assert campaign.invitation_message == "Message modifié" and campaign.min_respondents == 5


def test_sharing_results_with_agents_is_on_by_default_and_set_in_the_form_before_opening(
    client, organisation, barometer, root_unit, programme_lead
):
    campaign = make_campaign(organisation, barometer, [root_unit], programme_lead)
    assert campaign.results_shared_with_staff
    client.force_login(programme_lead)
    url = f"/barometre/campagnes/{campaign.pk}/modifier/"
    form = client.get(url).content.decode()
    assert 'name="results_shared_with_staff"' in form and "Partager les résultats avec les agents" in form
    data = {
        "title": campaign.title,
        "questionnaire": barometer.pk,
        "units": root_unit.code,
        "opens_on": campaign.opens_on.isoformat(),
        "closes_on": campaign.closes_on.isoformat(),
        "min_respondents": 5,
        "min_comments": 10,
    }
    assert client.post(url, data).status_code == 302  # an unticked box
    campaign.refresh_from_db()
    assert not campaign.results_shared_with_staff
    assert client.post(url, {**data, "results_shared_with_staff": "on"}).status_code == 302
    campaign.refresh_from_db()
    assert campaign.results_shared_with_staff


def test_an_administrator_cannot_publish_results(open_campaign, admin_user, programme_lead):
    from django.core.exceptions import PermissionDenied

    campaign, _tokens = open_campaign
    services.campaign_close(campaign=campaign, by=programme_lead)
    with pytest.raises(PermissionDenied):
        services.campaign_publish(campaign=campaign, by=admin_user)


def test_default_texts_sent_to_staff_stay_in_french_when_the_programme_lead_reads_english(
    client, organisation, barometer, root_unit, programme_lead
):
    client.force_login(programme_lead)
    client.post(reverse("set_language"), {"language": "en", "next": "/barometre/"})
    today = timezone.localdate()
    data = {
        "title": "Baromètre 2028",
        "questionnaire": barometer.pk,
        "units": root_unit.code,
        "opens_on": today.isoformat(),
        "closes_on": (today + datetime.timedelta(days=10)).isoformat(),
        "min_respondents": 5,
        "min_comments": 10,
    }
    assert client.post("/barometre/campagnes/nouvelle/", data).status_code == 302
    campaign = Campaign.objects.get(title="Baromètre 2028")
    assert campaign.invitation_subject == "Baromètre QVCT : votre avis compte"
    assert (
        campaign.invitation_message.startswith("Bonjour,") and "médecine de prévention" in campaign.help_text
    )


def test_campaign_management_keeps_djangos_full_csrf_origin_check(
    organisation, barometer, root_unit, programme_lead
):
    """Only the answering pages (sent with no referrer) accept « Origin: null »; management forms do not."""
    campaign = make_campaign(organisation, barometer, [root_unit], programme_lead)
    client = Client(enforce_csrf_checks=True)
    client.force_login(programme_lead)
    client.get(reverse("surveys:campaign_detail", args=[campaign.pk]))
    token = client.cookies["csrftoken"].value
    url = reverse("surveys:campaign_close", args=[campaign.pk])
    assert client.post(url, {"csrfmiddlewaretoken": token}, HTTP_ORIGIN="null").status_code == 403
    assert (
        client.post(url, {"csrfmiddlewaretoken": token}, HTTP_ORIGIN="http://testserver").status_code == 302
    )
