import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from seals import services
from seals.models import SealLoan


@pytest.mark.django_db
def test_seal_overdue_lists_late_loans(field, manager, seal):
    loan = services.approve_seal_loan(
        manager,
        services.request_seal_loan(field, seal, purpose="a", due_at=timezone.now() + timedelta(hours=1)),
    )
    out = io.StringIO()
    call_command("seal_overdue", stdout=out, stderr=io.StringIO())
    assert out.getvalue() == ""
    SealLoan.objects.filter(pk=loan.pk).update(due_at=timezone.now() - timedelta(hours=5))
    call_command("seal_overdue", stdout=out, stderr=io.StringIO())
    assert seal.name in out.getvalue() and "5 h late" in out.getvalue()


def test_seal_signing_creates_the_certificate_outside_the_repo(signing_dir, settings):
    out = io.StringIO()
    call_command("seal_signing", stdout=out)
    assert (signing_dir / "signer.p12").exists()
    assert oct((signing_dir / "signer.p12").stat().st_mode)[-3:] == "600"
    assert "电子印章" in out.getvalue()


def test_pkcs12_from_the_environment(tmp_path, settings, monkeypatch):
    from seals.engine import signing

    other = tmp_path / "mine"
    signing._generate(other)  # any PKCS#12 with a key, a certificate and its CA
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.serialization import pkcs12

    bundle = pkcs12.load_pkcs12((other / "signer.p12").read_bytes(), None)
    protected = pkcs12.serialize_key_and_certificates(
        b"x",
        bundle.key,
        bundle.cert.certificate,
        [c.certificate for c in bundle.additional_certs],
        serialization.BestAvailableEncryption(b"s3cret"),
    )
    path = tmp_path / "configured.p12"
    path.write_bytes(protected)
    monkeypatch.setenv("SEAL_SIGNING_PKCS12", str(path))
    monkeypatch.setenv("SEAL_SIGNING_PKCS12_PASSWORD", "s3cret")
    from demo.content import make_pdf

    signed = signing.sign(make_pdf("x", ["y"]), reason="用章申请 #1/1")
    verdict = signing.verify(signed)
    assert verdict.intact and verdict.ours


def test_signing_works_inside_a_running_event_loop():
    """pyHanko's sync calls start their own loop; a caller that already runs one must still get a signature."""
    import asyncio

    from demo.content import make_pdf
    from seals.engine import signing

    async def inside():
        return signing.verify(signing.sign(make_pdf("x", ["y"]), reason="用章申请 #1/1"))

    try:
        asyncio.get_running_loop()
    except RuntimeError:  # the usual case: start a loop of our own
        loop = asyncio.new_event_loop()
        try:
            verdict = loop.run_until_complete(inside())
        finally:
            loop.close()
    else:  # a browser test left its loop running in this thread: that is the case itself
        verdict = signing.verify(signing.sign(make_pdf("x", ["y"]), reason="用章申请 #1/1"))
    assert verdict.intact
