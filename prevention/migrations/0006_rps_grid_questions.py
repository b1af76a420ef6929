"""Freeze the questions of every RPS grid already answered: their wording and family as they are now (the best
record left of what was asked), so that later rewording or deactivation changes neither the grid nor its means."""

from django.db import migrations, models


def freeze_questions(apps, schema_editor):
    RpsGrid = apps.get_model("prevention", "RpsGrid")
    RpsQuestion = apps.get_model("prevention", "RpsQuestion")
    for grid in RpsGrid.objects.all():
        ids = [int(k) for k in grid.answers]
        found = {q.pk: q for q in RpsQuestion.objects.filter(pk__in=ids)}
        ordered = sorted((found[i] for i in ids if i in found), key=lambda q: (q.order, q.pk))
        grid.questions = [{"id": q.pk, "family": q.family, "text": q.text} for q in ordered]
        grid.save(update_fields=["questions"])


class Migration(migrations.Migration):
    dependencies = [
        ("prevention", "0005_work_unit_automatic_codes"),
    ]

    operations = [
        migrations.AddField(
            model_name="rpsgrid",
            name="questions",
            field=models.JSONField(default=list, verbose_name="questions posées"),
        ),
        migrations.RunPython(freeze_questions, migrations.RunPython.noop),
    ]
