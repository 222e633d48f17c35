"""Translation hook for rule messages, without importing Django.

Every finding message is a Chinese msgid with named brace placeholders, passed through
``_`` before ``.format``. The Django app calls ``set_translator(gettext)`` once at start-up,
so the same rules speak the user's language in a view and stay plain Chinese in a test.
"""

from __future__ import annotations

from collections.abc import Callable

Translator = Callable[[str], str]


def _identity(message: str) -> str:
    return message


_translator: Translator = _identity


def set_translator(fn: Translator | None) -> None:
    """Route every rule message through ``fn``; ``None`` restores the identity."""
    global _translator  # one process-wide hook, like Django's own gettext
    _translator = fn or _identity


def _(message: str) -> str:
    """Translate a msgid through the current translator (identity by default)."""
    return _translator(message)
