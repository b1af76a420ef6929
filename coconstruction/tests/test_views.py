import pytest
from django.urls import reverse

from coconstruction.models import Proposal, ProposalComment, ProposalStatus, WorkingGroup
from coconstruction.tests.conftest import TEMPLATE
from core.tests.factories import ActionFactory
from plans.models import Action

pytestmark = pytest.mark.django_db


def test_full_flow_from_member_draft_to_plan_action(client, group, agent, programme_lead, axis, axis2):
    ActionFactory(axis=axis2, number=1)
    client.force_login(agent)
    response = client.post(reverse("coconstruction:proposal_create", args=[group.pk]), TEMPLATE)
    proposal = Proposal.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "coconstruction:proposal", args=[proposal.pk]
    )
    client.post(reverse("coconstruction:proposal_submit", args=[proposal.pk]))
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED

    client.force_login(programme_lead)
    page = client.get(reverse("coconstruction:proposal", args=[proposal.pk])).content.decode()
    assert "Adopter comme action du plan" in page and "Vérifier les critères" in page
    criteria = {"steerable": "on", "concrete": "on", "all_staff": "on", "feasible": "on", "note": "OK"}
    client.post(reverse("coconstruction:proposal_criteria", args=[proposal.pk]), criteria)
    response = client.post(
        reverse("coconstruction:proposal_adopt", args=[proposal.pk]), {"axis": axis2.pk}, follow=True
    )
    assert "action 2.2 du plan" in response.content.decode()
    action = Action.objects.get(title=TEMPLATE["title"])
    assert action.axis == axis2 and action.code == "2.2" and action.plan == group.plan
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ADOPTED and proposal.adopted_action == action


def test_adopt_page_explains_missing_criteria(client, submitted, programme_lead, axis):
    client.force_login(programme_lead)
    response = client.post(reverse("coconstruction:proposal_adopt", args=[submitted.pk]), {"axis": axis.pk})
    assert response.status_code == 200
    assert "ne remplit pas les quatre critères (0 sur 4)" in response.content.decode()
    assert not Action.objects.exists()


def test_decline_without_reason_shows_a_french_error(client, submitted, programme_lead):
    client.force_login(programme_lead)
    response = client.post(reverse("coconstruction:proposal_decline", args=[submitted.pk]), {"reason": ""})
    assert "Indiquez pourquoi la proposition n&#x27;est pas retenue." in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == ProposalStatus.SUBMITTED
    client.post(reverse("coconstruction:proposal_decline", args=[submitted.pk]), {"reason": "Hors champ"})
    submitted.refresh_from_db()
    assert submitted.status == ProposalStatus.DECLINED
    assert (
        "Hors champ" in client.get(reverse("coconstruction:proposal", args=[submitted.pk])).content.decode()
    )


def test_proposal_form_shows_french_field_errors(client, group, agent):
    client.force_login(agent)
    response = client.post(
        reverse("coconstruction:proposal_create", args=[group.pk]), {**TEMPLATE, "problem": ""}
    )
    html = response.content.decode()
    assert "Décrivez la problématique à traiter." in html
    assert "Énoncé de la problématique à traiter" in html and "Proposition de calendrier" in html
    assert not Proposal.objects.exists()


