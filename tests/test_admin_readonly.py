"""Issue 9.5: the Django admin cannot bypass the services.

Every model of the project's own apps is paper trail, read-only in the admin (view only, inlines too), unless
it is on the short EDITABLE list below: a new model is read-only until someone decides otherwise here.
"""

import io
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse

from accounts.models import AuditEvent, User
from archive.models import Category, Department, Fonds, RetentionPeriod, TypeDefault
from docstore.models import Document, DocumentType, Dossier
from seals.models import Seal

# Editable in the admin on purpose: accounts and groups, document types, the archive scheme, and a seal's
# description (its kind, lifecycle, image and custodian fields stay read-only: the services change those).
EDITABLE = {User, Group, DocumentType, Seal, Fonds, Category, Department, RetentionPeriod, TypeDefault}


def _project_models() -> list:
    """Every model of an app that lives in this checkout (third-party and django.contrib apps excluded)."""
    root = Path(settings.BASE_DIR).resolve()
    found = []
    for config in apps.get_app_configs():
        if Path(config.path).resolve().is_relative_to(root) and ".venv" not in Path(config.path).parts:
            found.extend(config.get_models())
    return found


PAPER_TRAIL = [m for m in _project_models() if m not in EDITABLE]


def _label(model) -> str:
    return model._meta.label


def _url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def _row(model, pk) -> dict:
    return model.objects.filter(pk=pk).values().get()


@pytest.fixture
def demo_data(settings):
    """Rows of nearly every kind, made through the services by the demo loader."""
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())


@pytest.fixture
def superuser_request(admin_user):
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    return request


def test_the_paper_trail_list_is_derived_from_the_apps():
    labels = {_label(m) for m in PAPER_TRAIL}
    named_in_the_issue = {
        "docstore.Dossier",
        "docstore.Customer",
        "docstore.Document",
        "docstore.Version",
        "docstore.Derivative",
        "docstore.PreviewPage",
        "docstore.SearchEntry",
        "docstore.CheckOut",
        "seals.SealRequest",
        "seals.SealRequestItem",
        "seals.Impression",
        "seals.SealLoan",
        "archive.ArchiveRecord",
        "archive.Original",
        "archive.Movement",
        "archive.Letter",
        "archive.Filing",
        "archive.Hold",
        "archive.DisposalBatch",
        "archive.DisposalItem",
        "accounts.AuditEvent",
    }
    assert named_in_the_issue <= labels
    assert not labels & {_label(m) for m in EDITABLE}


@pytest.mark.django_db
@pytest.mark.parametrize("model", PAPER_TRAIL, ids=_label)
def test_paper_trail_model_admin_refuses_add_change_delete(model, superuser_request):
    model_admin = admin.site._registry.get(model)
    if model_admin is None:  # not in the admin at all: no page to edit it through
        with pytest.raises(NoReverseMatch):
            _url(model, "change", 1)
        return
    assert model_admin.has_add_permission(superuser_request) is False
    assert model_admin.has_change_permission(superuser_request) is False
    assert model_admin.has_delete_permission(superuser_request) is False
    assert model_admin.has_view_permission(superuser_request) is True
    assert "delete_selected" not in model_admin.get_actions(superuser_request)


@pytest.mark.django_db
def test_every_inline_of_a_paper_trail_model_is_read_only(superuser_request):
    checked = []
    for parent, model_admin in admin.site._registry.items():
        for inline_class in model_admin.inlines:
            inline = inline_class(parent, admin.site)
            if inline.model in EDITABLE:
                continue
            assert inline.has_add_permission(superuser_request, None) is False, inline_class
            assert inline.has_change_permission(superuser_request, None) is False, inline_class
            assert inline.has_delete_permission(superuser_request, None) is False, inline_class
            checked.append(_label(inline.model))
    assert {"docstore.Customer", "seals.SealRequestItem", "archive.Movement"} <= set(checked)


