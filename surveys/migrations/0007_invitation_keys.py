# The personal codes' hashes and the ``used`` flag move from the wide invitation to a narrow table erased at
# close (a DELETE of the campaign's rows, or a TRUNCATE), instead of an UPDATE rewriting every invitation.

import django.db.models.deletion
from django.db import migrations, models

COPY_SQL = """
INSERT INTO surveys_invitationkey (invitation_id, campaign_id, token_hash, reminder_token_hash, used)
SELECT i.id, i.campaign_id, i.token_hash, i.reminder_token_hash, i.used
FROM surveys_invitation i JOIN surveys_campaign c ON c.id = i.campaign_id
WHERE c.status IN ('draft', 'open')
"""


def copy_keys(apps, schema_editor):
    """One key row per invitation of a draft or open campaign (closed ones had theirs cleared already)."""
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        cursor.execute(COPY_SQL)
        if connection.vendor == "postgresql":
            # the foreign-key checks of the copied rows run now, not at commit: the indexes below then alter
            # a table with no pending trigger events
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


class Migration(migrations.Migration):

    dependencies = [
        ('surveys', '0006_response_scale'),
    ]

    operations = [
        migrations.CreateModel(
            name='InvitationKey',
            fields=[
                ('invitation', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='key', serialize=False, to='surveys.invitation')),
                ('token_hash', models.CharField(blank=True, max_length=64, null=True)),
                ('reminder_token_hash', models.CharField(blank=True, max_length=64, null=True)),
                ('used', models.BooleanField(default=False)),
                ('campaign', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='surveys.campaign')),
            ],
            options={
                'verbose_name': "clé d'invitation",
                'verbose_name_plural': "clés d'invitation",
            },
        ),
        migrations.RunPython(copy_keys, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='invitationkey',
            constraint=models.UniqueConstraint(condition=models.Q(('token_hash__isnull', False)), fields=('token_hash',), name='unique_invitationkey_token_hash'),
        ),
        migrations.AddConstraint(
            model_name='invitationkey',
            constraint=models.UniqueConstraint(condition=models.Q(('reminder_token_hash__isnull', False)), fields=('reminder_token_hash',), name='unique_invitationkey_reminder_token_hash'),
        ),
        migrations.RemoveConstraint(
            model_name='invitation',
            name='unique_invitation_token_hash',
        ),
        migrations.RemoveConstraint(
            model_name='invitation',
            name='unique_invitation_reminder_token_hash',
        ),
        migrations.RemoveField(
            model_name='invitation',
            name='reminder_token_hash',
        ),
        migrations.RemoveField(
            model_name='invitation',
            name='token_hash',
        ),
        migrations.RemoveField(
            model_name='invitation',
            name='used',
        ),
    ]
