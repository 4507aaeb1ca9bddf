"""Batch applications: many items across dossiers approved once, each bound to its own version hash; stamping
and recording per item and in bulk (service, API, page button)."""

import io

import pytest
from django.urls import reverse

from core.errors import Conflict, Forbidden
from demo.content import make_pdf
from docstore.services import documents, dossiers
from seals import services
from seals.models import Impression, SealRequestItem

URL = "/api/v1/seal-requests/batch/"


@pytest.fixture
def house_cards(clerk, doc_type):
    """The house cards (房卡) of three units of one building, each in its own dossier."""
    cards = []
    for unit in ("0101", "0102", "0201"):
        dossier = dossiers.create_dossier(clerk, project="锦绣花园", building="7", unit=unit)
        cards.append(
            documents.create_document(
                clerk,
                file=io.BytesIO(make_pdf(f"房卡 7-{unit}", ["购房人签字"], pages=1)),
                filename=f"card-{unit}.pdf",
                title=f"房卡 7-{unit}",
                doc_type=doc_type("other"),
                dossier=dossier,
            )
        )
    return cards


def batch_body(cards, seal, mode="physical", **extra):
    items = [{"document": card.pk, "seal": seal.pk, "impressions": 1, "mode": mode} for card in cards]
    if mode == "electronic":
        for item in items:
            item["placements"] = [{"preset": "last_page_signature"}]
    return {"purpose": "房卡交房管局", "recipient": "housing_authority", "items": items, **extra}


@pytest.mark.django_db
class TestBatch:
    def test_approved_once_each_item_bound_to_its_version_then_recorded_in_bulk(
        self, api, field, clerk, manager, seal, house_cards
    ):
        answer = api(field).post(URL, batch_body(house_cards, seal, submit=True), format="json")
        assert answer.status_code == 201, answer.json()
        body = answer.json()
        assert body["batch"] is True and body["dossier"] is None and body["status"] == "submitted"
        assert [i["dossier"] for i in body["items"]] == [c.dossier_id for c in house_cards]
        req_id = body["id"]
        approved = api(manager).post(f"/api/v1/seal-requests/{req_id}/approve/", {}, format="json").json()
        assert approved["status"] == "approved"
        for item, card in zip(approved["items"], house_cards, strict=True):
            assert item["approved_sha256"] == card.current_version.sha256
        rows = api(clerk).post(f"/api/v1/seal-requests/{req_id}/impressions-all/", {}, format="json")
        assert rows.status_code == 201 and len(rows.json()) == 3
        assert {r["dossier"] for r in rows.json()} == {c.dossier_id for c in house_cards}
        assert all(r["custodian_name"] == "王芳" for r in rows.json())
        assert api(field).get(f"/api/v1/seal-requests/{req_id}/").json()["status"] == "stamped"

    def test_electronic_items_stamped_in_bulk(self, field, manager, seal, house_cards):
        req = services.create_request(
            field,
            purpose="房卡电子用印",
            recipient="housing_authority",
            batch=True,
            items=[
                {
                    "version": c.current_version,
                    "seal": seal,
                    "mode": "electronic",
                    "placements": [{"preset": "last_page_signature"}],
                }
                for c in house_cards
            ],
        )
        req = services.approve_request(manager, services.submit_request(field, req))
        versions = services.stamp_all(field, req)
        assert [v.document_id for v in versions] == [c.pk for c in house_cards]
        assert all(v.number == 2 for v in versions)
        req.refresh_from_db()
        assert req.status == "stamped"

    def test_one_item_that_cannot_be_used_stops_the_bulk_before_any(self, field, manager, seal, house_cards):
        req = services.create_request(
            field,
            purpose="房卡电子用印",
            recipient="housing_authority",
            batch=True,
            items=[{"version": c.current_version, "seal": seal, "mode": "electronic"} for c in house_cards],
        )
        req = services.approve_request(manager, services.submit_request(field, req))
        SealRequestItem.objects.filter(pk=req.items.last().pk).update(approved_sha256="0" * 64)
        with pytest.raises(Conflict) as exc:
            services.stamp_all(field, req)
        assert exc.value.code == "version_mismatch"
        assert not Impression.objects.exists() and all(c.versions.count() == 1 for c in house_cards)

    def test_the_page_button(self, web, field, clerk, manager, seal, house_cards):
        req = services.create_request(
            field,
            purpose="房卡",
            recipient="housing_authority",
            batch=True,
            items=[{"version": c.current_version, "seal": seal} for c in house_cards],
        )
        req = services.approve_request(manager, services.submit_request(field, req))
        assert "全部登记实物用印" not in web(field).get(req.get_absolute_url()).content.decode()
        client = web(clerk)
        assert "全部登记实物用印" in client.get(req.get_absolute_url()).content.decode()
        page = client.post(reverse("seals:request-action", args=[req.pk, "record-all"]), follow=True)
        assert "已为全部明细登记实物用印" in page.content.decode()
        assert Impression.objects.filter(request=req).count() == 3

    def test_wrong_states_and_roles(self, api, field, clerk, seal, house_cards, outsider):
        req = services.submit_request(
            field,
            services.create_request(
                field,
                purpose="房卡",
                recipient="housing_authority",
                batch=True,
                items=[{"version": c.current_version, "seal": seal} for c in house_cards],
            ),
        )
        with pytest.raises(Conflict):
            services.record_all(clerk, req)  # not approved yet
        with pytest.raises(Forbidden):
            services.record_all(field, req)  # the requester keeps no seal
        assert api(outsider).post(URL, batch_body(house_cards, seal), format="json").status_code == 403
        answer = api(field).post(f"/api/v1/seal-requests/{req.pk}/stamp-all/", {}, format="json")
        assert answer.status_code == 409 and answer.json()["error"] == "nothing_to_use"

    @pytest.mark.parametrize(
        "change",
        [
            lambda b: b.update(items=[]),
            lambda b: b["items"][0].pop("document"),
            lambda b: b["items"][0].update(seal=999999),
            lambda b: b["items"][0].update(document=999999),
            lambda b: b["items"][0].update(impressions=0),
            lambda b: b["items"][0].update(mode="telepathy"),
            lambda b: b.update(recipient="moon"),
            lambda b: b.update(items=b["items"] * 70),
        ],
    )
    def test_bad_input(self, api, field, seal, house_cards, change):
        body = batch_body(house_cards, seal)
        change(body)
        answer = api(field).post(URL, body, format="json")
        assert answer.status_code == 400 and answer.json()["error"]
