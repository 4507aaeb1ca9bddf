"""Property-based test of the whole API over its OpenAPI schema (schemathesis on hypothesis), for every role.

Every operation is called with generated input (valid and invalid bodies, query strings and path ids) as
each role, against a database holding one whole paper trail plus a box, a hold, a pending disposal batch and
a seal loan. Half the path ids are replaced by a real object of the path's own collection, so that the calls
get past 404 into the services. Checks: no 5xx, every status code and content type is one the schema
documents, and every documented body matches its schema.

The run is repeatable: hypothesis is derandomized (each operation's examples follow from its name), and the
examples per operation are bounded (API_FUZZ_EXAMPLES, default 8: about two minutes per database leg on the
2-core development machine). For a deeper local run, vary the seed and add schemathesis's coverage phase
(boundary values, wrong types, unexpected methods; several thousand calls per role):
    API_FUZZ_EXAMPLES=30 API_FUZZ_SEED=1 API_FUZZ_PHASES=examples,coverage,fuzzing pytest tests/test_api_fuzz.py
"""

import datetime
import io
import os

import pytest
import schemathesis
from django.utils import timezone
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.workbench.builders import build_trail, make_active_seal

EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "8"))
SEED = int(os.environ["API_FUZZ_SEED"]) if os.environ.get("API_FUZZ_SEED") else None
PHASES = os.environ.get("API_FUZZ_PHASES", "examples,fuzzing").split(",")
# Domain rules beyond the schema (an empty list refused, a state conflict) are not failures: only a 5xx, a
# status code or content type the schema does not list, or a body that does not match it.
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
ROLES = ["clerk", "field", "manager", "admin_user"]


@pytest.fixture(scope="module")
def raw_schema():
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


def _pending_disposal(clerk, dossier):
    """A company notice whose ten years ran out, proposed for disposal."""
    from archive import services as archive
    from demo.content import make_pdf
    from docstore.models import DocumentType
    from docstore.services import documents

    notice = documents.create_document(
        clerk,
        file=io.BytesIO(make_pdf("放假通知", ["国庆放假安排"], pages=1)),
        filename="notice.pdf",
        title="放假通知",
        doc_type=DocumentType.objects.get(code="company_notice"),
        dossier=dossier,
    )
    record = archive.file_document(clerk, notice, year=2026)
    archive.set_retention_trigger(clerk, [record], trigger_date=datetime.date(2001, 1, 1), event="到期")
    return archive.propose_disposal(clerk, [record])


@pytest.fixture
def objects(clerk, field, manager, dossier, document):
    """{collection: [ids of real objects]} for the path ids, and the seal request's items."""
    from archive import services as archive
    from docstore.models import Version
    from seals.services import loans

    seal = make_active_seal(manager, clerk)
    trail = build_trail(clerk, field, manager, dossier, document, seal)
    room = archive.create_location(clerk, kind="room", name="一号库房")
    cabinet = archive.create_location(clerk, kind="cabinet", name="A柜", parent=room)
    shelf = archive.create_location(clerk, kind="shelf", name="第1层", parent=cabinet)
    box = archive.create_location(
        clerk, kind="box", name="2026-D30-001", parent=shelf, year=2026, retention="D30"
    )
    hold = archive.place_hold(manager, reason="诉讼", record=trail.record)
    batch = _pending_disposal(clerk, dossier)
    loan = loans.request_seal_loan(
        field, seal, purpose="银行面签", due_at=timezone.now() + datetime.timedelta(days=1)
    )
    return {
        "archive-records": [trail.record.pk, batch.items.get().record_id],
        "disposals": [batch.pk],
        "documents": [trail.document.pk, trail.letter.document_id],
        "dossiers": [trail.dossier.pk],
        "filings": [trail.filing.pk],
        "holds": [hold.pk],
        "letters": [trail.letter.pk],
        "locations": [box.pk, room.pk],
        "movements": list(trail.original.movements.values_list("pk", flat=True)),
        "originals": [trail.original.pk],
        "seal-loans": [loan.pk],
        "seal-requests": [trail.request.pk],
        "seals": [seal.pk],
        "versions": list(Version.objects.filter(document=trail.document).values_list("pk", flat=True)),
        "item_id": list(trail.request.items.values_list("pk", flat=True)),
    }


@pytest.fixture(params=ROLES)
def role_token(request, objects):
    from rest_framework.authtoken.models import Token

    user = request.getfixturevalue(request.param)
    return Token.objects.get_or_create(user=user)[0].key


@pytest.fixture
def in_process_app():
    """The WSGI application, called inside the test's transaction: as Django's test client does, the
    request signals must not close the connection (that would end the transaction the data lives in)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    from config.wsgi import application

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield application
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(raw_schema, objects, role_token, in_process_app):
    schema = schemathesis.openapi.from_dict(raw_schema)
    schema.app = in_process_app
    schema.config.phases.update(phases=PHASES)
    if SEED is not None:
        schema.config.seed = SEED

    @schema.hook
    def map_path_parameters(ctx, path_parameters):
        # Half the time a real object of the path's collection, so that the operations get past 404.
        collection = ctx.operation.path.strip("/").split("/")[2]
        for name, value in (path_parameters or {}).items():
            choices = objects.get(collection if name == "id" else name)
            if choices and isinstance(value, int) and value % 2 == 0:
                path_parameters[name] = choices[value // 2 % len(choices)]
        return path_parameters

    return schema


schema = schemathesis.pytest.from_fixture("api_schema")


def test_the_schema_documents_files_and_the_errors_each_operation_answers(raw_schema):
    paths = raw_schema["paths"]

    def codes(path, method="get"):
        return set(paths[path][method]["responses"])

    def media_types(path, method="get", code="200"):
        return set(paths[path][method]["responses"][code]["content"])

    json, csv = "application/json", "text/csv"
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert media_types("/api/v1/versions/{id}/content/") == {"*/*"}  # the bytes under their own type
    assert media_types("/api/v1/locations/{id}/spine/") == {"application/pdf"}
    assert media_types("/api/v1/documents/{id}/attachments.zip/") == {"application/zip"}
    assert (
        media_types("/api/v1/archive-records/") == media_types("/api/v1/seal-register/") == {json, csv, xlsx}
    )
    assert media_types("/api/v1/archive-records/{id}/") == {json}
    assert "200" in codes("/api/v1/documents/{id}/checkout/", "delete")
    assert "201" in codes("/api/v1/documents/{id}/checkout/", "post")
    assert "400" not in codes("/api/v1/documents/{id}/")  # a read without a query string has no bad input
    assert {"400", "404"} <= codes("/api/v1/documents/")  # a bad filter; a page past the end
    assert {"409", "410", "413", "415", "507"} <= codes("/api/v1/documents/{id}/versions/", "post")
    assert "410" in codes("/api/v1/versions/{id}/content/") and "410" not in codes("/api/v1/seals/{id}/")
    assert "507" in codes("/api/v1/seal-requests/{id}/stamp/", "post")
    for path, operations in paths.items():
        for method, operation in operations.items():
            for code, response in operation["responses"].items():
                if code[0] in "45":
                    error = {json: {"schema": {"$ref": "#/components/schemas/Error"}}}
                    assert response["content"] == error, (method, path, code)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    derandomize=SEED is None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)
def test_api_never_fails(case, role_token):
    case.call_and_validate(headers={"Authorization": f"Token {role_token}"}, checks=CHECKS)
