"""The three lists and the two taxonomies of the principles: L1, L3, L4 (§3)."""

from __future__ import annotations

from collections.abc import Mapping

from .i18n import _
from .types import Finding, non_negative, violation

# L3 (§3(2)): focus areas that tag projects.
FOCUS_AREAS: Mapping[str, str] = {
    "elderly_young": "一老一小",
    "safety_net": "民政兜底对象",
    "self_governance": "社区居民自治",
    "consultation": "社区民主协商",
    "community_culture": "现代社区氛围营造",
}

# L4 (§3(3)): 五社联动, the five parties that tag the resource list.
FIVE_PARTIES: Mapping[str, str] = {
    "communities": "社区",
    "social_orgs": "社会组织",
    "social_workers": "社会工作者",
    "volunteers": "社区志愿者",
    "charity": "社会慈善资源",
}


def check_lists(needs: int, resources: int, projects: int) -> list[Finding]:
    """L1 (§3(1)): a unit keeps a needs list, a resource list and a project list."""
    lists = (("服务需求清单", needs), ("优势资源清单", resources), ("服务项目清单", projects))
    return [
        violation("L1", _("尚未建立{list}").format(list=_(name)))
        for name, count in lists
        if not non_negative(count, "a list's item count")
    ]
