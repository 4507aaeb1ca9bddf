"""Versions note whether their bytes carry active content (PDF scripts, launch actions, actions on opening).

The column is added in place, with a database default for the rows already there: Django's own AddField
would rebuild the table on SQLite, and a rebuild drops the triggers that keep versions immutable (0003).
On PostgreSQL, ADD COLUMN fills existing rows without firing the UPDATE trigger."""

from django.db import migrations, models

ADD = {
    "sqlite": "ALTER TABLE docstore_version ADD COLUMN active_content bool NOT NULL DEFAULT 0",
    "postgresql": "ALTER TABLE docstore_version ADD COLUMN active_content boolean NOT NULL DEFAULT false",
}
DROP = "ALTER TABLE docstore_version DROP COLUMN active_content"


def forwards(apps, schema_editor):
    schema_editor.execute(ADD[schema_editor.connection.vendor], params=None)


def backwards(apps, schema_editor):
    schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("docstore", "0006_document_list_indexes")]
    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(forwards, backwards)],
            state_operations=[
                migrations.AddField(
                    model_name="version",
                    name="active_content",
                    field=models.BooleanField(default=False, verbose_name="含活动内容"),
                )
            ],
        )
    ]
