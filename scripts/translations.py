"""The window's translations, with Qt's own tools: extract, build, and check they are current.

    python scripts/translations.py update    # pyside6-lupdate: new strings into every .ts
    python scripts/translations.py release   # pyside6-lrelease: .ts -> .qm (app and bundle)
    python scripts/translations.py check     # CI: fails on stale .ts/.qm or unfinished text

Why a script: lupdate must see exactly the same files with exactly the same options every
time, or the check would report noise. Locations are left out of the .ts files (line numbers
would make every edit of a source file a translation change); ``QT_TRANSLATE_NOOP`` may be
spelt ``N_`` in tables. ``clientdesk_en.ts`` holds only the English plural forms (the source
text is English already). The .qm files are committed, so a checkout runs translated without
a build step; ``check`` rebuilds them and fails when they differ from the .ts.

Exit codes: 0 current; 1 stale (run ``update`` or ``release``); 2 unfinished or missing
translations (a shipped language must be complete); 3 the Qt tools are missing; 4 a
translation that would break the window: a ``{placeholder}`` or ``%n`` that is not the
source's (``str.format`` would raise on an unknown one), or a mnemonic ``&`` lost or doubled.
"""

from __future__ import annotations

import filecmp
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "resources" / "translations"
LANGUAGES = ("fr", "hu")  # complete translations; English is the source
SOURCES = ("app", "ui")


def tool(name: str) -> str:
    here = Path(sys.executable).parent / name
    found = str(here) if here.exists() else shutil.which(name)
    if found is None:
        print(f"translations: {name} not found (it comes with PySide6: bash scripts/setup.sh)",
              file=sys.stderr)
        raise SystemExit(3)
    return found


def source_files() -> list[str]:
    files = []
    for folder in SOURCES:
        files += sorted(str(p.relative_to(ROOT)) for p in (ROOT / folder).rglob("*.py")
                        if "__pycache__" not in p.parts and "sandbox" not in p.parts)
    return files


def ts_path(lang: str, folder: Path = FOLDER) -> Path:
    return folder / f"clientdesk_{lang}.ts"


_DOC_COMMENT = re.compile(r"(^|\s)#:", re.MULTILINE)


def lupdate(folder: Path) -> None:
    """Extract every string into the .ts files under ``folder`` (kept translations stay).

    lupdate reads a ``#:`` comment as a note for translators, and this code base writes
    ``#:`` above constants to document them (Sphinx style) — notes that would reach the
    translators attached to whatever string follows. So lupdate reads a copy of the sources
    with those comments made plain.
    """
    with tempfile.TemporaryDirectory() as tmp:
        copies = Path(tmp)
        for name in source_files():
            text = (ROOT / name).read_text(encoding="utf-8")
            target = copies / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(_DOC_COMMENT.sub(r"\1# ", text), encoding="utf-8")
        common = [tool("pyside6-lupdate"), *source_files(), "-locations", "none",
                  "-no-obsolete", "-tr-function-alias", "QT_TRANSLATE_NOOP+=N_", "-silent"]
        for lang in LANGUAGES:
            subprocess.run([*common, "-target-language", lang, "-ts",
                            str(ts_path(lang, folder).resolve())], cwd=copies, check=True)
        subprocess.run([*common, "-pluralonly", "-target-language", "en", "-ts",
                        str(ts_path("en", folder).resolve())], cwd=copies, check=True)


def lrelease(folder: Path, out: Path) -> None:
    for lang in ("en", *LANGUAGES):
        subprocess.run([tool("pyside6-lrelease"), "-silent", "-removeidentical",
                        str(ts_path(lang, folder)), "-qm",
                        str(out / f"clientdesk_{lang}.qm")], cwd=ROOT, check=True)


def unfinished(path: Path) -> list[str]:
    """Sources of the messages in ``path`` with no finished translation."""
    missing = []
    for message in ET.parse(path).getroot().iter("message"):
        translation = message.find("translation")
        source = message.findtext("source") or ""
        if translation is None or translation.get("type") in ("unfinished", "vanished",
                                                              "obsolete"):
            missing.append(source)
            continue
        forms = [f.text or "" for f in translation.iter("numerusform")]
        texts = forms if message.get("numerus") == "yes" else [translation.text or ""]
        if not all(t.strip() for t in texts):
            missing.append(source)
    return missing


