import io

import pytest

from seals.demo import load
from seals.models import Impression, Seal, SealRequest


@pytest.mark.django_db
def test_demo_loads_twice_without_changes(users, field, clerk, manager, dossier, doc_type):
    from demo.content import make_pdf
    from docstore.services import documents

    documents.create_document(
        field,
        file=io.BytesIO(make_pdf("抵押合同", ["抵押人：陈明"], pages=2)),
        filename="m.pdf",
        title="房地产抵押合同 3-1502",
        doc_type=doc_type("mortgage_contract"),
        dossier=dossier,
    )
    out = io.StringIO()
    load(users, out)
    assert Seal.objects.count() == 4
    assert Seal.objects.filter(custodian=clerk).count() == 3
    assert set(Seal.objects.values_list("status", flat=True)) == {"active"}
    assert SealRequest.objects.get().status == "submitted"
    load(users, out)
    assert Seal.objects.count() == 4 and SealRequest.objects.count() == 1
    assert Impression.objects.count() == 0
