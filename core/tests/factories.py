"""factory_boy factories for the foundation models, with traits for the usual cases."""

import factory

from accounts.models import RoleGrant, User
from organisations.models import Organisation, Person, Unit
from organisations.services import unit_refresh_path
from plans.models import Action, Axis, Plan, Visibility


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"personne{n}@exemple.fr")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    password = factory.django.Password("un-mot-de-passe-solide-42")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"organisation-{n}")
    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = "education"

    class Params:
        state = factory.Trait(is_state_service=True, brand_lines="Académie|de Test")


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    organisation = factory.SubFactory(OrganisationFactory)
    code = factory.Sequence(lambda n: f"U{n:05d}")
    name = factory.Sequence(lambda n: f"Unité {n}")
    unit_type = "Établissement"
    departement = "Doubs"
    region = "Bourgogne-Franche-Comté"

    @factory.post_generation
    def _path(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            unit_refresh_path(unit=obj)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    organisation = factory.LazyAttribute(lambda o: o.unit.organisation)
    unit = factory.SubFactory(UnitFactory)
    hr_id = factory.Sequence(lambda n: f"HR{n:06d}")
    user = factory.SubFactory(UserFactory)
    first_name = factory.LazyAttribute(lambda o: o.user.first_name if o.user else "Prénom")
    last_name = factory.LazyAttribute(lambda o: o.user.last_name if o.user else "Nom")
    email = factory.LazyAttribute(lambda o: o.user.email if o.user else "")
    job_family = "Enseignant"
    category = "A"
    status = "titulaire"
    gender = "F"
    age_band = "30-39"


class RoleGrantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleGrant

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = "agent"


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    organisation = factory.SubFactory(OrganisationFactory)
    title = "Plan d'action QVT 2023-2027"
    first_school_year = 2023
    last_school_year = 2026
    status = "adopted"
    visibility = Visibility.STAFF

    class Params:
        public = factory.Trait(visibility=Visibility.PUBLIC)
        private = factory.Trait(visibility=Visibility.PRIVATE, status="draft")


class AxisFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Axis

    plan = factory.SubFactory(PlanFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Axe de test {n}")


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    axis = factory.SubFactory(AxisFactory)
    plan = factory.LazyAttribute(lambda o: o.axis.plan)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Action de test {n}")
