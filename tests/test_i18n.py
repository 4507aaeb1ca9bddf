"""Both catalogues are complete: no untranslated or fuzzy entry, and the compiled .mo says the same."""

import gettext
from pathlib import Path

import polib
import pytest
from django.utils import translation

LOCALE = Path(__file__).resolve().parent.parent / "locale"


@pytest.mark.parametrize("lang", ["en", "zh_Hans"])
def test_catalogue_complete(lang):
    po = polib.pofile(str(LOCALE / lang / "LC_MESSAGES" / "django.po"))
    assert len(po) > 100
    untranslated = [e.msgid for e in po if not e.translated()]
    fuzzy = [e.msgid for e in po if "fuzzy" in e.flags]
    assert untranslated == [] and fuzzy == []
    compiled = gettext.GNUTranslations(open(LOCALE / lang / "LC_MESSAGES" / "django.mo", "rb"))
    stale = [e.msgid for e in po if not e.msgid_plural and compiled.gettext(e.msgid) != e.msgstr]
    assert stale == [], "the .mo is older than the .po: run scripts/i18n.py compile"


def test_source_strings_are_all_extracted():
    """Every gettext string in the code is in the catalogue (extraction needs GNU gettext)."""
    import shutil
    import subprocess
    import sys
    import tempfile

    if not shutil.which("xgettext"):
        pytest.skip("GNU gettext (xgettext) is not installed: extraction cannot be checked here")
    root = LOCALE.parent
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "src"
        shutil.copytree(
            root, work, ignore=shutil.ignore_patterns(".venv", "var", ".git", "node_modules", "__pycache__")
        )
        subprocess.run(
            [sys.executable, "scripts/i18n.py", "extract"], cwd=work, check=True, capture_output=True
        )
        fresh = {e.msgid for e in polib.pofile(str(work / "locale/en/LC_MESSAGES/django.po"))}
    known = {e.msgid for e in polib.pofile(str(LOCALE / "en/LC_MESSAGES/django.po")) if e.translated()}
    assert sorted(fresh - known) == []


def test_english_and_chinese_render():
    with translation.override("en"):
        assert translation.gettext("案卷") == "Dossier"
    with translation.override("zh-hans"):
        assert translation.gettext("案卷") == "案卷"
