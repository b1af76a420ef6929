"""Stored responses keep their scale answers as one signed byte per item (``Response.scale``), in the order of
``Campaign.scale_keys``; ``Response.answers`` keeps the choices. Existing responses are converted here."""

from typing import Any

from django.db import migrations, models

SCALE_KINDS = ("agree5", "scale10")
BATCH = 2000


def _encode(keys: list[str], answers: dict[str, Any]) -> bytes:
    codes = bytearray()
    for key in keys:
        value = answers.get(key)
        ok = isinstance(value, int) and not isinstance(value, bool) and -2 <= value <= 127
        codes.append((value if ok else -1) & 0xFF)
    return bytes(codes)


def forwards(apps: Any, schema_editor: Any) -> None:
    Campaign = apps.get_model("surveys", "Campaign")
    Item = apps.get_model("surveys", "Item")
    Response = apps.get_model("surveys", "Response")
    for campaign in Campaign.objects.filter(pk__in=Response.objects.values("campaign_id")).order_by("pk"):
        keys = list(
            Item.objects.filter(questionnaire_id=campaign.questionnaire_id, kind__in=SCALE_KINDS)
            .order_by("position", "pk")
            .values_list("key", flat=True)
        )
        campaign.scale_keys = keys
        campaign.save(update_fields=["scale_keys"])
        taken = set(keys)
        pks = list(Response.objects.filter(campaign_id=campaign.pk).values_list("pk", flat=True))
        for start in range(0, len(pks), BATCH):
            rows = list(Response.objects.filter(pk__in=pks[start : start + BATCH]))
            for row in rows:
                given = row.answers or {}
                row.scale = _encode(keys, given)
                row.answers = {k: v for k, v in given.items() if k not in taken}
            Response.objects.bulk_update(rows, ["scale", "answers"])


def backwards(apps: Any, schema_editor: Any) -> None:
    Campaign = apps.get_model("surveys", "Campaign")
    Response = apps.get_model("surveys", "Response")
    for campaign in Campaign.objects.exclude(scale_keys=[]).order_by("pk"):
        keys = list(campaign.scale_keys)
        pks = list(Response.objects.filter(campaign_id=campaign.pk).values_list("pk", flat=True))
        for start in range(0, len(pks), BATCH):
            rows = list(Response.objects.filter(pk__in=pks[start : start + BATCH]))
            for row in rows:
                codes = [c - 256 if c > 127 else c for c in bytes(row.scale)]
                row.answers = {**{k: c for k, c in zip(keys, codes) if c != -1}, **(row.answers or {})}
            Response.objects.bulk_update(rows, ["answers"])


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0005_invitation_partial_token_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="campaign",
            name="scale_keys",
            field=models.JSONField(blank=True, default=list, editable=False),
        ),
        migrations.AddField(
            model_name="response",
            name="scale",
            field=models.BinaryField(default=b""),
        ),
        migrations.RunPython(forwards, backwards),
    ]
