"""French first, English available: the header's language button switches every page, and back."""

import gettext
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from core.tests.factories import ActionFactory, AxisFactory, PlanFactory


@pytest.fixture
def plan(organisation):
    plan = PlanFactory(organisation=organisation, public=True)
    ActionFactory(axis=AxisFactory(plan=plan, number=1, title="Mieux se connaître"), number=1)
    return plan


def _switch(client, language: str, next_url: str):
    """Press the header's language button, as a visitor would."""
    page = client.get(next_url).content.decode()
    form = re.search(r'<form method="post" action="([^"]+)" class="qv-lang">(.*?)</form>', page, re.S)
    assert form, "the header has a language switch"
    assert f'name="language" value="{language}"' in form.group(2)
    assert f'name="next" value="{next_url}"' in form.group(2)
    return client.post(form.group(1), {"language": language, "next": next_url})


@pytest.mark.django_db
def test_language_button_switches_home_login_and_plan_pages_to_english_and_back(client, organisation, plan):
    home, login, plan_url = (
        reverse("core:home"),
        reverse("accounts:login"),
        reverse("plans:detail", args=[plan.pk]),
    )

    response = _switch(client, "en", home)
    assert response.status_code == 302 and response["Location"] == home

    html = client.get(home).content.decode()
    assert '<html lang="en"' in html
    assert "Action plans" in html and "Sign in" in html and "Are you a staff member?" in html
    assert "Plans d'action" not in html
    assert 'name="language" value="fr" lang="fr">Français</button>' in html

    html = client.get(login).content.decode()
    assert '<html lang="en"' in html
    assert "Receive a sign-in link" in html and "Work e-mail address" in html

    html = client.get(plan_url).content.decode()
    assert '<html lang="en"' in html
    assert "Progress by axis" in html and "Axis 1" in html and "Mieux se connaître" in html

    response = _switch(client, "fr", plan_url)
    assert response.status_code == 302 and response["Location"] == plan_url
    html = client.get(plan_url).content.decode()
    assert '<html lang="fr"' in html and "Avancement par axe" in html and "Progress by axis" not in html
    assert 'name="language" value="en" lang="en">English</button>' in html


@pytest.mark.django_db
def test_english_form_errors_are_shown_in_english(client, organisation):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.post(reverse("accounts:login"), {"email": "pas-une-adresse"})
    assert "This e-mail address is not valid." in response.content.decode()


@pytest.mark.django_db
def test_visitors_who_have_not_chosen_get_french_whatever_their_browser_language(client, organisation):
    html = client.get(reverse("core:home"), HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9").content.decode()
    assert '<html lang="fr"' in html
    html = client.get(reverse("core:home"), HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9").content.decode()
    assert '<html lang="fr"' in html
    html = client.get(reverse("core:home"), HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9").content.decode()
    assert '<html lang="fr"' in html


def test_english_catalogue_is_complete_and_its_compiled_file_is_up_to_date():
    po_path = settings.BASE_DIR / "locale" / "en" / "LC_MESSAGES" / "django.po"
    po = po_path.read_text(encoding="utf-8")
    header, _, entries = po.partition("\n\n")
    assert "#, fuzzy" not in po
    assert not re.search(r'^msgstr(\[\d\])? ""\n(?!")', entries, re.M), "every msgid has an English msgstr"
    with po_path.with_suffix(".mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)._catalog  # type: ignore[attr-defined]
    msgids = {key[0] if isinstance(key, tuple) else key for key in compiled} - {""}
    assert len(msgids) == len(re.findall(r"^msgid ", entries, re.M)), "run compilemessages"
    with translation.override("en"):
        assert translation.gettext("Plans d'action") == "Action plans"
        assert translation.ngettext("%(n)s jalon", "%(n)s jalons", 2) % {"n": 2} == "2 milestones"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_header_language_button_switches_the_page_in_chromium(live_server, page, organisation):
    from playwright.sync_api import expect

    page.goto(live_server.url + reverse("accounts:login"))
    page.locator("header").get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(live_server.url + reverse("accounts:login"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    page.locator("header").get_by_role("button", name="Français").click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", level=1)).to_have_text("Connexion")


@pytest.mark.django_db
def test_a_respondent_who_chose_english_answers_the_survey_in_english(
    client, settings, organisation, root_unit, agent, programme_lead, django_capture_on_commit_callbacks
):
    from surveys import services as survey_services
    from surveys.models import Questionnaire
    from surveys.tests.conftest import make_campaign, open_and_collect_tokens

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.SURVEYS_SMTP_BACKOFF = 0
    survey_services.questionnaire_install_templates(organisation=organisation)
    barometer = Questionnaire.objects.get(organisation=organisation, family="barometre-qvct")
    campaign = make_campaign(organisation, barometer, [root_unit], programme_lead)
    token = open_and_collect_tokens(campaign, programme_lead, django_capture_on_commit_callbacks)[0]

    landing = reverse("surveys:answer")
    assert _switch(client, "en", landing).status_code == 302
    html = client.get(landing).content.decode()
    assert '<html lang="en"' in html and "Answer a survey" in html and "Your personal code" in html

    intro = client.post(reverse("surveys:answer_start"), {"code": token})
    html = client.get(intro["Location"]).content.decode()
    assert "Your anonymity" in html and "Estimated time: about 12 minutes." in html and "Start" in html
    assert "Votre anonymat" not in html

    page_url = intro["Location"] + "1/"
    html = client.get(page_url).content.decode()
    assert '<html lang="en"' in html and "Step 1 of" in html
    assert "Strongly agree" in html and "Not concerned" in html and "Tout à fait d" not in html
    assert "Save and continue later" in html and "Next step" in html
    # The questionnaire itself is the organisation's content: it stays as written (here, in French).
    assert "ambiance dans mon équipe est bonne." in html

    html = client.post(page_url, {"rel_ambiance": "9", "action": "next"}).content.decode()
    assert "One answer needs correcting; your other answers are kept." in html
    assert "Choose a value between 1 and 5." in html


@pytest.mark.django_db
def test_programme_lead_sees_the_barometer_page_in_english(client, organisation, programme_lead):
    client.force_login(programme_lead)
    index = reverse("surveys:index")
    _switch(client, "en", index)
    html = client.get(index).content.decode()
    assert '<html lang="en"' in html
    assert "Barometer and surveys" in html and "New campaign" in html and "My surveys to complete" in html
    assert "Baromètre et enquêtes" not in html
