import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from rest_framework.authtoken.models import Token

from accounts.models import User
from accounts.roles import ADMIN, CLERK, FIELD_STAFF, MANAGER, has_role, require_role
from core.errors import Forbidden


@pytest.mark.django_db
def test_role_groups_exist_with_permissions():
    names = set(Group.objects.values_list("name", flat=True))
    assert {CLERK, FIELD_STAFF, MANAGER, ADMIN} <= names
    clerk_perms = set(Group.objects.get(name=CLERK).permissions.values_list("codename", flat=True))
    assert "add_dossier" in clerk_perms and "view_document" in clerk_perms
    assert "change_dossier" in clerk_perms
    field_perms = set(Group.objects.get(name=FIELD_STAFF).permissions.values_list("codename", flat=True))
    assert "add_dossier" not in field_perms and "add_document" in field_perms


@pytest.mark.django_db
def test_require_role(clerk, manager):
    assert has_role(manager, MANAGER) and not has_role(clerk, MANAGER)
    with pytest.raises(Forbidden):
        require_role(clerk, MANAGER)


@pytest.mark.django_db
def test_demo_users_cannot_log_in_without_debug(client, settings):
    settings.DEBUG = False
    User.objects.create_user(username="demo_x", password="demo12345", is_demo=True)
    User.objects.create_user(username="real_x", password="demo12345x")
    assert not client.login(username="demo_x", password="demo12345")
    assert client.login(username="real_x", password="demo12345x")
    settings.DEBUG = True
    assert client.login(username="demo_x", password="demo12345")


@pytest.mark.django_db
def test_demo_token_refused_without_debug(settings, api):
    from rest_framework.test import APIClient

    user = User.objects.create_user(username="demo_t", password="x", is_demo=True)
    token = Token.objects.create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    settings.DEBUG = False
    assert client.get("/api/v1/dossiers/").status_code == 401
    settings.DEBUG = True
    user.groups.set(Group.objects.filter(name=CLERK))
    assert client.get("/api/v1/dossiers/").status_code == 200


@pytest.mark.django_db
def test_issue_token_prints_a_working_token(clerk):
    out = io.StringIO()
    call_command("issue_token", "clerk1", stdout=out)
    key = out.getvalue().strip()
    assert Token.objects.get(key=key).user == clerk
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/v1/dossiers/").status_code == 200


@pytest.mark.django_db
def test_login_page_and_logout(client, clerk):
    response = client.get("/login/")
    assert response.status_code == 200 and "登录" in response.content.decode()
    assert client.post("/login/", {"username": "clerk1", "password": "pw-Secret-123"}).status_code == 302
    assert client.get("/").status_code == 200
    assert client.post("/logout/").status_code == 302
    assert client.get("/").status_code == 302
