"""Personal data in templates: masked by default (PIPL Art. 51; SECURITY.md)."""

from django import template

from staffing.masking import mask_id_number, mask_mobile

register = template.Library()


@register.filter
def mask_id(value):
    """``330102199001011234`` → ``330***********1234``."""
    return mask_id_number(value or "")


@register.filter(name="mask_mobile")
def mask_mobile_filter(value):
    """``13812345678`` → ``138****5678``."""
    return mask_mobile(value or "")


@register.simple_tag
def personal(value, kind, unmasked=False):
    """The value whole only when the view has unmasked it (and audited that); else masked."""
    if unmasked:
        return value or ""
    return mask_id_number(value or "") if kind == "id" else mask_mobile(value or "")
