"""Demo data: a synthetic education authority running the 2023-2027 plan. Idempotent."""

from django.db import transaction

from accounts.models import RoleGrant, User
from core.demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD
from organisations.models import Organisation, Person, Unit

DEMO_SLUG = "academie-demo"


@transaction.atomic
def load_demo() -> bool:
    if Organisation.objects.filter(slug=DEMO_SLUG).exists():
        return False
    org = Organisation.objects.create(
        slug=DEMO_SLUG,
        name="Académie de Besançon (démonstration)",
        short_name="Académie démo",
        kind="education",
        is_state_service=True,
        brand_lines="Académie|de Besançon",
    )
    root = Unit.objects.create(organisation=org, code="RECTORAT", name="Rectorat", unit_type="Rectorat")
    root.path, root.depth = f"/{root.pk}/", 0
    root.save(update_fields=["path", "depth"])
    dsden = Unit.objects.create(
        organisation=org, code="DSDEN25", name="DSDEN du Doubs", parent=root, unit_type="DSDEN"
    )
    dsden.path, dsden.depth = f"{root.path}{dsden.pk}/", 1
    dsden.save(update_fields=["path", "depth"])
    for i, account in enumerate(DEMO_ACCOUNTS):
        user = User.objects.create_user(
            account.email, DEMO_PASSWORD, first_name=account.first_name, last_name=account.last_name
        )
        Person.objects.create(
            organisation=org,
            hr_id=f"DEMO{i:04d}",
            user=user,
            email=account.email,
            first_name=account.first_name,
            last_name=account.last_name,
            unit=root,
        )
        if account.role != "agent":
            unit = Unit.objects.get(organisation=org, code=account.unit_code) if account.unit_code else None
            RoleGrant.objects.create(user=user, organisation=org, unit=unit, role=account.role)
    return True