_MARKERS = re.compile(r"\{[a-z_]+\}|%L?n|%\d")


def _mnemonics(text: str) -> int:
    return len(re.findall(r"&(?!&)\S", text.replace("&&", "")))


def broken(path: Path) -> list[str]:
    """Finished translations in ``path`` whose placeholders or mnemonic differ from the
    source's."""
    found = []
    for message in ET.parse(path).getroot().iter("message"):
        translation = message.find("translation")
        if translation is None or translation.get("type") is not None:
            continue
        source = message.findtext("source") or ""
        forms = [f.text or "" for f in translation.iter("numerusform")] \
            if message.get("numerus") == "yes" else [translation.text or ""]
        wanted = sorted(set(_MARKERS.findall(source)))
        for form in forms:
            have = sorted(set(_MARKERS.findall(form)))
            # A numerus form may leave the count out ("un seul" for one), never add one.
            numerus = message.get("numerus") == "yes"
            missing_ok = {m for m in wanted if m in ("%n", "%Ln")} if numerus else set()
            if set(have) - set(wanted) or set(wanted) - set(have) - missing_ok:
                found.append(f"{source!r}: {form!r} (placeholders {have}, source {wanted})")
            elif _mnemonics(source) != _mnemonics(form):
                found.append(f"{source!r}: {form!r} (the & mnemonic)")
    return found


def check() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        for lang in ("en", *LANGUAGES):
            if not ts_path(lang).exists():
                print(f"translations: {ts_path(lang).name} is missing; run update",
                      file=sys.stderr)
                return 1
            shutil.copy(ts_path(lang), ts_path(lang, scratch))
        lupdate(scratch)
        stale = [lang for lang in ("en", *LANGUAGES)
                 if ts_path(lang, scratch).read_bytes() != ts_path(lang).read_bytes()]
        if stale:
            print("translations: the .ts files are stale for " + ", ".join(stale)
                  + ": strings were added or changed. Run `python scripts/translations.py "
                  "update`, translate, then `release`.", file=sys.stderr)
            return 1
        built = scratch / "qm"
        built.mkdir()
        lrelease(FOLDER, built)
        old = [lang for lang in ("en", *LANGUAGES)
               if not (FOLDER / f"clientdesk_{lang}.qm").exists()
               or not filecmp.cmp(built / f"clientdesk_{lang}.qm",
                                  FOLDER / f"clientdesk_{lang}.qm", shallow=False)]
        if old:
            print("translations: the .qm files are older than the .ts for " + ", ".join(old)
                  + ". Run `python scripts/translations.py release`.", file=sys.stderr)
            return 1
    status = 0
    for lang in ("en", *LANGUAGES):
        wrong = broken(ts_path(lang))
        if wrong:
            status = 4
            print(f"translations: {len(wrong)} broken in {ts_path(lang).name}: "
                  + "; ".join(wrong[:5]), file=sys.stderr)
    if status:
        return status
    for lang in ("en", *LANGUAGES):
        missing = unfinished(ts_path(lang))
        if missing:
            status = 2
            print(f"translations: {len(missing)} unfinished in {ts_path(lang).name}, e.g. "
                  + "; ".join(repr(m) for m in missing[:5]), file=sys.stderr)
    if status == 0:
        print("translations: current and complete (" + ", ".join(("en", *LANGUAGES)) + ")")
    return status


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "check"
    if command == "update":
        FOLDER.mkdir(parents=True, exist_ok=True)
        lupdate(FOLDER)
        print("translations: .ts files updated; translate the unfinished strings, then run "
              "release")
        return 0
    if command == "release":
        lrelease(FOLDER, FOLDER)
        print("translations: .qm files built in resources/translations")
        return 0
    if command == "check":
        return check()
    print("usage: python scripts/translations.py [update|release|check]", file=sys.stderr)
    return 64


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
