from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from shangcheng import rules

register = template.Library()


@register.simple_tag
def rule_ref(rule_id, clause=True):
    """A rule's id linked to its line on the rules page, and its clause — both from the
    catalogue, so no template types a clause. ``{% rule_ref "S1" %}`` →
    ``S1 §4(3)``; ``clause=False`` prints the id alone."""
    rule = rules.rule(rule_id)  # an unknown id fails loudly (KeyError), not silently
    link = format_html(
        '<a class="rule-id" href="{}#rule-{}" title="{}">{}</a>',
        reverse("rules"),
        rule.id,
        rule.text,
        rule.id,
    )
    if not clause:
        return link
    return format_html('{} <span class="text-muted small">{}</span>', link, rule.clause)


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
