"""In Chromium, the whole life of a sealed ballot box, and a reader of the database before and after the count.

The programme lead names three trustees; each creates their key (one with a passphrase); the campaign opens and
e-mails go out through a real SMTP server; agents answer; the lead closes; two trustees deposit their keys; the
lead opens the box and builds the results, which appear. A copy of the tables taken before close and one taken
after the count tie no stored answer to anyone.
"""

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.models import Role
from analytics.tests.test_results_browser import sign_in
from core.tests.factories import RoleGrantFactory, UserFactory
from core.tests.smtp import body_of
from organisations.models import Unit
from surveys import services
from surveys.models import Campaign, Response
from surveys.tests.attacks import join_attack, read_copy
from surveys.tests.conftest import valid_answers

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TOKEN = re.compile(r"/barometre/repondre/#([0-9A-Z-]+)")


def _create_key(page: Page, live_server, campaign: Campaign, passphrase: str = "") -> str:
    page.goto(live_server.url + reverse("surveys:index"))
    page.get_by_role("link", name="créer ma clé").click()
    if passphrase:
        page.get_by_label("Phrase secrète (facultative)").fill(passphrase)
        page.get_by_label("Phrase secrète, à nouveau").fill(passphrase)
    page.get_by_role("button", name="Créer et afficher ma clé").click()
    expect(page.get_by_role("heading", name="Votre clé, affichée une seule fois")).to_be_visible()
    return page.locator("pre.qv-trustee-key").inner_text().strip()


def _deposit(page: Page, live_server, campaign: Campaign, key: str, passphrase: str = "") -> None:
    page.goto(live_server.url + reverse("surveys:trustee_deposit", args=[campaign.pk]))
    page.get_by_label("Votre clé de dépositaire").fill(key)
    if passphrase:
        page.get_by_label("Phrase secrète (si vous en avez choisi une)").fill(passphrase)
    page.get_by_role("button", name="Déposer ma clé").click()
    expect(page.get_by_text("Elle sera effacée dès l'ouverture de l'urne")).to_be_visible()


def test_trustees_seal_and_open_the_box_and_a_database_reader_ties_no_answer_to_anyone(
    live_server,
    page: Page,
    smtp_server,
    settings,
    organisation,
    barometer,
    root_unit,
    staff,
    programme_lead,
    staff_rep,
):
    settings.SITE_URL = live_server.url
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    second_rep = UserFactory(email="f3sct@test.fr", first_name="Camille", last_name="Élue")
    RoleGrantFactory(user=second_rep, organisation=organisation, role=Role.STAFF_REP)
    campaign = services.campaign_create(
        organisation=organisation,
        questionnaire=barometer,
        title="Baromètre scellé",
        units=[root_unit],
        opens_on=timezone.localdate(),
        closes_on=timezone.localdate(),
        by=programme_lead,
        reporting_attributes=["gender"],
    )

    sign_in(page, live_server, programme_lead)
    page.goto(live_server.url + reverse("surveys:campaign_trustees", args=[campaign.pk]))
    expect(page.get_by_text("les réponses seront perdues")).to_be_visible()
    for user in (programme_lead, staff_rep, second_rep):
        page.locator(
            "label.fr-label", has_text=user.get_full_name()
        ).click()  # DSFR: the label covers the box
    page.get_by_role("spinbutton", name="Quorum").fill("2")
    page.get_by_role("button", name="Enregistrer les dépositaires").click()
    expect(page.get_by_text("chacun·e doit maintenant créer sa clé")).to_be_visible()

    keys = {programme_lead.pk: _create_key(page, live_server, campaign)}
    page.context.clear_cookies()
    sign_in(page, live_server, staff_rep)
    keys[staff_rep.pk] = _create_key(page, live_server, campaign, passphrase="notre phrase du CSA 2026")
    assert keys[staff_rep.pk].startswith("QVCLEP1-")
    page.context.clear_cookies()
    sign_in(page, live_server, second_rep)
    keys[second_rep.pk] = _create_key(page, live_server, campaign)

    page.context.clear_cookies()
    sign_in(page, live_server, programme_lead)
    page.goto(live_server.url + reverse("surveys:campaign_detail", args=[campaign.pk]))
    page.get_by_role("link", name="Ouvrir et envoyer les invitations").click()
    expect(page.get_by_text("14 invitation(s) seront envoyées par e-mail")).to_be_visible()
    page.get_by_role("button", name="Confirmer l'ouverture").click()
    expect(page.get_by_role("progressbar")).to_have_attribute("value", "100")
    tokens = [TOKEN.search(body_of(m)).group(1) for m in smtp_server.messages if TOKEN.search(body_of(m))]
    assert len(tokens) == 14  # twelve staff, the programme lead and the staff representative
    for n, token in enumerate(tokens[:9]):
        services.response_submit(token=token, raw=valid_answers(be_global=n % 11, txt_ameliorer=f"Idée {n}"))
    before = read_copy(campaign.pk)

    page.goto(live_server.url + reverse("surveys:campaign_detail", args=[campaign.pk]))
    page.get_by_role("link", name="Clore la campagne").click()
    page.get_by_role("button", name="Confirmer la clôture").click()
    expect(page.get_by_text("La campagne est close")).to_be_visible()

    page.context.clear_cookies()
    sign_in(page, live_server, staff_rep)
    _deposit(page, live_server, campaign, keys[staff_rep.pk], passphrase="notre phrase du CSA 2026")
    page.context.clear_cookies()
    sign_in(page, live_server, second_rep)
    _deposit(page, live_server, campaign, keys[second_rep.pk])
    expect(page.get_by_text("le quorum est atteint")).to_be_visible()

    page.context.clear_cookies()
    sign_in(page, live_server, programme_lead)
    page.goto(live_server.url + reverse("analytics:index"))
    page.get_by_role("button", name="Ouvrir l'urne et calculer les résultats").click()
    expect(page.get_by_text("Les résultats sont prêts")).to_be_visible()
    page.goto(live_server.url + reverse("analytics:campaign", args=[campaign.pk]))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Baromètre scellé")

    after = read_copy(campaign.pk)
    assert len(after.responses) == Response.objects.filter(campaign=campaign).count() == 9
    assert not after.ballots and not after.used
    parent = dict(Unit.objects.filter(organisation=organisation).values_list("pk", "parent_id"))
    outcome = join_attack(before, after, parent)
    assert not {1, 2, 3, 4} & set(outcome), outcome
