import pytest

from cases import services
from cases.models import Case
from core.errors import Conflict
from tests.cases.conftest import papers, step_of

pytestmark = pytest.mark.django_db


def test_smoke(mortgage, field, add_doc, dossier):
    first = step_of(mortgage, 1)
    with pytest.raises(Conflict) as exc:
        services.complete_step(field, first)
    print(exc.value.detail)
    papers(add_doc, dossier)
    services.complete_step(field, first)
    case = Case.objects.get(pk=mortgage.pk)
    assert case.current_number == 2
