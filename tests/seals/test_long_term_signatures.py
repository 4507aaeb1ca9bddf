"""Long-term validity: with a timestamp authority configured the seal signature is PAdES B-LT (an RFC 3161
timestamp and the validation data in the file), without one it stays B-B; verification says which.

The TSA is local: a throwaway CA and TSA certificate made by the test, answering on 127.0.0.1."""

import io
import socket

import pytest
from django.urls import reverse

from accounts.audit_model import AuditEvent
from core.errors import DomainError
from docstore.models import Version
from seals import services
from seals.engine import signing
from seals.models import Impression
from storage.registry import get_store
from tests.seals.tsa import running_tsa


@pytest.fixture
def tsa(settings, tmp_path):
    with running_tsa(tmp_path) as local:
        settings.SEALS_TSA_URL = local.url
        settings.SEALS_TSA_CA_CERTS = str(local.ca_pem)
        yield local


@pytest.fixture
def no_tsa(settings, monkeypatch):
    settings.SEALS_TSA_URL = ""
    monkeypatch.delenv("SEALS_TSA_URL", raising=False)


def _content(version) -> bytes:
    with get_store().open(version.sha256) as stream:
        return stream.read()


def _pyhanko_lt_check(data: bytes, tsa_ca_pem) -> None:
    """pyHanko validates the signature and its timestamp from the embedded DSS alone: the roots, and nothing
    fetched (revocation checks: the test certificates name no CRL or OCSP responder)."""
    from asn1crypto import pem
    from asn1crypto import x509 as asn1_x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.dss import DocumentSecurityStore

    _type, _headers, der = pem.unarmor(tsa_ca_pem.read_bytes())
    roots = [*signing.identity().trust_roots, asn1_x509.Certificate.load(der)]
    reader = PdfFileReader(io.BytesIO(data))
    dss = DocumentSecurityStore.read_dss(reader)
    embedded = {cert.subject.human_friendly for cert in dss.load_certs()}
    assert any("电子印章" in name for name in embedded) and any("Test TSA" in name for name in embedded)
    context = dss.as_validation_context({"trust_roots": roots, "allow_fetching": False})
    status = signing._off_loop(validate_pdf_signature, reader.embedded_signatures[0], context)
    assert status.intact and status.valid and status.trusted
    assert status.timestamp_validity is not None and status.timestamp_validity.trusted


@pytest.mark.django_db
class TestStampedLevel:
    def test_with_a_tsa_the_stamped_pdf_is_b_lt(self, tsa, field, make_request):
        item = make_request("approved").items.get()
        new = services.stamp_item(field, item)
        data = _content(new)
        assert tsa.requests, "the TSA was asked"
        assert b"/DSS" in data  # the validation data, in the document security store
        _pyhanko_lt_check(data, tsa.ca_pem)
        result = services.verify_file(field, io.BytesIO(data))
        assert (result.status, result.level, result.long_term) == ("intact", "B-LT", True)
        assert result.timestamped_at is not None and result.item == item
        assert Impression.objects.get(item=item).result_version == new
        event = AuditEvent.objects.get(action="seal_request.stamped")
        assert event.details["signature_level"] == "B-LT"

    def test_without_a_tsa_it_stays_b_b(self, no_tsa, field, make_request):
        new = services.stamp_item(field, make_request("approved").items.get())
        data = _content(new)
        assert b"/DSS" not in data
        result = services.verify_file(field, io.BytesIO(data))
        assert (result.status, result.level, result.long_term, result.timestamped_at) == (
            "intact",
            "B-B",
            False,
            None,
        )

    def test_a_change_after_the_validation_data_is_still_seen(self, tsa, field, make_request):
        from pyhanko.pdf_utils import generic
        from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

        data = _content(services.stamp_item(field, make_request("approved").items.get()))
        writer = IncrementalPdfFileWriter(io.BytesIO(data))
        writer.root["/PageMode"] = generic.NameObject("/UseOutlines")  # not a DSS or timestamp update
        writer.update_root()
        out = io.BytesIO()
        writer.write(out)
        result = services.verify_file(field, io.BytesIO(out.getvalue()))
        assert result.status == "modified" and result.level == "B-LT"

    def test_tsa_down_nothing_is_stamped(self, settings, field, make_request, version):
        with socket.socket() as sock:  # a port nobody listens on
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        settings.SEALS_TSA_URL = f"http://127.0.0.1:{port}/tsa"
        settings.SEALS_TSA_TIMEOUT = 2
        item = make_request("approved").items.get()
        with pytest.raises(DomainError) as caught:
            services.stamp_item(field, item)
        assert (caught.value.status, caught.value.code) == (503, "tsa_unavailable")
        item.refresh_from_db()
        assert item.used == 0 and not Impression.objects.exists()
        assert not Version.objects.filter(document=version.document, origin="stamp").exists()

    def test_a_tsa_outside_the_trusted_roots_is_refused(self, tsa, settings, field, make_request):
        settings.SEALS_TSA_CA_CERTS = ""  # the system's trust list, which the test CA is not in
        with pytest.raises(DomainError) as caught:
            services.stamp_item(field, make_request("approved").items.get())
        assert caught.value.code == "tsa_unavailable"


@pytest.mark.django_db
class TestVerifySays:
    def test_api_reports_the_level(self, tsa, api, field, make_request):
        req = make_request("approved")
        item = req.items.get()
        stamped = api(field).post(f"/api/v1/seal-requests/{req.pk}/stamp", {"item": item.pk}, format="json")
        assert stamped.status_code == 201, stamped.content
        data = _content(Version.objects.get(pk=stamped.json()["id"]))
        answer = api(field).post("/api/v1/verify", {"file": io.BytesIO(data)}, format="multipart").json()
        assert answer["status"] == "intact" and answer["signature_level"] == "B-LT"
        assert answer["timestamped_at"]

    def test_api_503_when_the_tsa_is_down(self, settings, api, field, make_request):
        settings.SEALS_TSA_URL = "http://127.0.0.1:9/tsa"  # discard port: closed
        settings.SEALS_TSA_TIMEOUT = 2
        req = make_request("approved")
        answer = api(field).post(
            f"/api/v1/seal-requests/{req.pk}/stamp", {"item": req.items.get().pk}, format="json"
        )
        assert answer.status_code == 503 and answer.json()["error"] == "tsa_unavailable"

    def test_api_unsigned_file_has_no_level(self, api, field, pdf_bytes):
        answer = api(field).post("/api/v1/verify", {"file": io.BytesIO(pdf_bytes)}, format="multipart").json()
        assert answer["status"] == "unknown" and answer["signature_level"] is None

    @pytest.mark.parametrize("with_tsa", [True, False])
    def test_the_page_says_which_level(self, request, client, clerk, field, make_request, with_tsa):
        request.getfixturevalue("tsa" if with_tsa else "no_tsa")
        data = _content(services.stamp_item(field, make_request("approved").items.get()))
        client.force_login(clerk)
        page = client.post(reverse("seals:verify"), {"file": io.BytesIO(data)})
        text = page.content.decode()
        assert page.status_code == 200
        if with_tsa:
            assert "PAdES B-LT" in text and "长期有效" in text and "时间戳时间" in text
        else:
            assert "PAdES B-B" in text and "基础签名" in text and "时间戳时间" not in text
