"""A local RFC 3161 timestamp authority for the tests: a throwaway CA, a TSA certificate it issued, and
pyHanko's DummyTimeStamper answering HTTP POSTs on 127.0.0.1 (no internet)."""

import datetime
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from asn1crypto import keys, tsp
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from pyhanko.sign.timestamps import DummyTimeStamper


def _name(common: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "测试时间戳机构"),
            x509.NameAttribute(NameOID.COMMON_NAME, common),
        ]
    )


def make_tsa_identity():
    """(CA certificate, TSA certificate, TSA key), cryptography objects, made fresh for the test."""
    now = datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=1)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = (
        x509.CertificateBuilder()
        .subject_name(_name("Test TSA Root"))
        .issuer_name(_name("Test TSA Root"))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)  # pyHanko's dummy TSA signs RSA only
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name("Test TSA"))
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    return ca, cert, key


@dataclass
class LocalTSA:
    url: str
    ca_pem: Path
    requests: list  # one entry per timestamp request answered


def _der(cert: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


class _Handler(BaseHTTPRequestHandler):
    stamper: DummyTimeStamper
    seen: list

    def do_POST(self):  # noqa: N802 (http.server's name)
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        request = tsp.TimeStampReq.load(body)
        answer = self.stamper.request_tsa_response(request).dump()
        self.seen.append(self.headers.get("Content-Type"))
        self.send_response(200)
        self.send_header("Content-Type", "application/timestamp-reply")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):  # quiet
        pass


class running_tsa:
    """Context manager: a TSA on 127.0.0.1 (a free port) whose CA PEM is written under `folder`."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def __enter__(self) -> LocalTSA:
        ca, cert, key = make_tsa_identity()
        key_der = key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        stamper = DummyTimeStamper(
            tsa_cert=_der(cert), tsa_key=keys.PrivateKeyInfo.load(key_der), certs_to_embed=[_der(ca)]
        )
        seen: list = []
        handler = type("TSAHandler", (_Handler,), {"stamper": stamper, "seen": seen})
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        ca_pem = self.folder / "tsa-ca.pem"
        ca_pem.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
        return LocalTSA(url=f"http://127.0.0.1:{self.server.server_port}/tsa", ca_pem=ca_pem, requests=seen)

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)
