"""Masking of personal data on every page and export (PIPL Art. 51; SECURITY.md)."""


def mask_id_number(value: str) -> str:
    """``330102199001011234`` → ``330***********1234``: the first 3 and last 4 kept."""
    if not value:
        return ""
    if len(value) <= 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_mobile(value: str) -> str:
    """``13812345678`` → ``138****5678``."""
    if not value:
        return ""
    if len(value) <= 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]
