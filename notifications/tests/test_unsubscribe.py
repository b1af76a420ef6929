"""One-click unsubscription through a signed link (no sign-in), and the signed-in person's subscriptions page."""

import re

import pytest
from django.urls import reverse

from core.tests.smtp import body_of
from notifications.models import Preference
from plans import services as plan_services
from plans.models import ActionStatus

pytestmark = pytest.mark.django_db

LINK = re.compile(r"http://testserver(/notifications/desabonnement/[^/\s]+/)")


@pytest.fixture
def status_email(client, smtp_server, agent, action, action_lead, django_capture_on_commit_callbacks):
    """The agent follows the action and gets its status-change e-mail; the client is signed out again."""
    client.force_login(agent)
    client.post(reverse("notifications:follow", args=[action.pk]), {"suivre": "1"})
    client.logout()
    with django_capture_on_commit_callbacks(execute=True):
        plan_services.action_update(action=action, by=action_lead, status=ActionStatus.IN_PROGRESS)
    assert len(smtp_server.messages) == 1
    return smtp_server.messages[0]


def change_status(action, by, status, capture):
    with capture(execute=True):
        plan_services.action_update(action=action, by=by, status=status)


def test_the_link_of_the_email_unsubscribes_signed_out_after_a_confirmation(
    client, status_email, smtp_server, agent, action, action_lead, django_capture_on_commit_callbacks
):
    path = LINK.search(body_of(status_email)).group(1)
    page = client.get(path)
    assert page.status_code == 200 and "Confirmer le désabonnement" in page.content.decode()
    assert not Preference.objects.filter(user=agent).exists()  # a GET (a mail scanner) changes nothing
    done = client.post(path)
    assert done.status_code == 200 and "vous ne recevrez plus ces e-mails" in done.content.decode()
    preference = Preference.objects.get(user=agent)
    assert preference.follows is False and preference.digest is True
    change_status(action, action_lead, ActionStatus.DELAYED, django_capture_on_commit_callbacks)
    assert len(smtp_server.messages) == 1


def test_mail_clients_one_click_post_unsubscribes(client, status_email, agent):
    url = "".join(status_email["List-Unsubscribe"].split())[1:-1]
    response = client.post(
        url.removeprefix("http://testserver"),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200 and Preference.objects.get(user=agent).follows is False


def test_a_tampered_link_is_refused_with_a_french_message(client, status_email, agent):
    path = LINK.search(body_of(status_email)).group(1)
    token = path.split("/")[-2]
    tampered = path.replace(token, token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb"))
    for response in (client.get(tampered), client.post(tampered)):
        assert response.status_code == 400
        assert "Ce lien de désabonnement n'est pas valide" in response.content.decode()
    assert not Preference.objects.filter(user=agent).exists()


def test_a_link_signed_for_another_purpose_is_refused(client, agent):
    from django.core import signing

    token = signing.dumps({"u": agent.pk, "k": "follows"}, salt="autre-usage")
    response = client.get(reverse("notifications:unsubscribe", kwargs={"token": token}))
    assert response.status_code == 400


def test_the_subscriptions_page_lists_followed_actions_and_saves_choices(client, agent, action):
    client.force_login(agent)
    client.post(reverse("notifications:follow", args=[action.pk]), {"suivre": "1"})
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert "1.1 — Former à la relation à l&#x27;usager" in page and "Ne plus suivre" in page
    response = client.post(reverse("notifications:preferences"), {"follows": "on"}, follow=True)
    assert "Vos préférences sont enregistrées." in response.content.decode()
    preference = Preference.objects.get(user=agent)
    assert preference.digest is False and preference.follows is True
    response = client.post(
        reverse("notifications:follow", args=[action.pk]),
        {"suivre": "0", "next": reverse("notifications:preferences")},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("notifications:preferences")
    assert "Vous ne suivez aucune action." in response.content.decode()


def test_the_follow_form_never_redirects_to_another_site(client, agent, action):
    client.force_login(agent)
    response = client.post(
        reverse("notifications:follow", args=[action.pk]), {"suivre": "1", "next": "https://example.org/"}
    )
    assert response["Location"] == reverse("plans:action", args=[action.pk])
