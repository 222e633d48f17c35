from django import template
from django.utils.translation import gettext as _

register = template.Library()

_CLASSES = {"violation": "text-bg-danger", "advice": "text-bg-warning", "info": "text-bg-info"}


@register.filter
def severity_class(severity):
    return _CLASSES.get(str(severity), "text-bg-secondary")


@register.filter
def severity_label(severity):
    labels = {"violation": _("violation"), "advice": _("advice"), "info": _("info")}
    return labels.get(str(severity), str(severity))


@register.filter
def label_of(code, labels):
    """The Chinese label of a rules code (``rooms|…``)."""
    return labels.get(code, code)


@register.filter
def rule_kind_label(kind):
    labels = {
        "requirement": _("requirement"),
        "advice": _("advice"),
        "entitlement": _("entitlement"),
        "taxonomy": _("taxonomy"),
        "data": _("data"),
        "report": _("report"),
        "workflow": _("workflow"),
    }
    return labels.get(kind, kind)
