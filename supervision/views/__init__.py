"""Supervision pages, one module per area; each module declares its ``urlpatterns``."""

from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist, ValidationError

from ..models import MonthlyEvaluation


def refusal_messages(request, error: ValidationError) -> None:
    """A service's refusal as a message, each part after the label of the field it names."""
    if not hasattr(error, "error_dict"):
        messages.error(request, " ".join(error.messages))
        return
    for field, texts in error.message_dict.items():
        try:
            label = MonthlyEvaluation._meta.get_field(field).verbose_name
        except FieldDoesNotExist:
            label = ""
        for text in texts:
            messages.error(request, f"{label}：{text}" if label else text)
