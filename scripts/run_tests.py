#!/usr/bin/env python
"""The whole pytest suite on SQLite, then again on a throwaway PostgreSQL cluster.

The PostgreSQL leg starts its own cluster in a temporary folder on a free port, as an unprivileged user when
run as root (PostgreSQL refuses root), and stops it afterwards. One summary line per leg; with CI=true a
missing PostgreSQL is a failure, not a skip.
"""

import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
CI = os.environ.get("CI", "").lower() == "true"


def find_pg_bin(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    for candidate in sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True):
        return str(candidate)
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def counts(junit: Path) -> dict:
    result = {"passed": 0, "failed": 0, "skipped": 0, "errors": 0}
    if not junit.exists():
        return result
    for suite in ET.parse(junit).getroot().iter("testsuite"):
        tests = int(suite.get("tests", 0))
        failed = int(suite.get("failures", 0))
        errors = int(suite.get("errors", 0))
        skipped = int(suite.get("skipped", 0))
        result["failed"] += failed
        result["errors"] += errors
        result["skipped"] += skipped
        result["passed"] += tests - failed - errors - skipped
    return result


def run_leg(name: str, env_extra: dict, args: list[str]) -> tuple[int, dict]:
    work = Path(tempfile.mkdtemp(prefix=f"test-{name}-", dir=ROOT / "var"))
    junit = work / "junit.xml"
    env = dict(os.environ)
    env.update(
        {
            "TASKS_BACKEND": "immediate",
            "STORAGE_DIR": str(work / "blobs"),
            "VAR_DIR": str(work),
            "TEST_LEG": name,
            "PYTHONDONTWRITEBYTECODE": "1",
        }
    )
    env.update(env_extra)
    print(f"=== leg {name} ===", flush=True)
    code = subprocess.call([PYTHON, "-m", "pytest", "-q", f"--junitxml={junit}", *args], cwd=ROOT, env=env)
    result = counts(junit)
    shutil.rmtree(work, ignore_errors=True)
    if code == 5:  # no tests collected is not a pass
        code = 1
    return code, result


class PostgresCluster:
    def __init__(self):
        self.initdb = find_pg_bin("initdb")
        self.pg_ctl = find_pg_bin("pg_ctl")
        self.port = free_port()
        self.tmp = None
        self.as_user = None

    @property
    def available(self) -> bool:
        return bool(self.initdb and self.pg_ctl)

    def _cmd(self, args: list[str]) -> list[str]:
        if self.as_user:
            return ["runuser", "-u", self.as_user, "--", *args]
        return args

    def start(self) -> str:
        self.tmp = Path(tempfile.mkdtemp(prefix="pgtest-"))
        os.chmod(self.tmp, 0o755)
        data = self.tmp / "data"
        if os.geteuid() == 0:
            self.as_user = "nobody"
            entry = pwd.getpwnam(self.as_user)
            os.chown(self.tmp, entry.pw_uid, entry.pw_gid)
        subprocess.run(
            self._cmd(
                [self.initdb, "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
            cwd=self.tmp,
        )
        options = f"-p {self.port} -k {self.tmp} -h 127.0.0.1 -c fsync=off -c max_connections=100"
        subprocess.run(
            self._cmd(
                [self.pg_ctl, "-D", str(data), "-o", options, "-l", str(self.tmp / "log"), "-w", "start"]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
            cwd=self.tmp,
        )
        time.sleep(0.2)
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def stop(self) -> None:
        if self.tmp is None:
            return
        subprocess.run(
            self._cmd([self.pg_ctl, "-D", str(self.tmp / "data"), "-m", "fast", "-w", "stop"]),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            cwd=self.tmp,
        )
        shutil.rmtree(self.tmp, ignore_errors=True)


def main() -> int:
    args = sys.argv[1:]
    (ROOT / "var").mkdir(exist_ok=True)
    summary = []
    failed = False

    code, result = run_leg("sqlite", {}, args)
    summary.append(("sqlite", code, result))
    failed |= code != 0

    cluster = PostgresCluster()
    if cluster.available:
        try:
            url = cluster.start()
            code, result = run_leg("postgresql", {"DATABASE_URL": url}, args)
        except subprocess.CalledProcessError as exc:
            print(f"could not start PostgreSQL: {exc}", flush=True)
            code, result = 1, counts(Path("/nonexistent"))
        finally:
            cluster.stop()
        summary.append(("postgresql", code, result))
        failed |= code != 0
    elif CI:
        print("PostgreSQL (initdb, pg_ctl) is missing and CI=true: failing", flush=True)
        summary.append(("postgresql", 1, None))
        failed = True
    else:
        summary.append(("postgresql", None, None))

    print("")
    total = {"passed": 0, "failed": 0, "skipped": 0}
    for name, code, result in summary:
        if code is None:
            print(f"leg {name}: skipped (initdb/pg_ctl not on PATH)")
            continue
        if result is None:
            print(f"leg {name}: FAILED (not available)")
            continue
        status = "ok" if code == 0 else "FAILED"
        bad = result["failed"] + result["errors"]
        print(f"leg {name}: {status}: {result['passed']} passed, {bad} failed, {result['skipped']} skipped")
        total["passed"] += result["passed"]
        total["failed"] += bad
        total["skipped"] += result["skipped"]
    if failed and total["failed"] == 0:
        total["failed"] = 1  # a leg that could not run counts as a failure
    print(f"total: {total['passed']} passed, {total['failed']} failed, {total['skipped']} skipped")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
