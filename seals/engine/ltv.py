"""Long-term validity of the seal signature (PAdES baseline levels, ETSI EN 319 142-1).

- B-B: the signature alone; it can be checked only while the signing certificate is valid.
- B-T: plus an RFC 3161 timestamp over the signature, from a timestamp authority (TSA): proof of when.
- B-LT: plus the validation data (the certificate chains of the signer and of the TSA, and the CRLs or OCSP
  responses their certificates point to) in the file's Document Security Store, so that it can be checked
  years later without asking anyone.

With SEALS_TSA_URL set, stamping asks that TSA and embeds the validation data (B-LT); without it the
signature stays B-B. SEALS_TSA_CA_CERTS names the certificates the TSA's chain ends in; without it the
system's CA bundle is used (public TSAs chain to it). The installation's own seal CA is always trusted.
"""

from functools import lru_cache
from pathlib import Path

from seals import conf

B_B, B_T, B_LT, B_LTA = "B-B", "B-T", "B-LT", "B-LTA"


class TimestampFailed(RuntimeError):
    """The timestamp authority did not answer, or its answer or its certificate chain could not be used."""


SYSTEM_BUNDLES = (
    "/etc/ssl/certs/ca-certificates.crt",
    "/etc/pki/tls/certs/ca-bundle.crt",
    "/etc/ssl/cert.pem",
)


def tsa_trust_roots() -> list:
    """The certificates a TSA's chain may end in (asn1crypto): SEALS_TSA_CA_CERTS, else the system bundle."""
    path = conf.tsa_ca_certs() or next((p for p in SYSTEM_BUNDLES if Path(p).is_file()), "")
    if not path:
        return []
    target = Path(path)
    return list(_load_bundle(str(target), target.stat().st_mtime_ns))


@lru_cache(maxsize=4)
def _load_bundle(path: str, _mtime: int) -> tuple:
    from asn1crypto import pem
    from asn1crypto import x509 as asn1_x509

    data = Path(path).read_bytes()
    if not pem.detect(data):
        return (asn1_x509.Certificate.load(data),)
    return tuple(
        asn1_x509.Certificate.load(der)
        for kind, _headers, der in pem.unarmor(data, multiple=True)
        if kind == "CERTIFICATE"
    )


def validation_context(own_roots, *, fetching: bool):
    """Trust the seal CA and the TSA's roots."""
    from pyhanko_certvalidator import ValidationContext

    return ValidationContext(
        trust_roots=[*own_roots, *tsa_trust_roots()], allow_fetching=fetching, revocation_mode="soft-fail"
    )


def timestamper():
    """An RFC 3161 client for the configured TSA, or None when none is configured."""
    url = conf.tsa_url()
    if not url:
        return None
    from pyhanko.sign.timestamps import HTTPTimeStamper

    return HTTPTimeStamper(url, timeout=conf.tsa_timeout())


def level_of(reader, signature, status) -> str:
    """The PAdES level of `signature` in this file, from what is in it (a signature timestamp, a DSS that holds
    the signer's certificate, a document timestamp after it)."""
    from pyhanko.sign.validation.dss import DocumentSecurityStore
    from pyhanko.sign.validation.errors import NoDSSFoundError

    if status is None or status.timestamp_validity is None:
        return B_B
    try:
        dss = DocumentSecurityStore.read_dss(reader)
    except NoDSSFoundError:
        return B_T
    signer = status.signing_cert
    if signer is None or not any(cert.dump() == signer.dump() for cert in dss.load_certs()):
        return B_T
    own_end = int(signature.sig_object["/ByteRange"][2]) + int(signature.sig_object["/ByteRange"][3])
    later_doc_timestamp = any(
        s.sig_object.get("/Type") == "/DocTimeStamp" and int(s.sig_object["/ByteRange"][2]) > own_end
        for s in reader.embedded_signatures
    )
    return B_LTA if later_doc_timestamp else B_LT
