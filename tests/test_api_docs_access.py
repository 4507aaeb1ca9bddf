"""Issue 9.10: with DEBUG off the OpenAPI schema and the API docs are for logged-in users only."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

SCHEMA, DOCS = "/api/schema/", "/api/docs/"


def test_anonymous_gets_neither_schema_nor_docs_when_debug_is_off(settings, client):
    settings.DEBUG = False
    schema = client.get(SCHEMA)
    assert schema.status_code == 401
    assert b"/api/v1/documents/" not in schema.content
    docs = client.get(DOCS)
    assert docs.status_code == 302
    assert docs["Location"] == f"/login/?next={DOCS}"


@pytest.mark.parametrize("debug", [False, True])
def test_logged_in_staff_reads_schema_and_docs(settings, client, clerk, debug):
    settings.DEBUG = debug
    client.force_login(clerk)
    schema = client.get(SCHEMA)
    assert schema.status_code == 200 and b"/api/v1/documents/" in schema.content
    docs = client.get(DOCS)
    assert docs.status_code == 200 and b"swagger" in docs.content.lower()


def test_a_token_reads_the_schema_when_debug_is_off(settings, manager):
    settings.DEBUG = False
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=manager).key}")
    response = api.get(SCHEMA)
    assert response.status_code == 200 and b"/api/v1/documents/" in response.content


def test_anonymous_reads_schema_and_docs_while_developing(settings, client):
    settings.DEBUG = True
    assert client.get(SCHEMA).status_code == 200
    assert client.get(DOCS).status_code == 200
