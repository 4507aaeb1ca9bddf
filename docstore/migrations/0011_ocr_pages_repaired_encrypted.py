"""OCR pages, the searchable and repaired copies on the derivative (issue 12), and two flags on versions:
damaged (read through qpdf's repair) and encrypted (needs its user password).

The version columns are added in place, as in 0007: Django's AddField would rebuild the table on SQLite, and a
rebuild drops the triggers that keep versions immutable (0003)."""

import django.db.models.deletion
from django.db import migrations, models

COLUMNS = ("damaged", "encrypted")
TYPES = {"sqlite": "bool NOT NULL DEFAULT 0", "postgresql": "boolean NOT NULL DEFAULT false"}


def forwards(apps, schema_editor):
    for column in COLUMNS:
        kind = TYPES[schema_editor.connection.vendor]
        schema_editor.execute(f"ALTER TABLE docstore_version ADD COLUMN {column} {kind}", params=None)


def backwards(apps, schema_editor):
    for column in COLUMNS:
        schema_editor.execute(f"ALTER TABLE docstore_version DROP COLUMN {column}", params=None)


class Migration(migrations.Migration):

    dependencies = [
        ('docstore', '0010_stamp_evidence'),
    ]

    operations = [
        migrations.AddField(
            model_name='derivative',
            name='ocr_status',
            field=models.CharField(blank=True, choices=[('pending', '处理中'), ('ready', '已完成'), ('unsupported', '不支持预览'), ('failed', '失败')], max_length=16, verbose_name='识别状态'),
        ),
        migrations.AddField(
            model_name='derivative',
            name='repaired_sha256',
            field=models.CharField(blank=True, max_length=64, verbose_name='修复副本'),
        ),
        migrations.AddField(
            model_name='derivative',
            name='searchable_sha256',
            field=models.CharField(blank=True, max_length=64, verbose_name='可检索PDF'),
        ),
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(forwards, backwards)],
            state_operations=[
                migrations.AddField(
                    model_name='version',
                    name='damaged',
                    field=models.BooleanField(default=False, verbose_name='已损坏（经修复读取）'),
                ),
                migrations.AddField(
                    model_name='version',
                    name='encrypted',
                    field=models.BooleanField(default=False, verbose_name='需要打开密码'),
                ),
            ],
        ),
        migrations.CreateModel(
            name='OcrPage',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('page', models.PositiveIntegerField(verbose_name='页码')),
                ('engine', models.CharField(max_length=32, verbose_name='识别引擎')),
                ('angle', models.PositiveSmallIntegerField(default=0, verbose_name='旋转角度')),
                ('lines', models.JSONField(default=list, verbose_name='识别行')),
                ('text', models.TextField(blank=True, verbose_name='识别文本')),
                ('seconds', models.FloatField(default=0, verbose_name='耗时（秒）')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='时间')),
                ('version', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='ocr_pages', to='docstore.version', verbose_name='版本')),
            ],
            options={
                'verbose_name': '识别页',
                'verbose_name_plural': '识别页',
                'ordering': ['version', 'page'],
                'constraints': [models.UniqueConstraint(fields=('version', 'page'), name='ocr_unique_page')],
            },
        ),
    ]
