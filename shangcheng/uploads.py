"""What every upload of a document shares (a base module): the name shown and offered on
download, and the check that an Office Open XML file is what it says, without macros."""

import unicodedata
import zipfile
from pathlib import PurePath

MAX_ZIP_ENTRIES = 10_000


def clean_file_name(name: str, max_length: int = 200) -> str:
    """The uploaded name as shown and offered on download: no control or format characters
    (NUL, bidirectional overrides), no path separators, at most ``max_length`` characters
    with the extension kept. It is never used as a path."""
    name = "".join(
        c for c in name or "" if c not in "/\\" and unicodedata.category(c) not in ("Cc", "Cf")
    ).strip()
    name = name or "file"
    if len(name) > max_length:
        suffix = PurePath(name).suffix[:16]
        name = name[: max_length - len(suffix)] + suffix
    return name


def office_file_ok(upload, main_part: str, max_entries: int = MAX_ZIP_ENTRIES) -> bool:
    """A real Office Open XML file holding ``main_part`` (``word/document.xml``, …), at most
    ``max_entries`` entries, without macros (reads the zip's entry list only)."""
    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        upload.seek(0)
    if len(names) > max_entries or main_part not in names:
        return False
    return not any(name.lower().endswith("vbaproject.bin") for name in names)
