"""The Spanish catalogue is complete and current: every runner-facing string has a Spanish
translation (none empty, none fuzzy, the same placeholders), `manage.py catalogue` would add
nothing, and the committed .mo is the .po compiled."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
from django.conf import settings

PO = Path(settings.BASE_DIR) / "locale" / "es" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
PLACEHOLDER = re.compile(r"%\(\w+\)s|\{\w+\}")


def entries():
    return [entry for entry in polib.pofile(str(PO)) if not entry.obsolete]


def test_every_msgid_has_a_spanish_translation_that_is_not_fuzzy():
    untranslated = [e.msgid for e in entries() if not e.translated()]
    fuzzy = [e.msgid for e in entries() if "fuzzy" in e.flags]
    assert not untranslated, untranslated
    assert not fuzzy, fuzzy


def test_each_translation_keeps_the_placeholders_of_its_english():
    wrong = []
    for entry in entries():
        wanted = sorted(set(PLACEHOLDER.findall(entry.msgid + entry.msgid_plural)))
        texts = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        for text in texts:
            found = set(PLACEHOLDER.findall(text))
            # A plural's singular may leave the count out ("un minuto"); nothing may be added.
            if not found <= set(wanted) or (not entry.msgid_plural and sorted(found) != wanted):
                wrong.append((entry.msgid, text))
    assert not wrong, wrong


def test_the_catalogue_holds_every_marked_string_and_nothing_more(tmp_path):
    """makemessages over a copy of the source, into a copy of the catalogue: the msgids it
    finds are exactly the committed ones (a new string marked and not added fails here)."""
    root = Path(settings.BASE_DIR)
    apps = [path.name for path in root.iterdir() if (path / "apps.py").exists()]
    assert {"clinic", "intake", "programs", "content"} <= set(apps)
    for part in (*apps, "templates", "locale"):
        shutil.copytree(root / part, tmp_path / part, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(root / "manage.py", tmp_path / "manage.py")
    subprocess.run(
        [sys.executable, "manage.py", "catalogue", "--no-compile"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "clinic.settings"},
    )
    fresh = polib.pofile(str(tmp_path / "locale" / "es" / "LC_MESSAGES" / "django.po"))
    found = {(e.msgctxt, e.msgid) for e in fresh if not e.obsolete}
    committed = {(e.msgctxt, e.msgid) for e in entries()}
    assert sorted(found - committed, key=str) == [], "run `manage.py catalogue` and translate"
    assert sorted(committed - found, key=str) == [], "strings no longer used: `manage.py catalogue`"


def test_the_committed_mo_is_the_po_compiled():
    compiled = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in polib.mofile(str(MO))}
    written = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in entries()}
    compiled.pop((None, ""), None)
    assert compiled == written, "run `manage.py catalogue` to compile the .mo"
