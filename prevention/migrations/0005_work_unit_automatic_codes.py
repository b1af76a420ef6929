"""Give every work unit saved without a code the automatic one, ``UT<id>``: the forms pick a work unit by its code."""

from django.db import migrations


def fill(apps, schema_editor):
    WorkUnit = apps.get_model("prevention", "WorkUnit")
    for pk in WorkUnit.objects.filter(code="").values_list("pk", flat=True):
        WorkUnit.objects.filter(pk=pk).update(code=f"UT{pk}")


class Migration(migrations.Migration):
    dependencies = [("prevention", "0004_work_unit_code")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
