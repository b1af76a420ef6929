"""Copy every organisation's ``Organisation.network`` into a ``NetworkMembership`` before organisations drop it.

Memberships become the one source of truth for who belongs to a network. An organisation in which someone holds a
network facilitator grant is copied as the network's host (that is how its facilitators kept organising the
network's events); any other as a plain member. Existing memberships are left as they are.
"""

from django.db import migrations


def copy_memberships(apps, schema_editor):
    Organisation = apps.get_model("organisations", "Organisation")
    NetworkMembership = apps.get_model("practices", "NetworkMembership")
    RoleGrant = apps.get_model("accounts", "RoleGrant")
    facilitating = set(
        RoleGrant.objects.filter(role="network_facilitator").values_list("organisation_id", flat=True)
    )
    for organisation_id, network_id in Organisation.objects.filter(network__isnull=False).values_list(
        "pk", "network_id"
    ):
        NetworkMembership.objects.get_or_create(
            network_id=network_id,
            organisation_id=organisation_id,
            defaults={"is_host": organisation_id in facilitating},
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("organisations", "0005_organisation_stale_update_days"),
        ("practices", "0001_initial"),
    ]

    operations = [migrations.RunPython(copy_memberships, migrations.RunPython.noop)]
