"""The installation's signing certificate, PAdES signing and verification (pyHanko).

The certificate is made on first use under VAR_DIR/signing/ (a self-signed CA and a signing certificate it
issued, EC P-256), never in the repository or the database. SEAL_SIGNING_PKCS12 (+ _PASSWORD) points at a
PKCS#12 of the installation's own instead; its CA certificates (or the certificate itself when self-signed)
are the trust root.
"""

import datetime
import io
import logging
import os
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

from seals import conf
from seals.engine import ltv

log = logging.getLogger(__name__)
FIELD_NAME = "PaperTrailSeal"
MARKER = re.compile(r"#(\d+)/(\d+)")
_lock = threading.Lock()
_cache: dict = {}


@dataclass(frozen=True)
class SigningIdentity:
    signer: object  # pyhanko.sign.signers.SimpleSigner
    trust_roots: tuple  # asn1crypto certificates
    subject: str


def _generate(directory: Path) -> None:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    now = datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=1)
    org = conf.SIGNING_ORGANISATION

    def name(common):
        return x509.Name(
            [
                x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, org),
                x509.NameAttribute(NameOID.COMMON_NAME, common),
            ]
        )

    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = name(f"{org} 电子印章根证书")
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=365 * 20))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(name(f"{org} 电子印章"))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=365 * 10))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    p12 = pkcs12.serialize_key_and_certificates(b"seal-signer", key, cert, [ca], serialization.NoEncryption())
    for filename, data in (
        ("signer.p12", p12),
        ("ca.pem", ca.public_bytes(serialization.Encoding.PEM)),
    ):
        target = directory / filename
        tmp = directory / f".{filename}.tmp"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)
    log.warning("created the seal signing certificate in %s", directory)


def _load(p12_path: Path, password: bytes | None) -> SigningIdentity:
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives.serialization import Encoding, pkcs12
    from pyhanko.sign import signers

    bundle = pkcs12.load_pkcs12(p12_path.read_bytes(), password)
    extra = [c.certificate for c in bundle.additional_certs]
    cert = bundle.cert.certificate
    roots = [asn1_x509.Certificate.load(c.public_bytes(Encoding.DER)) for c in extra]
    if not roots and cert.issuer == cert.subject:
        roots = [asn1_x509.Certificate.load(cert.public_bytes(Encoding.DER))]
    signer = signers.SimpleSigner.load_pkcs12(str(p12_path), passphrase=password)
    if signer is None:
        raise RuntimeError(f"cannot load the signing PKCS#12 {p12_path}")
    return SigningIdentity(signer=signer, trust_roots=tuple(roots), subject=cert.subject.rfc4514_string())


def identity() -> SigningIdentity:
    """The installation's signer, made on first use."""
    env_path = conf.signing_pkcs12()
    if env_path:
        key = ("env", env_path)
        source, password = Path(env_path), (conf.signing_password() or "").encode() or None
    else:
        directory = conf.signing_dir()
        key = ("dir", str(directory))
        source, password = directory / "signer.p12", None
    with _lock:
        if key not in _cache:
            if not env_path and not source.exists():
                _generate(source.parent)
            _cache[key] = _load(source, password)
        return _cache[key]


