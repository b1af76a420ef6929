import pytest

from accounts.models import ApiToken
from core.tests.factories import ActionFactory, AxisFactory, PlanFactory


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def plans(organisation, outsider):
    """Each visibility, in our organisation and in the outsider's."""
    other = outsider.people.get().organisation
    return {
        "public": PlanFactory(organisation=organisation, title="Plan public", public=True),
        "staff": PlanFactory(organisation=organisation, title="Plan des agents"),
        "private": PlanFactory(organisation=organisation, title="Plan en préparation", private=True),
        "other_public": PlanFactory(organisation=other, title="Plan public d'ailleurs", public=True),
        "other_staff": PlanFactory(organisation=other, title="Plan interne d'ailleurs"),
        "other_private": PlanFactory(organisation=other, title="Brouillon d'ailleurs", private=True),
    }


@pytest.fixture
def action(plans, action_lead):
    axis = AxisFactory(plan=plans["staff"], number=1, title="Relations de travail")
    action = ActionFactory(axis=axis, number=1, title="Accueillir les nouveaux", lead_roles="DRH")
    action.leads.add(action_lead)
    return action


@pytest.fixture
def token_for():
    def issue(user):
        return ApiToken.issue(user=user, name="Tableau de bord")[1]

    return issue
