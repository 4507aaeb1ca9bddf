#!/usr/bin/env python
"""Keep the catalogues complete.

Source strings are Chinese. `scripts/i18n.py extract` runs makemessages (needs GNU gettext) for en and
zh_Hans; `fill` copies msgid to msgstr in zh_Hans and applies English texts from locale/en_new.json (a
{chinese: english} file you write for new strings; a plural entry takes ["singular", "plural"] and every
placeholder must be copied as it is in the msgid; or a file of your own in locale/en_new.d/); `compile` writes the .mo files with polib (no gettext
needed). The test tests/test_i18n.py fails while any entry is untranslated or fuzzy.
"""

import json
import re
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "locale"
PO = {lang: LOCALE / lang / "LC_MESSAGES" / "django.po" for lang in ("en", "zh_Hans")}


def extract() -> None:
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "en",
            "-l",
            "zh_Hans",
            "--no-obsolete",
            "--ignore=.venv",
            "--ignore=tests",
            "--ignore=bench",
            "--ignore=var",
            "-v0",
        ],
        cwd=ROOT,
        check=True,
    )


HEADERS = {
    "en": {"Language": "en", "Plural-Forms": "nplurals=2; plural=(n != 1);"},
    "zh_Hans": {"Language": "zh_Hans", "Plural-Forms": "nplurals=1; plural=0;"},
}


def _headers(po, lang: str) -> None:
    po.metadata.update(HEADERS[lang])
    po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    po.metadata["Project-Id-Version"] = "paper-trail"
    po.metadata_is_fuzzy = False


PLACEHOLDER = re.compile(r"%%|%\(\w+\)[sd]|%[sdnpcxy]")


def _placeholders(text: str) -> list[str]:
    """The format placeholders of a text, sorted (%%, %(name)s, %s, and the %%n-style markers of placement.js)."""
    return sorted(PLACEHOLDER.findall(text))


def english_texts() -> dict:
    """locale/en_new.json plus every locale/en_new.d/*.json (one file per piece of work, so that work done
    side by side never edits the same file)."""
    english = {}
    files = [LOCALE / "en_new.json", *sorted((LOCALE / "en_new.d").glob("*.json"))]
    for path in files:
        if path.exists():
            english.update(json.loads(path.read_text()))
    return english


def fill() -> None:
    zh = polib.pofile(str(PO["zh_Hans"]))
    _headers(zh, "zh_Hans")
    for entry in zh:
        if entry.msgid_plural:
            entry.msgstr_plural = {0: entry.msgid}
        else:
            entry.msgstr = entry.msgid
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    zh.save()
    english = english_texts()
    en = polib.pofile(str(PO["en"]))
    _headers(en, "en")
    for entry in en:
        if entry.msgid not in english:
            continue
        text = english[entry.msgid]
        if entry.msgid_plural:
            # plural entries: ["singular", "plural"] in en_new.json (a plain string serves both forms)
            forms = [text, text] if isinstance(text, str) else list(text)
            if len(forms) != 2:
                sys.exit(f"en_new.json: {entry.msgid!r} needs [singular, plural]")
            entry.msgstr_plural = {0: forms[0], 1: forms[1]}
            checked = [(entry.msgid, forms[0]), (entry.msgid_plural, forms[1])]
        else:
            if not isinstance(text, str):
                sys.exit(f"en_new.json: {entry.msgid!r} is not a plural entry: give one string")
            entry.msgstr = text
            checked = [(entry.msgid, text)]
        for source, target in checked:
            if _placeholders(source) != _placeholders(target):
                print(f"  placeholder mismatch: {source!r} -> {target!r}", file=sys.stderr)
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
    en.save()
    missing = [e.msgid for e in en if not e.translated()]
    print(f"en: {len(en)} entries, {len(missing)} untranslated")
    for msgid in missing:
        print("  ", json.dumps(msgid, ensure_ascii=False))


def compile_mo() -> None:
    for path in PO.values():
        polib.pofile(str(path)).save_as_mofile(str(path.with_suffix(".mo")))


if __name__ == "__main__":
    steps = sys.argv[1:] or ["extract", "fill", "compile"]
    for step in steps:
        {"extract": extract, "fill": fill, "compile": compile_mo}[step]()
