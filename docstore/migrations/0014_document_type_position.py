"""The document's type position on its row: the list sorts by type through an index (issue 15)."""

from django.db import migrations, models

FILL = """
UPDATE docstore_document SET type_position = (
    SELECT position FROM docstore_documenttype WHERE docstore_documenttype.id = docstore_document.doc_type_id
)
"""


class Migration(migrations.Migration):
    dependencies = [
        ("docstore", "0013_rendition_job"),
    ]

    operations = [
        migrations.AddField(
            model_name="document",
            name="type_position",
            field=models.PositiveSmallIntegerField(default=0, editable=False, verbose_name="类型排序键"),
        ),
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
        migrations.AddIndex(
            model_name="document",
            index=models.Index(fields=["type_position", "id"], name="document_type_position"),
        ),
    ]