def test_comment_with_htmx_returns_the_comments_section_as_a_fresh_page_would(client, submitted, other_agent):
    client.force_login(other_agent)
    url = reverse("coconstruction:proposal_comment", args=[submitted.pk])
    fragment = client.post(
        url, {"text": "Très utile pour les contractuels"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert fragment.lstrip().startswith('<section id="commentaires"')
    page = client.get(reverse("coconstruction:proposal", args=[submitted.pk])).content.decode()
    start = page.index('<section id="commentaires"')
    fresh = page[start : page.index("</section>", start) + len("</section>")]
    assert _lines(fragment) == _lines(fresh)
    assert "Très utile pour les contractuels" in fragment


def test_comment_without_htmx_redirects_to_the_proposal(client, submitted, other_agent):
    client.force_login(other_agent)
    response = client.post(reverse("coconstruction:proposal_comment", args=[submitted.pk]), {"text": "Merci"})
    assert response.status_code == 302 and response["Location"].endswith("#commentaires")
    assert ProposalComment.objects.get().text == "Merci"
    response = client.post(reverse("coconstruction:proposal_comment", args=[submitted.pk]), {"text": ""})
    assert "Écrivez votre commentaire." in response.content.decode()


def test_index_lists_only_the_current_organisations_groups(client, group, agent, outsider):
    from core.tests.factories import PlanFactory

    other_plan = PlanFactory(organisation=outsider.people.get().organisation)
    WorkingGroup.objects.create(plan=other_plan, name="Groupe d'ailleurs")
    client.force_login(agent)
    html = client.get(reverse("coconstruction:index")).content.decode()
    assert "Groupe de l&#x27;axe 1" in html and "ailleurs" not in html


def test_programme_lead_creates_and_edits_a_group(client, plan, axis, programme_lead, agent, group_lead):
    client.force_login(programme_lead)
    data = {
        "plan": plan.pk,
        "name": "Axe 1",
        "axis": axis.pk,
        "leads": "binome@test.fr",
        "members": "agent@test.fr\n",
    }
    response = client.post(reverse("coconstruction:group_create"), data)
    group = WorkingGroup.objects.get()
    assert response.status_code == 302
    assert [p.user for p in group.leads.all()] == [group_lead]
    response = client.post(
        reverse("coconstruction:group_edit", args=[group.pk]),
        {"name": "Axe 1 bis", "axis": axis.pk, "leads": "", "members": "inconnu@nulle-part.fr"},
    )
    assert "Personne inconnue dans l&#x27;organisation : inconnu@nulle-part.fr." in response.content.decode()
    edit_page = client.get(reverse("coconstruction:group_edit", args=[group.pk])).content.decode()
    assert "binome@test.fr" in edit_page


def test_group_page_shows_composition_at_a_glance(client, group, agent, other_unit, organisation):
    from core.tests.factories import PersonFactory

    group.members.add(
        PersonFactory(organisation=organisation, unit=other_unit, gender="M", job_family="Infirmier")
    )
    client.force_login(agent)
    html = client.get(reverse("coconstruction:group", args=[group.pk])).content.decode()
    assert "3 personnes au total" in html
    assert "Répartition femmes / hommes" in html and "Origine géographique" in html and "Métiers" in html
    assert '<th scope="row">Jura</th><td>1</td>' in html
    assert '<th scope="row">Doubs</th><td>2</td>' in html


def _lines(html):
    return [line.strip() for line in html.strip().splitlines() if "csrfmiddlewaretoken" not in line]


# --- Permissions: every view × every role ---

VIEW_ROLES = ["agent", "programme_lead", "group_lead", "other_agent", "staff_rep"]


def _url(name, group, proposal):
    target = group.pk if name in {"group", "group_edit", "proposal_create"} else proposal.pk
    return reverse(f"coconstruction:{name}", args=[target])


@pytest.mark.parametrize(
    ("name", "allowed"),
    [
        ("group", {"agent", "programme_lead", "group_lead", "other_agent", "staff_rep"}),
        ("group_edit", {"programme_lead"}),
        ("proposal_create", {"agent", "programme_lead", "group_lead"}),
        ("proposal", {"agent", "programme_lead", "group_lead"}),  # a draft stays within the group
        ("proposal_edit", {"agent", "programme_lead", "group_lead"}),
    ],
)
def test_get_permissions_per_role(client, request, group, proposal, name, allowed):
    for role in VIEW_ROLES:
        client.force_login(request.getfixturevalue(role))
        status = client.get(_url(name, group, proposal)).status_code
        assert status == (200 if role in allowed else 403), (name, role, status)


@pytest.mark.parametrize("name", ["group", "group_edit", "proposal_create", "proposal", "proposal_edit"])
def test_other_organisations_get_404_and_anonymous_visitors_are_sent_to_login(
    client, group, proposal, outsider, name
):
    response = client.get(_url(name, group, proposal))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    client.force_login(outsider)
    assert client.get(_url(name, group, proposal)).status_code == 404


@pytest.mark.parametrize(
    ("name", "data", "allowed"),
    [
        ("proposal_criteria", {"steerable": "on"}, {"programme_lead", "group_lead"}),
        ("proposal_adopt", {}, {"programme_lead"}),
        ("proposal_decline", {}, {"programme_lead"}),
        (
            "proposal_comment",
            {"text": "Un avis"},
            {"agent", "programme_lead", "group_lead", "other_agent", "staff_rep"},
        ),
    ],
)
def test_post_permissions_per_role_on_a_submitted_proposal(
    client, request, group, submitted, outsider, name, data, allowed
):
    for role in VIEW_ROLES:
        client.force_login(request.getfixturevalue(role))
        status = client.post(_url(name, group, submitted), data).status_code
        assert (status != 403) == (role in allowed), (name, role, status)
    client.force_login(outsider)
    assert client.post(_url(name, group, submitted), data).status_code == 404


def test_submitted_proposals_are_readable_by_all_staff_but_drafts_only_by_the_group(
    client, group, proposal, other_agent
):
    client.force_login(other_agent)
    assert client.get(reverse("coconstruction:proposal", args=[proposal.pk])).status_code == 403
    assert proposal.title not in client.get(reverse("coconstruction:group", args=[group.pk])).content.decode()
    proposal.status = ProposalStatus.SUBMITTED
    proposal.save()
    assert client.get(reverse("coconstruction:proposal", args=[proposal.pk])).status_code == 200


def test_group_creation_is_for_the_programme_lead(client, agent, programme_lead):
    client.force_login(agent)
    assert client.get(reverse("coconstruction:group_create")).status_code == 403
    client.force_login(programme_lead)
    assert client.get(reverse("coconstruction:group_create")).status_code == 200


def test_submit_by_another_member_is_refused(client, proposal, other_agent, group):
    from organisations.models import Person

    group.members.add(Person.objects.get(user=other_agent))
    client.force_login(other_agent)
    assert client.post(reverse("coconstruction:proposal_submit", args=[proposal.pk])).status_code == 403
