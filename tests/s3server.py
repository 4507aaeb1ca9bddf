"""A real S3-protocol server on loopback for the MinIO backend tests: MinIO's own binary when it is on PATH,
otherwise moto's standalone server from PyPI. Started and stopped by the tests themselves."""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait(port: int, timeout: float = 30.0) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"S3 server did not start on port {port}")


@contextmanager
def s3_server():
    port = _free_port()
    access, secret = "testaccess", "testsecret123"
    minio = shutil.which("minio")
    tmp = tempfile.mkdtemp(prefix="s3-")
    if minio:
        env = dict(os.environ, MINIO_ROOT_USER=access, MINIO_ROOT_PASSWORD=secret)
        cmd = [minio, "server", tmp, "--address", f"127.0.0.1:{port}", "--quiet"]
        kind = "minio"
    else:
        env = dict(os.environ, AWS_ACCESS_KEY_ID=access, AWS_SECRET_ACCESS_KEY=secret)
        cmd = [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)]
        kind = "moto"
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait(port)
        yield {"endpoint": f"127.0.0.1:{port}", "access_key": access, "secret_key": secret, "kind": kind}
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(tmp, ignore_errors=True)
