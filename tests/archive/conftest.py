import io

import pytest

from archive import services
from demo.content import make_pdf


@pytest.fixture
def new_document(clerk, dossier, doc_type):
    from docstore.services import documents

    counter = {"n": 0}

    def make(code="sales_contract", title=None, dossier_obj=dossier, actor=None):
        counter["n"] += 1
        n = counter["n"]
        return documents.create_document(
            actor or clerk,
            file=io.BytesIO(make_pdf(title or f"文件 {n}", [f"第 {n} 份"], pages=1)),
            filename=f"file{n}.pdf",
            title=title or f"文件 {n}",
            doc_type=doc_type(code),
            dossier=dossier_obj,
        )

    return make


@pytest.fixture
def record(clerk, document):
    return services.file_document(clerk, document, year=2026)


@pytest.fixture
def box(clerk):
    room = services.create_location(clerk, kind="room", name="一号库房")
    cabinet = services.create_location(clerk, kind="cabinet", name="A柜", parent=room)
    shelf = services.create_location(clerk, kind="shelf", name="第1层", parent=cabinet)
    return services.create_location(
        clerk, kind="box", name="2026-D30-001", parent=shelf, year=2026, retention="D30"
    )


@pytest.fixture
def original(clerk, document, box):
    return services.register_original(clerk, document, kind="developer", home=box)
