"""The hand-built paths that list requests take for speed (issue 15) answer exactly what the general ones do:
the document serializer against DRF's field-by-field rendering, and reverse_pk against reverse()."""

import pytest
from django.urls import NoReverseMatch, reverse
from rest_framework import serializers

from core.reversing import reverse_pk
from docstore import selectors
from docstore.models import Document, Version
from docstore.serializers import DocumentDetailSerializer, DocumentSerializer
from docstore.services import edit_locks

pytestmark = pytest.mark.django_db


def _drf(serializer, instance) -> dict:
    """What DRF's own Serializer.to_representation makes of the declared fields."""
    return dict(serializers.Serializer.to_representation(serializer, instance))


def test_the_document_serializer_answers_as_drf_does(clerk, field, document, make_document, pdf_bytes):
    edit_locks.lock_for_edit(field, document)  # a live check-out: holder and since filled
    bare = Document.objects.create(
        title="无文件", doc_type=document.doc_type, created_by=clerk, metadata={"合同编号": "HT-1"}
    )  # no version, no dossier
    attachment = make_document(pdf_bytes + b"\n% attachment\n", name="a.pdf", parent=document)
    rows = list(selectors.document_list().filter(pk__in=[document.pk, bare.pk, attachment.pk]))
    assert len(rows) == 3
    serializer = DocumentSerializer()
    for row in rows:
        assert serializer.to_representation(row) == _drf(serializer, row)
    held = next(r for r in rows if r.pk == document.pk)
    assert serializer.to_representation(held)["checked_out_by"] == field.label
    # a document read without the list's annotations (as after an upload)
    plain = Document.objects.get(pk=bare.pk)
    assert serializer.to_representation(plain) == _drf(serializer, plain)


def test_the_detail_serializer_keeps_its_versions(document):
    row = selectors.document_list().prefetch_related("versions").get(pk=document.pk)
    serializer = DocumentDetailSerializer()
    data = serializer.to_representation(row)
    assert data == _drf(serializer, row)
    assert list(data) == DocumentDetailSerializer.Meta.fields
    assert data["versions"][0]["content_url"] == f"/api/v1/versions/{document.current_version_id}/content"


def test_reverse_pk_is_reverse(document):
    version = Version.objects.get(pk=document.current_version_id)
    for name, pk in [
        ("docstore:document-detail", document.pk),
        ("docstore:dossier-detail", document.dossier_id),
        ("docstore:version-thumbnail", version.pk),
        ("api:version-content", version.pk),
    ]:
        assert reverse_pk(name, pk) == reverse(name, args=[pk])
    with pytest.raises(NoReverseMatch):
        reverse_pk("docstore:document-list", 1)  # no id in that URL


def test_the_dossier_list_counts_each_dossiers_documents(
    web, clerk, dossier, make_document, pdf_bytes, django_assert_max_num_queries
):
    from docstore.models import Customer, Dossier
    from docstore.services import dossiers

    Customer.objects.create(dossier=dossier, name="陈红")  # two customers match 「陈」: no double count
    for i in range(3):
        make_document(pdf_bytes + f"\n% {i}\n".encode(), name=f"{i}.pdf")
    empty = dossiers.create_dossier(clerk, project="锦绣花园", building="3", unit="1503", customers=[])
    counts = {d.pk: d.document_count for d in selectors.dossier_list()}
    assert counts == {dossier.pk: 3, empty.pk: 0}
    client = web(clerk)
    client.get("/dossiers/")  # the session and the caches warmed
    with django_assert_max_num_queries(16):
        page = client.get("/dossiers/", {"customer": "陈"})
    rows = page.context["page"].object_list
    assert [(d.pk, d.document_count) for d in rows] == [(dossier.pk, 3)]
    assert Dossier.objects.count() == 2


def test_the_document_lists_count_leaves_the_check_out_join_out(
    clerk, field, document, make_document, pdf_bytes
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    other = make_document(pdf_bytes + b"\n% other\n", name="b.pdf")
    edit_locks.lock_for_edit(field, document)
    edit_locks.lock_for_edit(clerk, other)
    listed = selectors.document_list()
    with CaptureQueriesContext(connection) as captured:
        assert listed.count() == 2
        assert listed.filter(doc_type__code="other").count() == 1
    assert all("docstore_checkout" not in q["sql"] for q in captured.captured_queries)
    held = listed.filter(lock_holder_username=field.username)  # a filter on the check-out keeps its join
    with CaptureQueriesContext(connection) as captured:
        assert held.count() == 1
    assert "docstore_checkout" in captured.captured_queries[0]["sql"]
    assert listed.filter(pk__in=[]).count() == 0
    assert [d.lock_holder_username for d in listed.order_by("pk")] == [field.username, clerk.username]


def test_reverse_ids_fills_every_id_in_its_place():
    from django.urls import reverse

    from core.reversing import reverse_ids

    assert reverse_ids("cases:step", 41, 7) == reverse("cases:step", args=[41, 7])
    assert reverse_ids("cases:step", 7, 41) == reverse("cases:step", args=[7, 41])