def _off_loop(fn, *args, **kwargs):
    """pyHanko's sync API runs its own event loop: when one is already running here (a test runner, an async
    caller), do the work in a short-lived thread instead."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return fn(*args, **kwargs)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(fn, *args, **kwargs).result()


class SigningFailed(ValueError):
    """pyHanko could not sign this file (typically a broken cross-reference table)."""


def sign(data: bytes, *, reason: str, location: str = "") -> bytes:
    """PAdES B-B, or B-LT when a timestamp authority is configured (ltv.TimestampFailed when it fails)."""
    try:
        return _off_loop(_sign, data, reason=reason, location=location)
    except (OSError, RuntimeError):
        raise
    except Exception as exc:  # pyHanko's PdfReadError, PdfWriteError, SigningError...
        raise SigningFailed(str(exc)) from exc


def _sign(data: bytes, *, reason: str, location: str = "") -> bytes:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    ident = identity()
    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    import secrets

    timestamper = ltv.timestamper()
    long_term = {}
    if timestamper is not None:  # B-LT: the TSA's timestamp, then the validation data in the DSS
        long_term = {
            "embed_validation_info": True,
            "validation_context": ltv.validation_context(ident.trust_roots, fetching=True),
        }
    meta = signers.PdfSignatureMetadata(
        # one field per stamping: a stamped version can be stamped again under another request
        field_name=f"{FIELD_NAME}-{secrets.token_hex(4)}",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason,
        location=location or None,
        md_algorithm="sha256",
        **long_term,
    )
    if timestamper is None:
        return signers.sign_pdf(writer, meta, signer=ident.signer, in_place=False).getvalue()
    try:
        out = signers.sign_pdf(writer, meta, signer=ident.signer, timestamper=timestamper, in_place=False)
    except (
        Exception
    ) as exc:  # aiohttp's ClientError, pyHanko's TimestampRequestError, a path not validated...
        if _is_pdf_problem(exc):
            raise
        raise ltv.TimestampFailed(f"{exc.__class__.__name__}: {exc}") from exc
    return out.getvalue()


def _is_pdf_problem(exc: Exception) -> bool:
    from pyhanko.pdf_utils.misc import PdfError

    return isinstance(exc, PdfError)


@dataclass
class Verdict:
    """What verification found."""

    signed: bool = False  # carries one of our signatures at all
    ours: bool = False  # signed under this installation's trust root
    intact: bool = False  # the signed bytes are unchanged and nothing was appended
    appended: bool = False  # the signed revision is intact but changes were added after it
    signed_at: datetime.datetime | None = None
    signer: str = ""
    reason: str = ""
    revision_sha256: str = ""  # sha256 of the signed revision (what this installation stored)
    item_id: int | None = None
    request_id: int | None = None
    level: str = ""  # PAdES baseline level: B-B, B-T, B-LT, B-LTA
    timestamped_at: datetime.datetime | None = None  # the TSA's time, when there is a signature timestamp
    problems: list[str] = field(default_factory=list)


def subject_text(name) -> str:
    """A certificate's subject in the reader's language ("通用名称：… ；组织：…"), not asn1crypto's English."""
    from django.utils.translation import gettext as _

    labels = {
        "common_name": _("通用名称"),
        "organization_name": _("组织"),
        "organizational_unit_name": _("部门"),
        "locality_name": _("城市"),
        "state_or_province_name": _("省份"),
        "country_name": _("国家"),
        "email_address": _("电子邮件"),
    }
    parts = []
    for key, value in (name.native or {}).items():
        values = value if isinstance(value, list) else [value]
        parts.append(
            _("%(label)s：%(value)s") % {"label": labels.get(key, key), "value": "、".join(map(str, values))}
        )
    return _("；").join(parts)


def verify(data: bytes) -> Verdict:
    return _off_loop(_verify, data)


def _verify(data: bytes) -> Verdict:
    import hashlib

    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature

    verdict = Verdict()
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = [s for s in reader.embedded_signatures if s.field_name.startswith(FIELD_NAME)]
    except Exception as exc:  # pyHanko raises many kinds on a broken file
        verdict.problems.append(f"unreadable: {exc.__class__.__name__}")
        return verdict
    if not signatures:
        return verdict
    signature = max(signatures, key=lambda sig: int(sig.sig_object["/ByteRange"][2]))  # the latest one
    verdict.signed = True
    sig_dict = signature.sig_object
    verdict.reason = str(sig_dict.get("/Reason", ""))
    found = MARKER.search(verdict.reason)
    if found:
        verdict.request_id, verdict.item_id = int(found.group(1)), int(found.group(2))
    try:
        byte_range = [int(v) for v in sig_dict["/ByteRange"]]
        end = byte_range[2] + byte_range[3]
        verdict.revision_sha256 = hashlib.sha256(data[:end]).hexdigest()
    except (KeyError, ValueError, IndexError, TypeError):
        verdict.problems.append("no byte range")
    ident = identity()
    from pyhanko_certvalidator import ValidationContext

    # Only the seal CA: "ours" must mean signed under it, not under any root a TSA chains to.
    context = ValidationContext(
        trust_roots=list(ident.trust_roots), allow_fetching=False, revocation_mode="soft-fail"
    )
    try:
        status = validate_pdf_signature(signature, context)
    except Exception as exc:
        verdict.problems.append(f"validation failed: {exc.__class__.__name__}")
        return verdict
    verdict.signer = subject_text(status.signing_cert.subject) if status.signing_cert else ""
    verdict.signed_at = status.signer_reported_dt
    ours_cert = ident.signer.signing_cert
    verdict.ours = bool(status.trusted) or (
        status.signing_cert is not None and status.signing_cert.dump() == ours_cert.dump()
    )
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    verdict.level = ltv.level_of(reader, signature, status)
    if status.timestamp_validity is not None:
        verdict.timestamped_at = status.timestamp_validity.timestamp
    # B-LT adds its validation data (and B-LTA a document timestamp) after the signature: that is no change
    long_term = (
        status.coverage == SignatureCoverageLevel.ENTIRE_REVISION
        and status.modification_level is not None
        and status.modification_level <= ModificationLevel.LTA_UPDATES
    )
    whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE or long_term
    verdict.intact = bool(status.intact and status.valid and whole)
    verdict.appended = bool(status.intact and status.valid and not whole)
    if not (status.intact and status.valid):
        verdict.problems.append("signed bytes changed")
    return verdict
