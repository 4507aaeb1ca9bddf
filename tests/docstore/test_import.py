"""manage.py import_folder: folder tree to dossiers, skip what is stored, report refusals, re-run safely."""

import io

import pytest
from django.core.management import CommandError, call_command

from demo.content import make_docx, make_pdf, make_png
from docstore.models import Document, Dossier

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(tmp_path):
    root = tmp_path / "import"
    (root / "锦绣花园" / "3-1502").mkdir(parents=True)
    (root / "锦绣花园" / "3-1502" / "商品房买卖合同.pdf").write_bytes(make_pdf("合同", ["3-1502"]))
    (root / "锦绣花园" / "3-1502" / "附件").mkdir()
    (root / "锦绣花园" / "3-1502" / "附件" / "户型图.png").write_bytes(make_png())
    (root / "锦绣花园" / "5-0801").mkdir(parents=True)
    (root / "锦绣花园" / "5-0801" / "借款合同.docx").write_bytes(make_docx("借款合同", ["借款"]))
    (root / "锦绣花园" / "5-0801" / "病毒.exe").write_bytes(b"MZ\x90\x00")
    (root / "锦绣花园" / "5-0801" / "空.pdf").write_bytes(b"")
    (root / "锦绣花园" / "5-0801" / ".DS_Store").write_bytes(b"junk")
    (root / "散落文件.pdf").write_bytes(make_pdf("散落", ["x"]))
    return root


def _run(*args) -> str:
    out = io.StringIO()
    call_command("import_folder", *args, "--no-progress", stdout=out)
    return out.getvalue()


def test_import_maps_folders_and_reports(tree, clerk, manager):
    output = _run(str(tree), "--as", "clerk1")
    assert "imported 3, skipped 0 (already stored), refused 3, new dossiers 2" in output
    assert "病毒.exe" in output and "不支持的文件类型" in output
    assert "空.pdf" in output and "文件为空" in output
    assert "散落文件.pdf" in output and "路径不符合" in output
    dossier = Dossier.objects.get(project="锦绣花园", building="3", unit="1502")
    titles = sorted(dossier.documents.values_list("title", flat=True))
    assert titles == ["商品房买卖合同", "户型图"]
    assert Document.objects.get(title="商品房买卖合同").doc_type.code == "sales_contract"
    assert Document.objects.get(title="借款合同").doc_type.code == "loan_contract"
    assert Document.objects.get(title="户型图").created_by == clerk


def test_rerun_imports_only_what_is_missing(tree, clerk):
    _run(str(tree), "--as", "clerk1")
    (tree / "锦绣花园" / "3-1502" / "补充协议.pdf").write_bytes(make_pdf("补充协议", ["新"]))
    output = _run(str(tree), "--as", "clerk1")
    assert "imported 1, skipped 3 (already stored), refused 3, new dossiers 0" in output
    assert Document.objects.count() == 4


def test_mapping_option(tmp_path, clerk):
    root = tmp_path / "other"
    (root / "2026" / "滨江一号_2_2203").mkdir(parents=True)
    (root / "2026" / "滨江一号_2_2203" / "a.pdf").write_bytes(make_pdf("a", ["a"]))
    output = _run(
        str(root),
        "--as",
        "clerk1",
        "--mapping",
        r"^\d+/(?P<project>[^_/]+)_(?P<building>[^_/]+)_(?P<unit>[^/]+)/[^/]+$",
    )
    assert "imported 1" in output
    assert Dossier.objects.filter(project="滨江一号", building="2", unit="2203").exists()


def test_bad_arguments(tmp_path, clerk, field):
    with pytest.raises(CommandError):
        _run(str(tmp_path / "missing"), "--as", "clerk1")
    with pytest.raises(CommandError):
        _run(str(tmp_path), "--as", "nobody")
    with pytest.raises(CommandError):
        _run(str(tmp_path), "--as", "clerk1", "--mapping", "(?P<x>.*)")


def test_default_actor_is_the_manager(tree, manager):
    _run(str(tree))
    assert Document.objects.filter(created_by=manager).count() == 3


# ---- issue 9.7: a symbolic link is never followed, and each one skipped is named in the report


@pytest.fixture
def outside(tmp_path):
    """Files next to the import folder, not under it: what a link must never bring in."""
    folder = tmp_path / "outside"
    (folder / "3-0909").mkdir(parents=True)
    (folder / "secret.pdf").write_bytes(make_pdf("工资表", ["不应导入"]))
    (folder / "3-0909" / "抵押合同.pdf").write_bytes(make_pdf("抵押合同", ["不应导入"]))
    return folder


def test_symlinks_out_of_the_root_and_loops_are_skipped_and_named(tree, outside, clerk):
    unit = tree / "锦绣花园" / "3-1502"
    # a file outside, a folder outside, a loop, and a link that stays inside the root (skipped too)
    (unit / "工资表.pdf").symlink_to(outside / "secret.pdf")
    (tree / "锦绣花园" / "3-0909").symlink_to(outside / "3-0909", target_is_directory=True)
    (unit / "附件" / "回环").symlink_to(tree / "锦绣花园", target_is_directory=True)
    (unit / "合同副本.pdf").symlink_to(unit / "商品房买卖合同.pdf")

    output = _run(str(tree), "--as", "clerk1")

    assert "imported 3, skipped 0 (already stored), refused 3, new dossiers 2" in output
    assert "skipped 4 symlinks (never followed):" in output
    for name, target in [
        ("锦绣花园/3-1502/工资表.pdf", outside / "secret.pdf"),
        ("锦绣花园/3-0909", outside / "3-0909"),
        ("锦绣花园/3-1502/附件/回环", tree / "锦绣花园"),
        ("锦绣花园/3-1502/合同副本.pdf", unit / "商品房买卖合同.pdf"),
    ]:
        assert f"  {name} -> {target}" in output
    assert not Document.objects.filter(title__in=["工资表", "抵押合同", "合同副本"]).exists()
    assert not Dossier.objects.filter(building="3", unit="0909").exists()
    assert Document.objects.filter(title="商品房买卖合同").count() == 1


def test_a_file_turned_into_a_symlink_after_the_walk_is_not_read(tree, outside, clerk):
    from docstore.services.imports import Importer, walk

    files, links = walk(tree)
    assert links == []
    contract = tree / "锦绣花园" / "3-1502" / "商品房买卖合同.pdf"
    contract.unlink()
    contract.symlink_to(outside / "secret.pdf")
    importer = Importer(clerk, tree)

    assert importer.import_file(contract) == "symlink"

    assert importer.report.symlinks == [("锦绣花园/3-1502/商品房买卖合同.pdf", str(outside / "secret.pdf"))]
    assert not Document.objects.exists()
