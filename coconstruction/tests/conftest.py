import pytest

from coconstruction.models import Proposal, WorkingGroup
from core.tests.factories import AxisFactory, PersonFactory, PlanFactory, UnitFactory, UserFactory
from organisations.models import Person

TEMPLATE = {
    "title": "Accueillir les nouveaux arrivants",
    "problem": "Les nouveaux personnels se sentent isolés à leur arrivée.",
    "proposed_action": "Un livret d'accueil et un parrainage dans chaque service.",
    "success_conditions": "Des parrains volontaires et formés.",
    "proposed_calendar": "Rentrée 2024 : deux bassins pilotes ; 2025 : généralisation.",
    "evaluation": "Enquête des nouveaux arrivants, taux de parrainage.",
}


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """The user factory sets a password; scrypt would cost most of each test's time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def plan(organisation):
    return PlanFactory(organisation=organisation, status="draft")


@pytest.fixture
def axis(plan):
    return AxisFactory(plan=plan, number=1, title="Des relations de travail inclusives et bienveillantes")


@pytest.fixture
def axis2(plan):
    return AxisFactory(plan=plan, number=2, title="Accompagner les personnels")


@pytest.fixture
def group_lead(organisation, school):
    person = PersonFactory(organisation=organisation, unit=school, user=UserFactory(email="binome@test.fr"))
    return person.user


@pytest.fixture
def group(plan, axis, agent, group_lead):
    group = WorkingGroup.objects.create(plan=plan, axis=axis, name="Groupe de l'axe 1")
    group.members.set(Person.objects.filter(user=agent))
    group.leads.set(Person.objects.filter(user=group_lead))
    return group


@pytest.fixture
def other_agent(organisation, school):
    """Staff of the organisation, not in the group."""
    return PersonFactory(organisation=organisation, unit=school, user=UserFactory(email="autre@test.fr")).user


@pytest.fixture
def proposal(group, agent):
    return Proposal.objects.create(group=group, author=agent, **TEMPLATE)


@pytest.fixture
def submitted(proposal):
    proposal.status = "submitted"
    proposal.save()
    return proposal


@pytest.fixture
def eligible(submitted):
    submitted.crit_steerable = submitted.crit_concrete = submitted.crit_all_staff = (
        submitted.crit_feasible
    ) = True
    submitted.save()
    return submitted


@pytest.fixture
def other_unit(organisation, root_unit):
    return UnitFactory(organisation=organisation, parent=root_unit, code="DSDEN39", departement="Jura")
