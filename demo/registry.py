"""What one `load_demo` run hands to each app's demo loader (`settings.DEMO_LOADERS`, called as `load(demo)`).

The apps' loaders never import this module (demo sits above every app); they use the object they are given:
`demo.users`, `demo.stdout`, and the record of demo objects: `get`, `keep`, `made`.
"""

from django.contrib.contenttypes.models import ContentType

from demo.models import DemoObject


class DemoRun:
    def __init__(self, users: dict, stdout):
        self.users = users
        self.stdout = stdout

    def get(self, key: str, model):
        """The demo object kept under `key`, or None when the demo has not made it (yet)."""
        row = DemoObject.objects.filter(key=key).select_related("content_type").first()
        if row is None:
            return None
        if row.content_type.model_class() is not model:
            raise ValueError(f"demo key {key!r} names a {row.content_type}, not a {model._meta.label}")
        return model.objects.filter(pk=row.object_id).first()

    def keep(self, key: str, obj):
        """Record `obj` as demo data under `key`; returns it (None is passed through)."""
        if obj is not None:
            DemoObject.objects.update_or_create(
                key=key,
                defaults={"content_type": ContentType.objects.get_for_model(obj), "object_id": obj.pk},
            )
        return obj

    def made(self, model):
        """The objects of `model` the demo made: the only ones a demo loader may change or file."""
        ids = DemoObject.objects.filter(content_type=ContentType.objects.get_for_model(model)).values(
            "object_id"
        )
        return model.objects.filter(pk__in=ids)
