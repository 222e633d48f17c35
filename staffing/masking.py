"""Masking of personal data on every page and export (PIPL Art. 51; SECURITY.md)."""


def mask(value: str) -> str:
    """The first 3 and last 4 characters kept, the rest starred; a value of 7 or fewer
    characters is starred whole: ``330102199001011234`` → ``330***********1234``,
    ``13812345678`` → ``138****5678``. An ID number and a mobile are masked alike."""
    if not value:
        return ""
    if len(value) <= 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]
