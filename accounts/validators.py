import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_CLASSES = (r"[a-z]", r"[A-Z]", r"[0-9]", r"[^a-zA-Z0-9]")


class CharacterClassValidator:
    """At least 3 of the 4 character classes (SECURITY.md, GB/T 22239 §8.1.4.1)."""

    def validate(self, password, user=None):
        if sum(bool(re.search(c, password)) for c in _CLASSES) < 3:
            raise ValidationError(
                _(
                    "The password must contain at least three of: lower-case letters, "
                    "upper-case letters, digits, symbols."
                ),
                code="password_too_simple",
            )

    def get_help_text(self):
        return _("Use at least three of: lower-case letters, upper-case letters, digits, symbols.")
