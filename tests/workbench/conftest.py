"""A dossier with a whole paper trail, built through the other apps' services (so the audit trail is real)."""

import pytest

from tests.workbench.builders import build_trail, make_active_seal


@pytest.fixture(scope="session")
def wb_signing_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("wb-signing")


@pytest.fixture(autouse=True)
def _wb_signing(settings, wb_signing_dir):
    settings.SEAL_SIGNING_DIR = str(wb_signing_dir)


@pytest.fixture
def active_seal(manager, clerk):
    return make_active_seal(manager, clerk)


@pytest.fixture
def trail(clerk, field, manager, dossier, document, active_seal):
    return build_trail(clerk, field, manager, dossier, document, active_seal)
