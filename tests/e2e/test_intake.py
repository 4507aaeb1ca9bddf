"""Intake like Paperless-ngx in a real browser (issue 11, item 5): three files dropped on a dossier upload one by
one with their own progress; the bad one says why and the two others are filed; on the upload page a refused
file keeps the form and names the file to choose again."""

import base64

import pytest

from tests.e2e.conftest import shot
from tests.e2e.test_workbench import office, people  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

DROP = """
([zoneSelector, files]) => {
  const transfer = new DataTransfer();
  for (const [name, type, b64] of files) {
    const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
    transfer.items.add(new File([bytes], name, {type}));
  }
  const zone = document.querySelector(zoneSelector);
  for (const kind of ["dragenter", "dragover", "drop"]) {
    zone.dispatchEvent(new DragEvent(kind, {bubbles: true, cancelable: true, dataTransfer: transfer}));
  }
}
"""


def _files():
    from demo.content import make_pdf

    pdf = lambda title: base64.b64encode(make_pdf(title, ["第一条"], pages=1)).decode()  # noqa: E731
    return [
        ["首付款收据.pdf", "application/pdf", pdf("首付款收据")],
        ["病毒.exe", "application/octet-stream", base64.b64encode(b"MZ\x90\x00 not a document").decode()],
        ["户型图说明.pdf", "application/pdf", pdf("户型图说明")],
    ]


def test_drop_many_files_on_a_dossier(browser, office):  # noqa: F811
    from docstore.models import Document

    browser.expected.append("/api/v1/documents")  # the refused file's 415 is logged by the browser
    page = browser.login("clerk1")
    page.goto(office["dossier"].get_absolute_url())
    zone = page.get_by_test_id("dropzone")
    assert zone.is_visible()
    page.evaluate(DROP, ["[data-dropzone]", _files()])
    lines = page.locator(".dropzone-file")
    page.wait_for_function(
        "() => document.querySelectorAll('.dropzone-file.done, .dropzone-file.failed').length === 3"
    )
    assert lines.count() == 3
    assert page.locator(".dropzone-file.done").count() == 2
    bad = page.locator('.dropzone-file[data-file="病毒.exe"]')
    assert "failed" in bad.get_attribute("class") and "未上传" in bad.inner_text()
    assert page.locator("[data-dropzone-summary]").inner_text() == "已上传 2 个，未上传 1 个。"
    shot(page, "intake-dropzone", readme=True, full_page=False)
    titles = set(Document.objects.filter(dossier=office["dossier"]).values_list("title", flat=True))
    assert {"首付款收据", "户型图说明"} <= {t.removesuffix(".pdf") for t in titles}
    page.locator(".dropzone-file.done a").first.click()
    page.wait_for_url("**/documents/*/")


def test_refused_upload_keeps_the_form(browser, office):  # noqa: F811
    browser.expected.append("/documents/new/")  # the refusal is a 415 page
    page = browser.login("clerk1")
    page.goto(f"/documents/new/?dossier={office['dossier'].pk}")
    page.locator("#id_file").set_input_files(
        files=[{"name": "扫描件.exe", "mimeType": "application/octet-stream", "buffer": b"MZ\x90\x00 nope"}]
    )
    page.locator("#id_title").fill("首付款收据 3-1502")
    page.locator("#id_doc_type").select_option("attachment")
    page.locator("#id_comment").fill("客户补交")
    page.get_by_role("button", name="上传", exact=True).click()
    assert page.get_by_test_id("reselect").inner_text().startswith("请重新选择文件“扫描件.exe”")
    assert page.locator("#id_title").input_value() == "首付款收据 3-1502"
    assert page.locator("#id_comment").input_value() == "客户补交"
    assert page.locator("#id_dossier").input_value() == str(office["dossier"].pk)
