"""Contract templates: placeholders found also where Word split them across runs (body, tables, nested
tables, text boxes, headers and footers incl. first-page and even-page ones), filled from the dossier."""

import io

import pytest
from docx import Document as Docx
from docx.oxml import parse_xml

from docstore import templating
from docstore.derive import docx_text
from docstore.models import Document, Version
from docstore.services import documents, dossiers, templates
from storage.registry import get_store

pytestmark = pytest.mark.django_db

TEXTBOX = (
    '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape style="width:200pt;height:40pt">'
    "<v:textbox><w:txbxContent><w:p><w:r><w:t>房号：{{ 楼</w:t></w:r><w:r><w:t>栋房号 }}</w:t></w:r></w:p>"
    "</w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
)


def _runs(paragraph, *pieces, bold_first=False):
    for i, piece in enumerate(pieces):
        run = paragraph.add_run(piece)
        if i == 0 and bold_first:
            run.bold = True


def make_template() -> bytes:
    doc = Docx()
    section = doc.sections[0]
    # body, split across three runs; the first run is bold
    _runs(doc.add_paragraph(), "买受人：{{ 客", "户姓", "名 }}，证件号码：{{证件号码}}", bold_first=True)
    _runs(doc.add_paragraph(), "English alias: {{ customer_name }}")
    # table with a nested table
    table = doc.add_table(rows=1, cols=2)
    _runs(table.cell(0, 0).paragraphs[0], "建筑面积：{{ 面", "积 }} 平方米")
    nested = table.cell(0, 1).add_table(rows=1, cols=1)
    _runs(nested.cell(0, 0).paragraphs[0], "总价：{{ 总", "价 }} 元")
    # a text box
    holder = doc.add_paragraph("见右侧：")
    holder._p.append(parse_xml(TEXTBOX))
    # headers and footers: default, first page, even page
    section.different_first_page_header_footer = True
    doc.settings.odd_and_even_pages_header_footer = True
    _runs(section.header.paragraphs[0], "{{ 项", "目 }} 商品房买卖合同")
    _runs(section.first_page_header.paragraphs[0], "首页：{{ 合同", "编号 }}")
    _runs(section.even_page_footer.paragraphs[0], "付款方式：{{ 付款", "方式 }}")
    _runs(section.footer.paragraphs[0], "日期：{{ 日期 }}")
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


EXPECTED = [
    "客户姓名",
    "证件号码",
    "customer_name",
    "面积",
    "总价",
    "楼栋房号",
    "项目",
    "合同编号",
    "付款方式",
    "日期",
]
TYPED = {"面积": "89.5", "总价": "1,268,000", "合同编号": "HT-2026-0012", "付款方式": "按揭"}


@pytest.fixture
def template(manager, doc_type):
    return documents.create_document(
        manager,
        file=io.BytesIO(make_template()),
        filename="商品房买卖合同范本.docx",
        title="商品房买卖合同范本",
        doc_type=doc_type("contract_template"),
    )


def _stored(document) -> bytes:
    with get_store().open(document.current_version.sha256) as stream:
        return stream.read()


def test_fields_found_everywhere_even_split():
    assert sorted(templating.fields(make_template())) == sorted(EXPECTED)


def test_fields_api(api, clerk, template):
    response = api(clerk).get(f"/api/v1/templates/{template.pk}/fields")
    assert response.status_code == 200
    body = response.json()
    assert sorted(body["fields"]) == sorted(EXPECTED)
    assert {"name": "客户姓名", "alias": "customer_name"}.items() <= body["dossier_fields"][0].items()


