"""The Chinese catalogue is complete: every entry translated, none fuzzy, none missing.

UI strings are English msgids translated in ``locale/zh_Hans``; the rules module's Chinese
msgids are carried with msgstr = msgid. ``make messages`` refreshes the catalogue.
"""

import os
import re
import shutil
from pathlib import Path

import polib
import pytest
from django.core.management import call_command
from django.test import override_settings

ROOT = Path(__file__).resolve().parent.parent
PO_PATH = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
# What `make messages` scans: the project's own .py/.html/.txt, not the venv or build output.
SKIP_DIRS = {".venv", "staticfiles", "node_modules", "build", "locale", "__pycache__"}
SOURCE_SUFFIXES = {".py", ".html", ".txt"}
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|\{\w*\}")


@pytest.fixture(scope="module")
def catalogue():
    return polib.pofile(str(PO_PATH))


def _key(entry):
    return (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")


def test_catalogue_is_not_empty_and_header_is_final(catalogue):
    assert len(catalogue) > 100
    assert not catalogue.metadata_is_fuzzy
    assert catalogue.metadata.get("Language") == "zh_Hans"
    assert catalogue.metadata.get("Plural-Forms", "").startswith("nplurals=1;")


def test_every_entry_is_translated_and_none_is_fuzzy(catalogue):
    untranslated = [e.msgid for e in catalogue if not e.translated() and not e.obsolete]
    fuzzy = [e.msgid for e in catalogue if "fuzzy" in e.flags]
    empty_plural = [
        e.msgid for e in catalogue if e.msgid_plural and not all(e.msgstr_plural.values())
    ]
    assert untranslated == [], f"untranslated: {untranslated}"
    assert fuzzy == [], f"fuzzy: {fuzzy}"
    assert empty_plural == []


def test_translations_keep_every_placeholder(catalogue):
    wrong = [
        (e.msgid, e.msgstr)
        for e in catalogue
        if sorted(PLACEHOLDER.findall(e.msgid)) != sorted(PLACEHOLDER.findall(e.msgstr))
    ]
    assert wrong == []


def test_rules_messages_are_their_own_translation(catalogue):
    """The rules module speaks Chinese: its msgids are the Chinese text itself."""
    rules_entries = [
        e
        for e in catalogue
        if e.occurrences and all(f.startswith("shangcheng/rules/") for f, _ in e.occurrences)
    ]
    assert [e.msgid for e in rules_entries if e.msgstr != e.msgid] == []


def test_ui_strings_are_in_chinese(catalogue):
    """An English msgid is translated, not copied (names such as LOGO or IP may stay)."""
    han = re.compile(r"[\u4e00-\u9fff]")
    assert [e.msgid for e in catalogue if not han.search(e.msgstr)] == []


def _copy_sources(dest: Path) -> None:
    for dirpath, dirnames, filenames in os.walk(ROOT):
        dirnames[:] = [d for d in dirnames if d not in SKIP_DIRS and not d.startswith(".")]
        rel = Path(dirpath).relative_to(ROOT)
        for name in filenames:
            if Path(name).suffix in SOURCE_SUFFIXES:
                (dest / rel).mkdir(parents=True, exist_ok=True)
                shutil.copy2(Path(dirpath) / name, dest / rel / name)


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU xgettext (gettext)")
def test_no_source_string_is_missing_from_the_catalogue(catalogue, tmp_path, monkeypatch):
    """makemessages over a copy of the sources finds nothing the committed catalogue lacks."""
    src = tmp_path / "src"
    _copy_sources(src)
    locale = src / "locale"
    locale.mkdir()
    # Work in the copy: makemessages writes beside the sources and into the first locale dir.
    monkeypatch.chdir(src)
    with override_settings(LOCALE_PATHS=[locale]):
        call_command("makemessages", locale=["zh_Hans"], no_obsolete=True, verbosity=0)
    fresh = polib.pofile(str(locale / "zh_Hans" / "LC_MESSAGES" / "django.po"))
    committed = {_key(e) for e in catalogue}
    missing = sorted(e.msgid for e in fresh if _key(e) not in committed)
    assert missing == [], (
        f"{len(missing)} source string(s) missing from {PO_PATH.relative_to(ROOT)}; "
        f"run `make messages` and translate them: {missing}"
    )
