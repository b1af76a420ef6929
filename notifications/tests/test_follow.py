"""Following an action: the button on the action page, the status-change e-mail (real SMTP server), and the
authors of an adopted proposal who follow its action automatically."""

from email.header import decode_header, make_header

import pytest
from django.urls import reverse

from coconstruction import services as coco_services
from core.models import Job, JobStatus
from core.tests.smtp import body_of
from notifications.models import Follow
from organisations.models import Person
from plans import services as plan_services
from plans.models import ActionStatus, Visibility

pytestmark = pytest.mark.django_db


def subject_of(message):
    return str(make_header(decode_header(message["Subject"])))


def test_the_action_page_loads_the_follow_button_with_a_plain_link_as_fallback(client, agent, action):
    client.force_login(agent)
    page = client.get(reverse("plans:action", args=[action.pk])).content.decode()
    url = reverse("notifications:follow", args=[action.pk])
    assert f'hx-get="{url}"' in page and 'hx-trigger="load"' in page and f'href="{url}"' in page


def test_an_agent_follows_then_stops_following_with_the_htmx_button(client, agent, action):
    client.force_login(agent)
    url = reverse("notifications:follow", args=[action.pk])
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "Suivre cette action" in fragment and "<html" not in fragment
    followed = client.post(url, {"suivre": "1"}, headers={"HX-Request": "true"}).content.decode()
    assert "Vous suivez cette action." in followed and "Ne plus suivre" in followed
    assert Follow.objects.filter(user=agent, action_lineage=action.lineage).exists()
    left = client.post(url, {"suivre": "0"}, headers={"HX-Request": "true"}).content.decode()
    assert "Vous ne suivez plus cette action." in left
    assert not Follow.objects.filter(user=agent).exists()


def test_without_javascript_the_link_opens_a_page_whose_button_brings_back_to_the_action(
    client, agent, action
):
    client.force_login(agent)
    url = reverse("notifications:follow", args=[action.pk])
    page = client.get(url).content.decode()
    assert "<html" in page and "Suivre cette action" in page and "Retour à l'action" in page
    response = client.post(
        url, {"suivre": "1", "next": reverse("plans:action", args=[action.pk])}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("plans:action", args=[action.pk])
    assert "Vous suivez cette action." in response.content.decode()


def test_an_invalid_follow_post_is_refused_in_french(client, agent, action):
    client.force_login(agent)
    response = client.post(reverse("notifications:follow", args=[action.pk]), {})
    assert response.status_code == 400
    assert "Indiquez s&#x27;il faut suivre l&#x27;action ou non." in response.content.decode()


def test_following_survives_a_revision_of_the_plan(client, action, plan, programme_lead):
    client.force_login(programme_lead)  # the revision is private until published
    client.post(reverse("notifications:follow", args=[action.pk]), {"suivre": "1"})
    revised = plan_services.plan_revise(plan=plan, by=programme_lead)
    new_action = revised.actions.get(lineage=action.lineage)
    fragment = client.get(
        reverse("notifications:follow", args=[new_action.pk]), headers={"HX-Request": "true"}
    )
    assert "Ne plus suivre" in fragment.content.decode()


def _follow(client, user, action):
    client.force_login(user)
    client.post(reverse("notifications:follow", args=[action.pk]), {"suivre": "1"})
    client.logout()


def test_a_follower_receives_the_status_change_email(
    client, smtp_server, agent, action_lead, action, django_capture_on_commit_callbacks
):
    _follow(client, agent, action)
    _follow(client, action_lead, action)
    with django_capture_on_commit_callbacks(execute=True):
        plan_services.action_update_post(
            action=action, by=action_lead, text="Le module démarre.", status=ActionStatus.IN_PROGRESS
        )
    # The lead who moved the status is not told about it; the agent is.
    assert [m["To"] for m in smtp_server.messages] == [agent.email]
    message = smtp_server.messages[0]
    assert subject_of(message) == "Action 1.1 : En cours"
    body = body_of(message)
    assert "À venir" in body and "En cours" in body and f"/plans/actions/{action.pk}/" in body
    assert "".join(message["List-Unsubscribe"].split()).startswith(
        "<http://testserver/notifications/desabonnement/"
    )
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    job = Job.objects.get(kind="notification_status")
    assert job.status == JobStatus.DONE and job.percent == 100


def test_a_follower_who_can_no_longer_read_the_action_gets_nothing(
    client,
    smtp_server,
    agent,
    staff_rep,
    programme_lead,
    action_lead,
    action,
    plan,
    django_capture_on_commit_callbacks,
):
    _follow(client, agent, action)
    _follow(client, programme_lead, action)
    plan_services.plan_publish(plan=plan, visibility=Visibility.PRIVATE, by=programme_lead)
    with django_capture_on_commit_callbacks(execute=True):
        plan_services.action_update(action=action, by=action_lead, status=ActionStatus.DELAYED)
    assert [m["To"] for m in smtp_server.messages] == [programme_lead.email]


def test_nobody_following_queues_no_job(smtp_server, action, action_lead, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        plan_services.action_update(action=action, by=action_lead, status=ActionStatus.DELAYED)
    assert not smtp_server.messages and not Job.objects.filter(kind="notification_status").exists()


def test_the_author_of_an_adopted_proposal_follows_its_action_and_hears_of_it(
    client, smtp_server, plan, axis, agent, programme_lead, action_lead, django_capture_on_commit_callbacks
):
    group = coco_services.working_group_create(
        plan=plan,
        by=programme_lead,
        name="Groupe de l'axe 1",
        axis=axis,
        members=[Person.objects.get(user=agent)],
    )
    proposal = coco_services.proposal_create(
        group=group,
        by=agent,
        title="Parrainer les nouveaux",
        problem="Les nouveaux se sentent isolés.",
        proposed_action="Un parrainage dans chaque service.",
        success_conditions="Des parrains volontaires.",
        proposed_calendar="Rentrée 2024.",
        evaluation="Taux de parrainage.",
    )
    coco_services.proposal_submit(proposal=proposal, by=agent)
    coco_services.proposal_check_criteria(
        proposal=proposal, by=programme_lead, steerable=True, concrete=True, all_staff=True, feasible=True
    )
    with django_capture_on_commit_callbacks(execute=True):
        adopted = coco_services.proposal_adopt(proposal=proposal, by=programme_lead, axis=axis)
    follow = Follow.objects.get(user=agent)
    assert follow.action_lineage == adopted.lineage and follow.origin == Follow.Origin.PROPOSAL
    client.force_login(agent)
    fragment = client.get(reverse("notifications:follow", args=[adopted.pk]), headers={"HX-Request": "true"})
    assert "Ne plus suivre" in fragment.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        plan_services.action_update(action=adopted, by=programme_lead, status=ActionStatus.IN_PROGRESS)
    assert [m["To"] for m in smtp_server.messages] == [agent.email]
    assert "Parrainer les nouveaux" in body_of(smtp_server.messages[0])
