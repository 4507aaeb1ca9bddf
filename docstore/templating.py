"""Contract templates (合同范本): .docx files with {{ name }} placeholders.

Word often splits a placeholder over several runs ("{{ 客户" + "姓名 }}"), so each paragraph's text is read as
a whole, placeholders are found in it, and the replacement is written into the run where the placeholder
starts (keeping that run's formatting); the rest of the placeholder is removed from the following runs.
Every part is searched: the body with its tables and nested tables, text boxes (w:txbxContent, also the
VML fallback copy), and every header and footer (default, first page, even pages).
"""

import io
import re
import shutil
import subprocess
import tempfile
from datetime import date
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.errors import InvalidInput
from docstore import conf

PLACEHOLDER_RE = re.compile(r"\{\{\s*([^{}]+?)\s*\}\}")
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def _qn(tag: str) -> str:
    from docx.oxml.ns import qn

    return qn(tag)


def _parts(doc):
    """The document part, then every header and footer part (each once)."""
    parts, seen = [doc.part], set()
    for rel in doc.part.rels.values():
        if rel.reltype.endswith(("/header", "/footer")) and id(rel.target_part) not in seen:
            seen.add(id(rel.target_part))
            parts.append(rel.target_part)
    return parts


def _paragraph_texts(paragraph):
    """The w:t nodes that belong to this paragraph itself (not to a text box nested inside it)."""
    p_tag = _qn("w:p")
    nodes = []
    for t in paragraph.iter(_qn("w:t")):
        parent = t.getparent()
        while parent is not None and parent.tag != p_tag:
            parent = parent.getparent()
        if parent is paragraph:
            nodes.append(t)
    return nodes


def _paragraphs(doc):
    for part in _parts(doc):
        yield from part.element.iter(_qn("w:p"))


def _open(data: bytes):
    from docx import Document as Docx

    try:
        return Docx(io.BytesIO(data))
    except Exception as exc:
        raise InvalidInput(_("合同范本必须是 .docx 文件。"), code="not_a_template") from exc


def fields(data: bytes) -> list[str]:
    """The placeholder names in order of first appearance."""
    names: list[str] = []
    for paragraph in _paragraphs(_open(data)):
        text = "".join(t.text or "" for t in _paragraph_texts(paragraph))
        for match in PLACEHOLDER_RE.finditer(text):
            name = match.group(1).strip()
            if name not in names:
                names.append(name)
    return names


def _fill_paragraph(paragraph, values: dict) -> None:
    nodes = _paragraph_texts(paragraph)
    texts = [t.text or "" for t in nodes]
    full = "".join(texts)
    matches = list(PLACEHOLDER_RE.finditer(full))
    if not matches:
        return
    starts, offset = [], 0  # starts[i]: position of nodes[i] in `full`
    for text in texts:
        starts.append(offset)
        offset += len(text)

    def locate(pos):
        for i in range(len(nodes) - 1, -1, -1):
            if starts[i] <= pos and (pos < starts[i] + len(texts[i]) or i == len(nodes) - 1):
                return i
        return 0

    for match in reversed(matches):
        value = str(values[match.group(1).strip()])
        first, last = locate(match.start()), locate(match.end() - 1)
        head = texts[first][: match.start() - starts[first]]
        tail = texts[last][match.end() - starts[last] :]
        if first == last:
            texts[first] = head + value + tail
        else:
            texts[first] = head + value
            for i in range(first + 1, last):
                texts[i] = ""
            texts[last] = tail
    for node, text in zip(nodes, texts, strict=True):
        node.text = text
        node.set(XML_SPACE, "preserve")


def fill(data: bytes, values: dict) -> bytes:
    """The template with every placeholder replaced. Every name must be in `values`."""
    doc = _open(data)
    missing = [name for name in fields(data) if name not in values]
    if missing:
        raise InvalidInput(
            _("缺少字段值：%(names)s") % {"names": "、".join(missing)}, code="missing_values", missing=missing
        )
    for paragraph in _paragraphs(doc):
        _fill_paragraph(paragraph, values)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# ---------------------------------------------------------------- dossier fields

DOSSIER_FIELDS = [
    # (Chinese name, English alias, description)
    ("客户姓名", "customer_name", gettext_lazy("所有客户姓名，以顿号分隔")),
    ("证件号码", "id_number", gettext_lazy("所有客户证件号码，以顿号分隔")),
    ("项目", "project", gettext_lazy("项目名称")),
    ("楼栋", "building", gettext_lazy("楼栋")),
    ("房号", "unit", gettext_lazy("房号")),
    ("楼栋房号", "unit_label", gettext_lazy("楼栋-房号，如 3-1502")),
    ("日期", "date", gettext_lazy("生成当天日期")),
]


def dossier_values(dossier) -> dict:
    """The values a dossier supplies, under their Chinese names and English aliases."""
    customers = list(dossier.customers.all()) if dossier is not None else []
    if dossier is None:
        return {}
    today = date.today()
    base = {
        "客户姓名": "、".join(c.name for c in customers),
        "证件号码": "、".join(c.id_number for c in customers if c.id_number),
        "项目": dossier.project,
        "楼栋": dossier.building,
        "房号": dossier.unit,
        "楼栋房号": dossier.unit_label,
        "日期": f"{today.year}年{today.month}月{today.day}日",
    }
    values = {}
    for chinese, alias, _desc in DOSSIER_FIELDS:
        if base.get(chinese):
            values[chinese] = values[alias] = base[chinese]
    for n, customer in enumerate(customers, start=1):
        values[f"客户{n}姓名"] = values[f"customer{n}_name"] = customer.name
        if customer.id_number:
            values[f"客户{n}证件号码"] = values[f"customer{n}_id_number"] = customer.id_number
    return values


def resolve(names: list[str], dossier, typed: dict) -> tuple[dict, list[str]]:
    """Values for every name (typed ones win over the dossier's) and the names still missing."""
    values = dossier_values(dossier)
    for key, value in (typed or {}).items():
        if value is not None and str(value).strip() != "":
            values[str(key).strip()] = str(value)
    missing = [name for name in names if not str(values.get(name, "")).strip()]
    return {name: values[name] for name in names if name in values}, missing


# ---------------------------------------------------------------- PDF through LibreOffice


def soffice() -> str | None:
    path = conf.soffice_path()
    return shutil.which(path) or (path if Path(path).is_file() else None)


def to_pdf(docx: bytes) -> bytes:
    binary = soffice()
    if binary is None:
        raise InvalidInput(
            _("服务器未安装 LibreOffice，无法生成 PDF（可设置 SOFFICE_PATH）。"), code="pdf_unavailable"
        )
    with tempfile.TemporaryDirectory(prefix="fill-") as tmp:
        source = Path(tmp) / "filled.docx"
        source.write_bytes(docx)
        profile = Path(tmp) / "profile"
        command = [
            binary,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            tmp,
            str(source),
        ]
        try:
            subprocess.run(command, check=True, capture_output=True, timeout=conf.soffice_timeout())
        except (subprocess.SubprocessError, OSError) as exc:
            raise InvalidInput(_("PDF 转换失败。"), code="pdf_failed") from exc
        result = Path(tmp) / "filled.pdf"
        if not result.exists():
            raise InvalidInput(_("PDF 转换失败。"), code="pdf_failed")
        return result.read_bytes()