@pytest.mark.django_db
def test_posting_to_paper_trail_admin_pages_changes_nothing(demo_data, admin_user, client):
    client.force_login(admin_user)
    posted = set()
    for model in PAPER_TRAIL:
        if model not in admin.site._registry:
            continue
        count = model.objects.count()
        assert client.get(_url(model, "changelist")).status_code == 200, _label(model)
        assert client.post(_url(model, "add"), {"title": "x"}).status_code == 403, _label(model)
        assert model.objects.count() == count
        obj = model.objects.order_by("pk").first()
        if obj is None:
            continue
        before = _row(model, obj.pk)
        assert client.get(_url(model, "change", obj.pk)).status_code == 200, _label(model)
        data = {f.name: "changed" for f in model._meta.concrete_fields if not f.primary_key}
        assert client.post(_url(model, "change", obj.pk), data).status_code == 403, _label(model)
        assert client.post(_url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403, _label(model)
        client.post(_url(model, "changelist"), {"action": "delete_selected", "_selected_action": [obj.pk]})
        assert _row(model, obj.pk) == before, _label(model)
        posted.add(_label(model))
    assert {
        "docstore.Dossier",
        "docstore.Document",
        "docstore.Version",
        "seals.SealRequest",
        "seals.Impression",
        "archive.ArchiveRecord",
        "archive.Original",
        "archive.Letter",
        "archive.Filing",
        "accounts.AuditEvent",
    } <= posted


@pytest.mark.django_db
def test_a_filed_document_cannot_be_renamed_moved_or_reassigned(demo_data, admin_user, client):
    """The reproduction from the issue: rename a filed contract, move it to another dossier, change its
    creator; and edit a customer's name and ID number through the dossier inline."""
    document = Document.objects.filter(archive_record__isnull=False, dossier__isnull=False).first()
    other = Dossier.objects.exclude(pk=document.dossier_id).first()
    before = _row(Document, document.pk)
    events = AuditEvent.objects.count()
    client.force_login(admin_user)
    response = client.post(
        _url(Document, "change", document.pk),
        {
            "title": "renamed",
            "doc_type": document.doc_type_id,
            "dossier": other.pk,
            "created_by": admin_user.pk,
            "metadata": "{}",
        },
    )
    assert response.status_code == 403
    assert _row(Document, document.pk) == before

    dossier = document.dossier
    customer = dossier.customers.first()
    prefix = "customers"
    response = client.post(
        _url(Dossier, "change", dossier.pk),
        {
            "project": dossier.project,
            "building": dossier.building,
            "unit": dossier.unit,
            f"{prefix}-TOTAL_FORMS": "1",
            f"{prefix}-INITIAL_FORMS": "1",
            f"{prefix}-0-id": customer.pk,
            f"{prefix}-0-dossier": dossier.pk,
            f"{prefix}-0-name": "改名",
            f"{prefix}-0-id_number": "000000000000000000",
        },
    )
    assert response.status_code == 403
    customer.refresh_from_db()
    assert customer.name != "改名" and customer.id_number != "000000000000000000"
    assert AuditEvent.objects.count() == events


@pytest.mark.django_db
@pytest.mark.parametrize("model", sorted(EDITABLE, key=_label), ids=_label)
def test_editable_models_stay_editable(model, superuser_request):
    model_admin = admin.site._registry[model]
    assert model_admin.has_change_permission(superuser_request) is True
    assert model_admin.has_view_permission(superuser_request) is True


@pytest.mark.django_db
def test_document_type_edit_works_and_is_audited(admin_user, client):
    doc_type = DocumentType.objects.get(code="other")
    client.force_login(admin_user)
    response = client.post(
        _url(DocumentType, "change", doc_type.pk),
        {"code": doc_type.code, "name": "其他文件", "name_en": "Other papers", "position": doc_type.position},
    )
    assert response.status_code == 302
    doc_type.refresh_from_db()
    assert (doc_type.name, doc_type.name_en) == ("其他文件", "Other papers")
    event = AuditEvent.objects.order_by("-seq").first()
    assert (event.action, event.actor, event.object_id) == ("admin.changed", admin_user, str(doc_type.pk))
    assert event.details["fields"] == ["name", "name_en"]


@pytest.mark.django_db
def test_seal_description_is_editable_but_lifecycle_image_and_custodian_are_not(
    demo_data, admin_user, client, superuser_request
):
    seal = Seal.objects.filter(status="active").first()
    model_admin = admin.site._registry[Seal]
    assert model_admin.has_add_permission(superuser_request) is False
    assert model_admin.has_delete_permission(superuser_request, seal) is False
    assert {"status", "image_sha256", "custodian", "kind"} <= set(
        model_admin.get_readonly_fields(superuser_request)
    )
    before = _row(Seal, seal.pk)
    client.force_login(admin_user)
    response = client.post(
        _url(Seal, "change", seal.pk),
        {
            "name": "锦绣置业公章（更正）",
            "company": seal.company,
            "size_mm": "41.5",
            "registered_on": "2026-01-05",
            "status": "destroyed",
            "kind": "finance",
            "image_sha256": "0" * 64,
            "custodian": admin_user.pk,
            "history-TOTAL_FORMS": "0",
            "history-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    after = _row(Seal, seal.pk)
    assert after["name"] == "锦绣置业公章（更正）" and str(after["size_mm"]) == "41.5"
    for field in ("status", "kind", "image_sha256", "custodian_id", "status_changed_at"):
        assert after[field] == before[field], field
    event = AuditEvent.objects.order_by("-seq").first()
    assert event.action == "admin.changed" and event.object_type == "seals.seal"
