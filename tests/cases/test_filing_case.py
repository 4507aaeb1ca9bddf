"""合同网签备案: the archive's filings join the case; the 备案号 goes into the ledger; the contract is filed."""

import pytest

from archive import services as archive
from archive.models import ArchiveRecord
from cases import services
from cases.models import Sale
from core.errors import Conflict, Forbidden
from tests.cases.conftest import step_of

pytestmark = pytest.mark.django_db


def test_the_filing_case_follows_the_archive_filing(clerk, field, dossier, document, template):
    with pytest.raises(Forbidden):
        services.open_case(field, dossier, template("online_filing"))
    case = services.open_case(clerk, dossier, template("online_filing"))
    with pytest.raises(Conflict) as exc:
        services.complete_step(clerk, step_of(case, 1))
    assert exc.value.extra["missing"] == ["网上备案：档案中尚未登记本案卷合同的网上备案"]
    filing = archive.submit_filing(clerk, document, kind="online_filing")
    services.complete_step(clerk, step_of(case, 1))
    with pytest.raises(Conflict) as exc:
        services.complete_step(clerk, step_of(case, 2))
    assert exc.value.extra["missing"] == ["备案号：网上备案尚未受理，还没有备案号"]
    archive.accept_filing(clerk, filing, filing_number="BA2026-001234")
    services.complete_step(clerk, step_of(case, 2))
    assert step_of(case, 2).data == {"filing_number": "BA2026-001234"}
    assert Sale.objects.get(dossier=dossier).filing_number == "BA2026-001234"
    services.complete_step(clerk, step_of(case, 3))
    services.complete_step(clerk, step_of(case, 4))
    assert ArchiveRecord.objects.filter(document=document).exists()
    case.refresh_from_db()
    assert case.status == "closed"


def test_filing_is_the_clerks(clerk, field, manager, dossier, document, template):
    case = services.open_case(clerk, dossier, template("online_filing"))
    archive.submit_filing(clerk, document, kind="online_filing")
    for who in (field, manager):
        with pytest.raises(Forbidden):
            services.complete_step(who, step_of(case, 1))
