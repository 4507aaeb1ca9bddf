"""Property-based test of the whole API over its OpenAPI schema (schemathesis on hypothesis), for every role.

Every operation is called with generated input (valid and invalid bodies, query strings and path ids) as
each role, against a database holding one whole paper trail, so that ids in paths often name real objects.
Checks: no 5xx, every status code is one the schema documents, and every documented body matches. The seed
is fixed and the number of examples bounded, so a run is repeatable and takes about a minute.
"""

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.workbench.builders import build_trail, make_active_seal

EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "12"))
# Domain rules beyond the schema (an empty list refused, a state conflict) are not failures: only a 5xx, a
# status code or content type the schema does not list, or a body that does not match it.
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
ROLES = ["clerk", "field", "manager", "admin_user"]


@pytest.fixture(scope="module")
def raw_schema():
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


@pytest.fixture
def trail(clerk, field, manager, dossier, document):
    seal = make_active_seal(manager, clerk)
    return build_trail(clerk, field, manager, dossier, document, seal)


@pytest.fixture(params=ROLES)
def role_token(request, trail):
    from rest_framework.authtoken.models import Token

    user = request.getfixturevalue(request.param)
    return Token.objects.get_or_create(user=user)[0].key


@pytest.fixture
def wsgi_keeps_the_test_connection():
    """The WSGI handler closes the database connection after each request (close_old_connections); inside a
    test's transaction on a file database that would end the test's connection, as Django's test client knows."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(raw_schema, trail, role_token, wsgi_keeps_the_test_connection):
    from config.wsgi import application

    schema = schemathesis.openapi.from_dict(raw_schema)
    schema.app = application
    ids = {
        "id": [trail.dossier.pk, trail.document.pk, trail.request.pk, trail.record.pk, trail.original.pk],
        "item_id": list(trail.request.items.values_list("pk", flat=True)),
    }

    @schema.hook
    def map_path_parameters(ctx, path_parameters):
        # Half the time a real object, so that the operations get past 404 into their real work.
        if path_parameters:
            for name, choices in ids.items():
                value = path_parameters.get(name)
                if isinstance(value, int) and value % 2 == 0 and choices:
                    path_parameters[name] = choices[value % len(choices)]
        return path_parameters

    return schema


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)
def test_api_never_fails(case, role_token):
    case.call_and_validate(headers={"Authorization": f"Token {role_token}"}, checks=CHECKS)
