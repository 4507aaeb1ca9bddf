"""Seal placement (seals:version-pages, seals:placement): the page geometry the widget draws on, its page, and
that what it writes is exactly what the seals service stores and the stamping engine uses."""

import io
import json
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def rotated(clerk, dossier, doc_type):
    from demo.content import make_pdf
    from docstore.services import documents

    data = make_pdf("借款合同", ["条款"], pages=3, landscape_pages=(2,))
    doc = documents.create_document(clerk, file=io.BytesIO(data), filename="loan.pdf", title="借款合同",
                                   doc_type=doc_type("loan_contract"), dossier=dossier)  # fmt: skip
    return doc.current_version


def test_geometry_in_mm_as_seen_with_rotated_pages(web, field, rotated):
    response = web(field).get(reverse("seals:version-pages", args=[rotated.pk]))
    assert response.status_code == 200
    pages = response.json()["pages"]
    assert [p["page"] for p in pages] == [1, 2, 3]
    assert (pages[0]["width_mm"], pages[0]["height_mm"]) == (210.0, 297.0)
    # page 2 is a landscape MediaBox turned by /Rotate 90: the widget gets it as seen, like the engine
    from seals.engine import stamp as engine
    from seals.services.requests import read_pdf

    _data, reader = read_pdf(rotated)
    assert reader.pages[1].get("/Rotate") == 90
    seen = [engine.page_box(p) for p in reader.pages]
    assert [(p["width_mm"], p["height_mm"]) for p in pages] == [
        (round(b.width / engine.MM, 2), round(b.height / engine.MM, 2)) for b in seen
    ]
    assert pages[2]["image"] == reverse("docstore:version-page-image", args=[rotated.pk, 3])


def test_not_a_pdf_is_refused_with_a_clear_message(web, clerk, field, dossier, png_bytes, doc_type):
    from docstore.services import documents

    doc = documents.create_document(clerk, file=io.BytesIO(png_bytes), filename="id.png", title="身份证",
                                   doc_type=doc_type("attachment"), dossier=dossier)  # fmt: skip
    response = web(field).get(reverse("seals:version-pages", args=[doc.current_version.pk]))
    assert response.status_code == 400
    assert response.json()["error"] == "not_pdf" and "PDF" in response.json()["detail"]


def test_roles_and_missing(web, users, rotated):
    path = reverse("seals:version-pages", args=[rotated.pk])
    assert web(users["outsider"]).get(path).status_code == 403
    assert web(users["manager"]).get(path).status_code == 200
    assert web(users["clerk"]).get(reverse("seals:version-pages", args=[999999])).status_code == 404


def test_widget_page_includes_the_widget_and_echoes_placements(web, field, rotated):
    client = web(field)
    path = reverse("seals:placement", args=[rotated.pk])
    html = client.get(path).content.decode()
    assert "data-placement" in html and 'data-input="#id_placements"' in html
    assert f'data-pages-url="{reverse("seals:version-pages", args=[rotated.pk])}"' in html
    assert "js/seals/placement.js" in html and "最后一页右下角" in html and "每一页" in html
    assert "{#" not in html and "pages_url_template" not in html  # the template's comment stays hidden
    posted = [{"page": 3, "x": 155.0, "y": 50.0}]
    html = client.post(path, {"placements": json.dumps(posted), "cross_page": "on"}).content.decode()
    assert "[{&quot;page&quot;: 3, &quot;x&quot;: 155.0, &quot;y&quot;: 50.0}]" in html
    assert "另加骑缝章" in html
    html = client.post(path, {"placements": "not json"}).content.decode()
    assert "盖章位置格式无效" in html


def test_what_the_widget_writes_is_what_the_seals_service_stores(field, rotated, seal):
    """The widget's presets put the centre 55 mm from the right edge and 50 mm up, the engine's own
    signature area; its output is accepted unchanged by seals.services.create_request."""
    from seals import services
    from seals.engine import stamp as engine
    from seals.services.requests import read_pdf

    _data, reader = read_pdf(rotated)
    boxes = [engine.page_box(p) for p in reader.pages]
    preset = engine.resolve_placements([{"preset": "last_page_signature"}], boxes, 40)[0]
    widget_last = {"page": 3, "x": round(boxes[2].width / engine.MM - 55, 1), "y": 50.0}
    assert (preset.page, round(preset.x_mm, 1), preset.y_mm) == (3, widget_last["x"], widget_last["y"])
    widget_every = [
        {"page": i + 1, "x": round(b.width / engine.MM - 55, 1), "y": 50.0} for i, b in enumerate(boxes)
    ]
    req = services.create_request(field, purpose="借款合同用印", recipient="bank", items=[
        {"version": rotated, "seal": seal, "impressions": 4, "mode": "electronic", "cross_page": True,
         "placements": widget_every}])  # fmt: skip
    assert req.items.get().placements == widget_every


def test_form_mode_knows_the_active_seals_sizes(web, field, rotated, seal):
    html = web(field).get(reverse("seals:placement", args=[rotated.pk]), {"mode": "fields"}).content.decode()
    assert f'data-seal-sizes="{{&quot;{seal.pk}&quot;: 40.0}}"' in html


def test_widget_page_uses_the_seals_image_and_size(web, field, rotated, seal):
    html = web(field).get(reverse("seals:placement", args=[rotated.pk]), {"seal": seal.pk}).content.decode()
    assert f'data-seal-image="{reverse("seals:image", args=[seal.pk])}"' in html
    assert 'data-seal-mm="40.0"' in html


def test_the_script_writes_page_x_y_in_mm():
    js = (Path(django_settings.BASE_DIR) / "static" / "js" / "seals" / "placement.js").read_text()
    assert "{ page: p.page, x: round1(p.x), y: round1(p.y) }" in js
    assert "PRESET_RIGHT_MM = 55" in js and "PRESET_Y_MM = 50" in js
    assert "page.height_mm - (clientY - rect.top)" in js  # y counts from the bottom of the page as seen


def test_widget_in_one_placement_form_mode(web, field, rotated):
    """The seals request form has page/x/y fields, not a JSON list: the widget writes into those."""
    client = web(field)
    path = reverse("seals:placement", args=[rotated.pk]) + "?mode=fields"
    html = client.get(path).content.decode()
    assert 'data-page-input="#id_page" data-x-input="#id_x" data-y-input="#id_y"' in html
    assert 'data-choice-input="#id_placement"' in html
    assert 'data-seal-input="#id_seal" data-seal-image-template="/seals/0/image/"' in html
    assert 'data-seal-sizes="{}"' in html  # no active seal in this test
    html = client.post(path, {"placement": "custom", "page": "2", "x": "150.5", "y": "60"}).content.decode()
    assert "[{&quot;page&quot;: 2, &quot;x&quot;: 150.5, &quot;y&quot;: 60.0}]" in html