def test_fill_api_creates_document_in_dossier(api, clerk, template, dossier):
    response = api(clerk).post(
        f"/api/v1/templates/{template.pk}/fill",
        {"dossier": dossier.pk, "values": TYPED},
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    document = Document.objects.get(pk=body["id"])
    assert document.dossier == dossier and document.doc_type.code == "sales_contract"
    assert body["title"] == "商品房买卖合同范本 3-1502"
    version = document.current_version
    assert version.origin == Version.Origin.TEMPLATE
    assert version.origin_detail["template_version"] == template.current_version.pk
    data = _stored(document)
    text = docx_text(io.BytesIO(data))
    for expected in [
        "买受人：陈明，证件号码：110101198003071234",
        "English alias: 陈明",
        "建筑面积：89.5 平方米",
        "总价：1,268,000 元",
        "房号：3-1502",
        "锦绣花园 商品房买卖合同",
        "首页：HT-2026-0012",
        "付款方式：按揭",
    ]:
        assert expected in text, expected
    assert "{{" not in text and "}}" not in text
    # the first run keeps its formatting: the value sits in the bold run
    first = Docx(io.BytesIO(data)).paragraphs[0]
    assert first.runs[0].bold is True and "陈明" in first.runs[0].text
    assert templating.fields(data) == []


def test_missing_values_reported_before_generating(api, clerk, template, dossier):
    before = Document.objects.count()
    response = api(clerk).post(
        f"/api/v1/templates/{template.pk}/fill",
        {"dossier": dossier.pk, "values": {"面积": "90"}},
        format="json",
    )
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "missing_values"
    assert sorted(body["missing"]) == ["付款方式", "合同编号", "总价"]
    assert Document.objects.count() == before


def test_dossier_without_customers_reports_them(api, clerk, template):
    empty = dossiers.create_dossier(clerk, project="滨江一号", building="2", unit="2203")
    response = api(clerk).post(
        f"/api/v1/templates/{template.pk}/fill", {"dossier": empty.pk, "values": TYPED}, format="json"
    )
    assert response.status_code == 400
    assert {"客户姓名", "证件号码", "customer_name"} <= set(response.json()["missing"])


def test_typed_value_overrides_dossier(api, clerk, template, dossier):
    response = api(clerk).post(
        f"/api/v1/templates/{template.pk}/fill",
        {"dossier": dossier.pk, "values": {**TYPED, "客户姓名": "陈明、林小红"}},
        format="json",
    )
    text = docx_text(io.BytesIO(_stored(Document.objects.get(pk=response.json()["id"]))))
    assert "买受人：陈明、林小红" in text


@pytest.mark.parametrize("who,status", [("outsider", 403), ("admin", 403)])
def test_forbidden_roles(api, users, template, dossier, who, status):
    response = api(users[who]).post(
        f"/api/v1/templates/{template.pk}/fill", {"dossier": dossier.pk, "values": TYPED}, format="json"
    )
    assert response.status_code == status


def test_only_manager_changes_templates(api, clerk, template):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = api(clerk).post(
        f"/api/v1/documents/{template.pk}/versions/",
        {"file": SimpleUploadedFile("t.docx", make_template())},
        format="multipart",
    )
    assert response.status_code == 403


def test_not_a_template(api, clerk, document, dossier):
    assert api(clerk).get(f"/api/v1/templates/{document.pk}/fields").status_code == 404
    with pytest.raises(Exception) as exc:
        templates.template_fields(document)
    assert getattr(exc.value, "code", "") == "not_a_template"


def test_bad_input(api, clerk, template):
    response = api(clerk).post(f"/api/v1/templates/{template.pk}/fill", {"values": TYPED}, format="json")
    assert response.status_code == 400


def test_pdf_without_libreoffice_is_reported(api, clerk, template, dossier, settings):
    settings.SOFFICE_PATH = "/nonexistent/soffice"
    response = api(clerk).post(
        f"/api/v1/templates/{template.pk}/fill",
        {"dossier": dossier.pk, "values": TYPED, "pdf": True},
        format="json",
    )
    assert response.status_code == 400 and response.json()["error"] == "pdf_unavailable"


@pytest.mark.skipif(
    templating.soffice() is None,
    reason="LibreOffice (soffice) is not installed; CI installs libreoffice-writer-nogui and fonts-noto-cjk",
)
def test_pdf_through_libreoffice(api, clerk, template, dossier, run_on_commit):
    """The PDF is made by the background work (issue 11): here the immediate backend runs it on commit."""
    from docstore.derive import pdf_text

    response = api(clerk).post(
        f"/api/v1/templates/{template.pk}/fill",
        {"dossier": dossier.pk, "values": TYPED, "pdf": True},
        format="json",
    )
    assert response.status_code == 201, response.content
    document = Document.objects.get(pk=response.json()["id"])
    versions = list(document.versions.order_by("number"))
    assert [v.media_type for v in versions] == [
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/pdf",
    ]
    assert versions[1].origin_detail["rendition_of"] == versions[0].pk
    path = get_store().path_for(versions[1].sha256)
    assert "陈明" in pdf_text(str(path))


@pytest.mark.skipif(templating.soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_docx_viewer_shows_the_pdf_rendition(api, web, clerk, template, dossier, run_on_commit):
    response = api(clerk).post(
        f"/api/v1/templates/{template.pk}/fill",
        {"dossier": dossier.pk, "values": TYPED, "pdf": True},
        format="json",
    )
    docx_version = Document.objects.get(pk=response.json()["id"]).versions.get(number=1)
    page = web(clerk).get(f"/versions/{docx_version.pk}/view/").content.decode()
    assert "显示的是 PDF 版本（v2）的页面" in page and "preview-pending" not in page
    image = web(clerk).get(f"/versions/{docx_version.pk}/pages/1.png")
    assert image["Content-Type"] == "image/jpeg" and "X-Preview-Status" not in image


class TestPage:
    def test_lists_placeholders_and_fills(self, web, clerk, template, dossier):
        client = web(clerk)
        page = client.get(f"/templates/{template.pk}/").content.decode()
        for name in EXPECTED:
            assert name in page
        form = {"dossier": dossier.pk}
        for index, name in enumerate(templating.fields(make_template())):
            form[f"value_{index}"] = TYPED.get(name, "")
        response = client.post(f"/templates/{template.pk}/", form)
        assert response.status_code == 302
        created = Document.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))
        assert created.current_version.origin == "template"

    def test_missing_shown_on_page(self, web, clerk, template, dossier):
        response = web(clerk).post(f"/templates/{template.pk}/", {"dossier": dossier.pk})
        assert response.status_code == 400
        page = response.content.decode()
        assert "未生成任何文档" in page and "合同编号" in page

    def test_document_page_links_to_fill(self, web, clerk, template):
        page = web(clerk).get(f"/documents/{template.pk}/").content.decode()
        assert f"/templates/{template.pk}/" in page
