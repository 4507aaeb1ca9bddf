"""A throwaway PostgreSQL cluster for the benchmarks (as scripts/run_tests.py starts one): `--db pg` in a
benchmark starts one on a free loopback port, in var/bench/pg-<name> so that generated data survives to the
next run, and stops it afterwards. Any other `--db` value is used as a DATABASE_URL as it is."""

import os
import shutil
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from run_tests import PostgresCluster  # noqa: E402


class KeptCluster(PostgresCluster):
    """The cluster of scripts/run_tests.py, in a folder kept between runs (initialised once)."""

    def __init__(self, folder: Path):
        super().__init__()
        self.folder = folder

    def start(self) -> str:
        import pwd

        self.tmp = self.folder
        data = self.folder / "data"
        self.folder.mkdir(parents=True, exist_ok=True)
        os.chmod(self.folder, 0o755)
        if os.geteuid() == 0:
            self.as_user = "nobody"
            entry = pwd.getpwnam(self.as_user)
            os.chown(self.folder, entry.pw_uid, entry.pw_gid)
        if not (data / "PG_VERSION").exists():
            shutil.rmtree(data, ignore_errors=True)
            subprocess.run(
                self._cmd([self.initdb, "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8"]),
                check=True,
                stdout=subprocess.DEVNULL,
                cwd=self.folder,
            )
        options = (
            f"-p {self.port} -k {self.folder} -h 127.0.0.1 -c max_connections=200 "
            "-c shared_buffers=256MB -c synchronous_commit=on"
        )
        subprocess.run(
            self._cmd(
                [self.pg_ctl, "-D", str(data), "-o", options, "-l", str(self.folder / "log"), "-w", "start"]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
            cwd=self.folder,
        )
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def stop(self) -> None:
        subprocess.run(
            self._cmd([self.pg_ctl, "-D", str(self.folder / "data"), "-m", "fast", "-w", "stop"]),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            cwd=self.folder,
        )


@contextmanager
def database(db: str | None, name: str):
    """The DATABASE_URL to use: None (the benchmark's SQLite file), a kept throwaway cluster for "pg", or the
    given URL."""
    if db != "pg":
        yield db
        return
    cluster = KeptCluster(ROOT / "var" / "bench" / f"pg-{name}")
    if not cluster.available:
        raise SystemExit("--db pg: initdb and pg_ctl are not installed")
    url = cluster.start()
    try:
        yield url
    finally:
        cluster.stop()


def fresh_database(db_url: str, name: str) -> str:
    """An empty database `name` on the server of `db_url` (dropped first when it exists); its URL."""
    import psycopg

    base = db_url.rsplit("/", 1)[0]
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{base}/{name}"
