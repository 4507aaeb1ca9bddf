"""Actions and panels other apps register on the document and dossier pages: shown to the roles that may
use them, every URL reversed (a broken route raises), panels rendered with their own context."""

from urllib.parse import urlsplit

import pytest
from django.urls import NoReverseMatch, resolve, reverse

from accounts.roles import MANAGER, has_role
from docstore.registry import (
    Action,
    Panel,
    document_actions,
    document_panels,
    dossier_actions,
    dossier_panels,
)

pytestmark = pytest.mark.django_db


def _links(html: str) -> dict[str, str]:
    """data-action key -> href of the registered buttons on a page."""
    import re

    return {
        key: href.replace("&amp;", "&")
        for href, key in re.findall(r'<a class="button" href="([^"]+)" data-action="([^"]+)">', html)
    }


@pytest.mark.parametrize("who", ["clerk", "field", "manager"])
def test_document_page_shows_seal_request_and_archive_to_staff(web, users, document, who):
    page = web(users[who]).get(f"/documents/{document.pk}/").content.decode()
    links = _links(page)
    assert (
        links["seals.request"] == f"{reverse('seals:request-create')}?version={document.current_version_id}"
    )
    assert links["archive.document"] == reverse("archive:document", args=[document.pk])
    assert links["docstore.correct"] == reverse("docstore:document-edit", args=[document.pk])
    # in their registered order
    assert list(links) == ["seals.request", "archive.document", "docstore.correct"]
    assert "申请用章" in page and "归档与原件" in page and ">更正</a>" in page


def test_admin_reads_the_archive_side_but_asks_for_no_seal(web, admin_user, document):
    page = web(admin_user).get(f"/documents/{document.pk}/").content.decode()
    assert list(_links(page)) == ["archive.document"]
    assert "申请用章" not in page


@pytest.mark.parametrize("who", ["clerk", "field", "manager", "admin"])
def test_dossier_page_shows_timeline_and_archive(web, users, dossier, who):
    page = web(users[who]).get(f"/dossiers/{dossier.pk}/").content.decode()
    opening = {} if who == "admin" else {"cases.open": f"{reverse('cases:open')}?dossier={dossier.pk}"}
    expected = {
        "workbench.timeline": reverse("workbench:dossier-timeline", args=[dossier.pk]),
        "archive.dossier": reverse("archive:dossier", args=[dossier.pk]),
        **opening,  # staff who may open a case
    }
    if who != "admin":  # the admin reads; he asks for no seal
        expected["seals.request"] = f"{reverse('seals:request-create')}?dossier={dossier.pk}"
    if who != "field":  # correcting a dossier is the clerk's, the manager's and the admin's
        expected["docstore.correct"] = reverse("docstore:dossier-edit", args=[dossier.pk])
    assert _links(page) == expected
    assert "时间线" in page and "归档与原件" in page


def test_every_registered_action_resolves(document, dossier):
    keys = set()
    for registry, obj in ((document_actions, document), (dossier_actions, dossier)):
        for action in registry.all():
            path = urlsplit(action.url(obj)).path
            assert resolve(path).route, action.key
            keys.add(action.key)
    assert {"seals.request", "archive.document", "archive.dossier", "workbench.timeline"} <= keys


@pytest.fixture
def registered():
    """Register for one test, then take it out again."""
    added = []

    def add(registry, item):
        registry.register(item)
        added.append((registry, item.key))

    yield add
    for registry, key in added:
        registry.unregister(key)


def test_a_broken_route_fails_the_page(web, clerk, document, registered):
    registered(document_actions, Action(key="test.broken", label="坏链接", url_name="docstore:no-such-page"))
    with pytest.raises(NoReverseMatch):
        web(clerk).get(f"/documents/{document.pk}/")


def test_panels_render_their_context_for_whom_they_are_visible(
    web, clerk, manager, document, dossier, registered
):
    registered(
        document_panels,
        Panel(
            key="test.siblings",
            label="同案卷文档",
            template="docstore/document_rows.html",
            context=lambda request, doc: {"documents": [doc]},
            visible=lambda user, doc: has_role(user, MANAGER),
        ),
    )
    registered(
        dossier_panels,
        Panel(
            key="test.first",
            label="首份文档",
            template="docstore/document_rows.html",
            context=lambda request, d: {"documents": list(d.documents.all()[:1])},
        ),
    )
    seen = web(manager).get(f"/documents/{document.pk}/").content.decode()
    panel = seen.split('data-panel="test.siblings"', 1)[1].split("</section>", 1)[0]
    assert "同案卷文档" in panel and document.title in panel and document.get_absolute_url() in panel
    assert 'data-panel="test.siblings"' not in web(clerk).get(f"/documents/{document.pk}/").content.decode()
    page = web(clerk).get(f"/dossiers/{dossier.pk}/").content.decode()
    panel = page.split('data-panel="test.first"', 1)[1].split("</section>", 1)[0]
    assert "首份文档" in panel and document.title in panel


def test_registering_a_key_again_replaces_it(registered, document):
    registered(document_actions, Action(key="test.once", label="一", url_name="docstore:document-detail"))
    registered(
        document_actions, Action(key="test.once", label="二", url_name="docstore:document-detail", order=1)
    )
    mine = [a for a in document_actions.all() if a.key == "test.once"]
    assert [str(a.label) for a in mine] == ["二"]
    assert document_actions.all()[0].key == "test.once"  # order 1 comes first
    assert mine[0].url(document) == f"/documents/{document.pk}/"


def test_a_disposed_documents_page_shows_only_what_is_meant_for_it(web, clerk, document, registered, dispose):
    """Only the catalogue entry is left: actions and panels show there only when registered with
    when_disposed (the archive side does; asking for a seal on content that is gone does not)."""
    for kept in (False, True):
        registered(
            document_panels,
            Panel(
                key=f"test.panel-{kept}",
                label="面板",
                template="docstore/document_rows.html",
                context=lambda request, doc: {"documents": []},
                when_disposed=kept,
            ),
        )
        registered(
            document_actions,
            Action(
                key=f"test.action-{kept}",
                label="操作",
                url_name="docstore:document-detail",
                when_disposed=kept,
            ),
        )
    before = web(clerk).get(f"/documents/{document.pk}/").content.decode()
    assert {"test.action-False", "test.action-True", "seals.request"} <= set(_links(before))
    assert 'data-panel="test.panel-False"' in before and 'data-panel="test.panel-True"' in before

    dispose(document)

    page = web(clerk).get(f"/documents/{document.pk}/").content.decode()
    assert list(_links(page)) == ["archive.document", "test.action-True"]
    assert 'data-panel="test.panel-True"' in page and 'data-panel="test.panel-False"' not in page
