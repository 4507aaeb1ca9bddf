"""Settings of the seals app, read when needed so tests can override them.

Environment variables:
  SEAL_SIGNING_PKCS12            path of a PKCS#12 (key + certificate + CA chain) to sign stamped PDFs with
  SEAL_SIGNING_PKCS12_PASSWORD   its password
  SEAL_SIGNING_DIR               where the self-made certificate lives (default VAR_DIR/signing)
  SEAL_SIGNING_ORGANISATION      the organisation named in a self-made certificate
  SEALS_SECOND_APPROVER          (config/settings.py) who decides when a chain leaves nobody
  SEALS_APPROVAL_VALID_DAYS      (config/settings.py) days an approval stays valid by default
  SEALS_CROSS_PAGE_MIN_STRIP_MM  narrowest strip of a cross-page seal on a page (mm; 0 = one impression)
  SEALS_TSA_URL                  an RFC 3161 timestamp authority: stamped PDFs are signed PAdES B-LT
  SEALS_TSA_CA_CERTS             PEM file of the certificates the TSA's chain ends in (empty: the system's)
  SEALS_TSA_TIMEOUT              seconds a timestamp request may take
  SEALS_EVIDENCE_DUE_DAYS        a physical item without evidence this many days after approval is an anomaly
"""

import os
from pathlib import Path

from django.conf import settings

from config.env import setting as _get

SIGNING_ORGANISATION = os.environ.get("SEAL_SIGNING_ORGANISATION", "锦绣置业有限公司")
PREVIEW_SCALE = 0.35  # inline page previews in the approval queue: about 200 px wide for A4


def signing_pkcs12() -> str:
    return getattr(settings, "SEAL_SIGNING_PKCS12", None) or os.environ.get("SEAL_SIGNING_PKCS12", "")


def signing_password() -> str:
    return getattr(settings, "SEAL_SIGNING_PKCS12_PASSWORD", None) or os.environ.get(
        "SEAL_SIGNING_PKCS12_PASSWORD", ""
    )


def signing_dir() -> Path:
    explicit = getattr(settings, "SEAL_SIGNING_DIR", None) or os.environ.get("SEAL_SIGNING_DIR")
    return Path(explicit) if explicit else Path(settings.VAR_DIR) / "signing"


def second_approver() -> str:
    return (getattr(settings, "SEALS_SECOND_APPROVER", "") or "").strip()


def approval_valid_days() -> int:
    return int(getattr(settings, "SEALS_APPROVAL_VALID_DAYS", 30) or 30)


def cross_page_min_strip_mm() -> float:
    value = _get("SEALS_CROSS_PAGE_MIN_STRIP_MM", os.environ.get("SEALS_CROSS_PAGE_MIN_STRIP_MM") or 2)
    return max(float(value), 0.0)


def tsa_url() -> str:
    return (_get("SEALS_TSA_URL", None) or os.environ.get("SEALS_TSA_URL", "")).strip()


def tsa_ca_certs() -> str:
    return _get("SEALS_TSA_CA_CERTS", None) or os.environ.get("SEALS_TSA_CA_CERTS", "")


def tsa_timeout() -> float:
    return float(_get("SEALS_TSA_TIMEOUT", os.environ.get("SEALS_TSA_TIMEOUT") or 10))


def evidence_due_days() -> int:
    return int(_get("SEALS_EVIDENCE_DUE_DAYS", os.environ.get("SEALS_EVIDENCE_DUE_DAYS") or 3))
