"""Personal data in templates: masked by default (PIPL Art. 51; SECURITY.md)."""

from django import template

from staffing.masking import mask

register = template.Library()

# Two names for one mask: ``{{ person.id_number|mask_id }}``, ``{{ person.mobile|mask_mobile }}``.
register.filter("mask_id", mask)
register.filter("mask_mobile", mask)


@register.simple_tag
def personal(value, kind, unmasked=False):
    """The value whole only when the view has unmasked it (and audited that); else masked.

    ``kind`` ("id" or "mobile") names what is shown; both are masked alike.
    """
    return (value or "") if unmasked else mask(value)
