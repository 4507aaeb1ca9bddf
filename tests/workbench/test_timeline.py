"""The dossier timeline: the whole paper trail in time order, filterable by kind, printable, linked."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def url(dossier, *kinds):
    base = reverse("workbench:dossier-timeline", args=[dossier.pk])
    return base + ("?" + "&".join(f"kind={k}" for k in kinds) if kinds else "")


def test_whole_trail_in_time_order(web, clerk, trail):
    response = web(clerk).get(url(trail.dossier))
    assert response.status_code == 200
    entries = response.context["entries"]
    labels = [e.label for e in entries]
    for step in ("建立案卷", "上传文档", "填写用章申请", "提交用章申请", "批准用章", "电子盖章", "归档", "登记原件",
                 "原件借出", "原件归还", "提交备案", "登记联络函"):  # fmt: skip
        assert step in labels, step
    times = [(e.event.created_at, e.event.seq) for e in entries]
    assert times == sorted(times)
    kinds = {e.kind for e in entries}
    assert kinds >= {"document", "seal", "stamp", "filing", "original", "letter"}
    html = response.content.decode()
    assert trail.record.archival_code in html
    assert trail.letter.number in html
    assert reverse("docstore:document-detail", args=[trail.document.pk]) in html
    assert "data-print" in html  # a print button; print CSS hides the filters
    moved = next(e for e in entries if e.label == "原件借出")
    assert "房管局" in moved.summary and "housing_authority" not in moved.summary
    stamped = next(e for e in entries if e.label == "电子盖章")
    assert "用印 2 次" in stamped.summary
    assert stamped.url == reverse("docstore:version-viewer", args=[trail.stamped.pk])


def test_filter_by_kind(web, clerk, trail):
    response = web(clerk).get(url(trail.dossier, "original"))
    entries = response.context["entries"]
    assert entries and {e.kind for e in entries} == {"original"}
    assert [e.label for e in entries] == ["登记原件", "原件借出", "原件归还"]
    html = response.content.decode()
    assert 'value="original" checked' in html
    both = web(clerk).get(url(trail.dossier, "seal", "stamp")).context["entries"]
    assert {e.kind for e in both} == {"seal", "stamp"}
    # unknown kinds are ignored: everything is shown
    assert len(web(clerk).get(url(trail.dossier, "bogus")).context["entries"]) == response.context["total"]


def test_template_fill_is_its_own_kind(web, manager, clerk, dossier, doc_type):
    import io

    from demo.content import make_docx
    from docstore.services import documents, templates

    template = documents.create_document(
        manager, file=io.BytesIO(make_docx("商品房买卖合同范本", ["买受人：{{ 买受人 }}", "房号：{{ 房号 }}"])),
        filename="t.docx", title="商品房买卖合同范本", doc_type=doc_type("contract_template"),
    )  # fmt: skip
    templates.fill_template(clerk, template, dossier=dossier, values={"买受人": "陈明", "房号": "3-1502"})
    entries = web(clerk).get(url(dossier, "template")).context["entries"]
    assert [e.label for e in entries] == ["由模板生成"]


def test_empty_states(web, clerk, dossier):
    html = web(clerk).get(url(dossier, "letter")).content.decode()
    assert "所选类别下没有记录。" in html


def test_other_dossiers_do_not_leak(web, clerk, trail):
    from docstore.services import dossiers

    other = dossiers.create_dossier(clerk, project="锦绣花园", building="5", unit="0101", customers=[])
    entries = web(clerk).get(url(other)).context["entries"]
    assert [e.label for e in entries] == ["建立案卷"]


def test_roles(web, users, trail):
    for who in ("clerk", "field", "manager", "admin"):
        assert web(users[who]).get(url(trail.dossier)).status_code == 200
    response = web(users["outsider"]).get(url(trail.dossier))
    assert response.status_code == 403
    assert "没有权限" in response.content.decode()


def test_missing_dossier_is_404(web, clerk):
    assert web(clerk).get("/dossiers/999999/timeline/").status_code == 404


def test_query_count_does_not_grow_with_the_trail(web, clerk, trail, django_assert_max_num_queries):
    from archive import services as archive

    client = web(clerk)
    with django_assert_max_num_queries(30) as small:
        client.get(url(trail.dossier))
    for _i in range(3):
        archive.check_out_original(
            clerk, trail.original, party_type="bank", holder_name="工商银行", purpose="按揭"
        )
        archive.return_original(clerk, trail.original)
        trail.original.refresh_from_db()
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url(trail.dossier))
    assert len(response.context["entries"]) > 15
