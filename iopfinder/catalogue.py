"""The translation catalogues in locale/: compiled (.po to the .mo Django reads) and checked, with polib.

`python -m iopfinder.catalogue` compiles every catalogue whose .mo is missing or older than its .po; `make` runs it
before serving or testing, so no machine needs GNU gettext to run the site (only to extract new strings with
`make messages`). `problems()` is what the test suite and `python -m iopfinder.catalogue --check` (run by CI after
`make messages`, so a string marked in the code but missing from the catalogue counts) fail on: an entry not
translated, or marked fuzzy.
"""

import sys
from pathlib import Path

import polib

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


def catalogues() -> list[Path]:
    return sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.po"))


def compile_all(force: bool = False) -> list[Path]:
    """Compile each catalogue whose .mo is missing or older than its .po (all of them with `force`)."""
    compiled = []
    for po_path in catalogues():
        mo_path = po_path.with_suffix(".mo")
        if force or not mo_path.exists() or mo_path.stat().st_mtime < po_path.stat().st_mtime:
            polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
            compiled.append(mo_path)
    return compiled


def problems(po_path: Path) -> list[str]:
    """Every entry of a catalogue that a reader would see in English or that a translator has not confirmed."""
    catalogue = polib.pofile(str(po_path))
    found = [f"untranslated: {entry.msgid!r}" for entry in catalogue.untranslated_entries()]
    found += [f"fuzzy: {entry.msgid!r}" for entry in catalogue.fuzzy_entries()]
    return found


def main(arguments: list[str]) -> int:
    if "--check" in arguments:
        found = [
            f"{path.relative_to(LOCALE_DIR.parent)}: {problem}" for path in catalogues() for problem in problems(path)
        ]
        print("\n".join(found) or f"{len(catalogues())} catalogue(s): every entry translated, none fuzzy.")
        return 1 if found else 0
    for path in compile_all(force="--force" in arguments):
        print(f"Compiled {path.relative_to(LOCALE_DIR.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
