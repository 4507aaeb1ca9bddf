"""Issue 9.11: the thumbnail and the page images answer for every state of the derivative, and every header
value is a plain str, as the WSGI server demands: `X-Preview-Status` was a TextChoices member while the
derivative was pending, and runserver answered 500 ("Header names/values must be of type str") after every
upload, new version and stamping. A disposed document's images answer 410 (issue 9.2)."""

import io
from wsgiref.handlers import SimpleHandler

import pytest
from PIL import Image

from demo.content import make_pdf
from docstore.models import Derivative, PreviewPage

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("run_on_commit")]

STATES = ["none", "pending", "ready", "unsupported", "failed", "disposed"]
ROUTES = {"thumbnail": "/versions/{pk}/thumbnail.png", "page": "/versions/{pk}/pages/1.png"}


def served(response):
    """Hand the status and headers to wsgiref, as runserver does: it asserts that each is exactly a str."""
    handler = SimpleHandler(io.BytesIO(), io.BytesIO(), io.StringIO(), {"SERVER_PROTOCOL": "HTTP/1.1"})
    handler.start_response(f"{response.status_code} {response.reason_phrase}", list(response.items()))
    return response


@pytest.fixture
def in_state(make_document, dispose):
    """A two-page contract whose derivative is in the given state."""

    def make(state):
        document = make_document(
            make_pdf("商品房买卖合同", ["第一条"], pages=2), "c.pdf", code="sales_contract"
        )
        version = document.current_version
        if state == "disposed":
            record, batch = dispose(document)
            return version, record, batch
        if state != "ready":
            PreviewPage.objects.filter(version=version).delete()
            if state == "none":
                Derivative.objects.filter(version=version).delete()
            else:
                Derivative.objects.filter(version=version).update(
                    preview_status=state, thumbnail_sha256="", preview_pages=0
                )
        return version, None, None

    return make


@pytest.fixture
def renderer_busy(settings):
    """The on-demand renderer taken by another request (issue 15), so that a page not made yet answers with the
    placeholder instead of being rendered now."""
    from docstore import derive

    settings.DOCSTORE_PREVIEW_ON_DEMAND_WAIT = 0
    assert derive.ON_DEMAND.acquire(timeout=1)
    yield
    derive.ON_DEMAND.release()


@pytest.mark.parametrize("route", sorted(ROUTES))
@pytest.mark.parametrize("state", STATES)
def test_every_state_answers_with_str_headers(web, clerk, in_state, state, route, renderer_busy):
    version, record, batch = in_state(state)

    response = served(web(clerk).get(ROUTES[route].format(pk=version.pk)))

    if state == "disposed":
        assert response.status_code == 410
        body = response.content.decode()
        assert record.archival_code in body and batch.number in body
        return
    # page images and thumbnails in DOCSTORE_PREVIEW_FORMAT (JPEG by default); a placeholder is a PNG
    made = "image/png" if state not in ("ready",) else "image/jpeg"
    assert response.status_code == 200 and response["Content-Type"] == made
    image = Image.open(io.BytesIO(response.content))
    if state == "ready":
        assert "X-Preview-Status" not in response
        assert image.width == (160 if route == "thumbnail" else 1000)
    else:  # the placeholder, never cached, with the state it stands for
        assert response["X-Preview-Status"] == ("pending" if state == "none" else state)
        assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("route", sorted(ROUTES))
@pytest.mark.parametrize("state", ["none", "pending"])
def test_a_page_not_made_yet_is_rendered_on_demand_with_str_headers(web, clerk, in_state, state, route):
    version, _record, _batch = in_state(state)

    response = served(web(clerk).get(ROUTES[route].format(pk=version.pk)))

    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert "X-Preview-Status" not in response
    assert Image.open(io.BytesIO(response.content)).width == (160 if route == "thumbnail" else 1000)


def test_the_thumbnail_of_a_fresh_upload_answers(api, web, clerk, in_state):
    """Right after an upload (the background work has not started: no derivative yet), the thumbnail URL the
    API gives answers with the placeholder."""
    version, _record, _batch = in_state("none")
    listed = api(clerk).get("/api/v1/documents/").json()["results"][0]
    assert listed["thumbnail_url"] == f"/versions/{version.pk}/thumbnail.png"
    assert served(web(clerk).get(listed["thumbnail_url"])).status_code == 200
