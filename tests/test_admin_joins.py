"""Admin lists join only the relations they show.

A bare `select_related()` (what Django does for a foreign key in `list_display` when `list_select_related` is
left False) follows every non-null foreign key to any depth. The impressions list became a join of some thirty
tables, which PostgreSQL took minutes over in the test suite.
"""

import io

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.test import RequestFactory


@pytest.fixture
def demo_data(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())


def _changelist_queryset(model_admin, user):
    request = RequestFactory().get("/")
    request.user = user
    return model_admin.get_changelist_instance(request).get_queryset(request)


@pytest.mark.django_db
def test_no_admin_list_follows_every_foreign_key(admin_user):
    checked = []
    for model, model_admin in admin.site._registry.items():
        queryset = _changelist_queryset(model_admin, admin_user)
        assert queryset.query.select_related is not True, model._meta.label
        checked.append(model._meta.label)
    assert {"seals.Impression", "docstore.Version", "accounts.AuditEvent", "authtoken.TokenProxy"} <= set(
        checked
    )


@pytest.mark.django_db
def test_the_impressions_list_joins_the_shown_relations_only(admin_user):
    from seals.models import Impression

    queryset = _changelist_queryset(admin.site._registry[Impression], admin_user)
    assert set(queryset.query.select_related) == {"seal", "document", "request"}


@pytest.mark.django_db
def test_the_impressions_list_renders_in_a_handful_of_queries(
    demo_data, admin_user, client, django_assert_max_num_queries
):
    client.force_login(admin_user)
    with django_assert_max_num_queries(12):
        assert client.get("/admin/seals/impression/").status_code == 200
