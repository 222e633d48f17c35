"""Functions, premises and names of stations and workrooms: F1–F8 and F10 (§4(2)).

Rooms are recorded as functions, not rooms: 一室多用 lets one room serve several, so a
station passes F1 when every function is present whatever the number of rooms. F10: a unit
has a service place, and records what hosts it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .i18n import _
from .types import Finding, violation

STATION_ROOMS: Mapping[str, str] = {
    "social_work": "社工室",
    "casework": "个案工作室",
    "group_work": "小组工作室",
    "multi_function": "多功能室",
    "archive": "档案室",
}
STATION_SYSTEMS: Mapping[str, str] = {
    "posts": "岗位管理",
    "finance": "财务管理",
    "training": "培训管理",
    "volunteers": "志愿者管理",
    "archives": "档案管理",
}
STATION_DISPLAYS: Mapping[str, str] = {
    "minor_protection": "未成年人保护",
    "social_assistance": "社会救助",
    "charity": "慈善组织",
    "incubation": "社会组织培育孵化",
}
WORKROOM_ROOMS: Mapping[str, str] = {
    "casework": "个案工作室",
    "group_work": "小组工作室",
    "multi_function": "多功能室",
}
WORKROOM_POSTINGS: Mapping[str, str] = {
    "philosophy": "服务理念",
    "process": "服务流程",
    "duties": "工作职责",
    "news": "服务动态",
}

# F10: a station's fixed service place (固定服务场所) is hosted by the street's 党群服务中心,
# its 社会组织服务中心 (依托……等建设) or another host; record which.
STATION_SERVICE_PLACES: Mapping[str, str] = {
    "party_mass_centre": "街道党群服务中心",
    "social_org_centre": "社会组织服务中心",
    "other": "其他场所",
}
# F10: a workroom 可设在社区居委会中，或与社区社会组织入驻场所共用; record which.
WORKROOM_SERVICE_PLACES: Mapping[str, str] = {
    "residents_committee": "社区居委会",
    "shared_with_social_orgs": "与社区社会组织入驻场所共用",
    "other": "其他场所",
}

_WORKROOM_SUFFIX = "社会工作室"
# F8: the portal's own input check on the 特色名, not the policy: a finding never quotes it.
WORKROOM_FEATURE_MAX_LENGTH = 20


def _known(codes: frozenset[str], allowed: Mapping[str, str], what: str) -> None:
    unknown = codes - set(allowed)
    if unknown:
        raise ValueError(f"unknown {what}: {', '.join(sorted(unknown))}")


def _known_place(place: str, allowed: Mapping[str, str]) -> None:
    if place and place not in allowed:
        raise ValueError(f"unknown service place {place!r}; expected one of {', '.join(allowed)}")


def _missing(
    rule_id: str,
    what: str,
    codes: frozenset[str],
    required: Mapping[str, str],
) -> list[Finding]:
    """One violation listing every required item that is absent, by its Chinese label."""
    absent = [_(label) for code, label in required.items() if code not in codes]
    if not absent:
        return []
    message = _("缺少{what}：{items}").format(what=_(what), items="、".join(absent))
    return [violation(rule_id, message)]


def _signage(rule_id: str, uses_logo: bool, signage_on_wall: bool) -> list[Finding]:
    findings = []
    if not uses_logo:
        findings.append(violation(rule_id, _("未使用市级社会工作 LOGO")))
    if not signage_on_wall:
        findings.append(violation(rule_id, _("标牌未上墙")))
    return findings


def expected_station_name(street_name: str) -> str:
    """F5 (§4(2)): "杭州市上城区" + street name (ending in 街道) + "社会工作站"."""
    return f"杭州市上城区{street_name}社会工作站"


def station_name_ok(name: str, street_name: str) -> bool:
    """F5: the station's name is exactly the uniform name."""
    return name == expected_station_name(street_name)


def workroom_feature(
    name: str,
    street_name: str,
    community_name: str,
    max_length: int | None = WORKROOM_FEATURE_MAX_LENGTH,
) -> str | None:
    """F8 (§4(2)): the 特色名 in "上城区{街道}{社区}{特色名}社会工作室", or None.

    The feature is a social worker's name, a field or a speciality: at least one character,
    no whitespace. ``max_length`` is the portal's input check (20 by default, for forms);
    ``None`` applies the policy alone, as ``check_workroom_premises`` does.
    """
    prefix = f"上城区{street_name}{community_name}"
    if not (name.startswith(prefix) and name.endswith(_WORKROOM_SUFFIX)):
        return None
    feature = name[len(prefix) : len(name) - len(_WORKROOM_SUFFIX)]
    if not feature or any(char.isspace() for char in feature):
        return None
    if max_length is not None and len(feature) > max_length:
        return None
    return feature


def workroom_name_ok(
    name: str,
    street_name: str,
    community_name: str,
    max_length: int | None = WORKROOM_FEATURE_MAX_LENGTH,
) -> bool:
    """F8: the workroom's name follows the uniform pattern with a feature (see
    ``workroom_feature`` for ``max_length``)."""
    return workroom_feature(name, street_name, community_name, max_length) is not None


@dataclass(frozen=True)
class StationPremises:
    """What a station has on site (F1–F5, F10); sets hold codes of the constants above.

    ``service_place`` is a code of ``STATION_SERVICE_PLACES``; "" means none recorded.
    """

    street_name: str
    name: str
    rooms: frozenset[str]
    systems: frozenset[str]
    has_service_window: bool
    shows_service_list: bool
    displays: frozenset[str]
    uses_logo: bool
    signage_on_wall: bool
    service_place: str = ""

    def __post_init__(self) -> None:
        _known(self.rooms, STATION_ROOMS, "room functions")
        _known(self.systems, STATION_SYSTEMS, "systems")
        _known(self.displays, STATION_DISPLAYS, "display areas")
        _known_place(self.service_place, STATION_SERVICE_PLACES)


def check_station_premises(p: StationPremises) -> list[Finding]:
    """F1–F5, F10 (§4(2)): rooms, systems, window and list, display areas, name and
    signage, and a fixed service place."""
    findings = _missing("F1", "功能室", p.rooms, STATION_ROOMS)
    findings += _missing("F2", "管理制度", p.systems, STATION_SYSTEMS)
    if not p.has_service_window:
        findings.append(violation("F3", _("未设立为民服务窗口或综合接待台")))
    if not p.shows_service_list:
        findings.append(violation("F3", _("未展示社会工作服务内容或服务清单")))
    findings += _missing("F4", "品牌服务展示区块", p.displays, STATION_DISPLAYS)
    if not station_name_ok(p.name, p.street_name):
        findings.append(
            violation(
                "F5",
                _("名称应统一为“{expected}”，现为“{name}”").format(
                    expected=expected_station_name(p.street_name), name=p.name
                ),
            )
        )
    findings += _signage("F5", p.uses_logo, p.signage_on_wall)
    if not p.service_place:
        message = _("未登记固定服务场所（依托街道党群服务中心、社会组织服务中心或其他场所）")
        findings.append(violation("F10", message))
    return findings


@dataclass(frozen=True)
class WorkroomPremises:
    """What a workroom has on site (F6–F8, F10).

    ``service_place`` is a code of ``WORKROOM_SERVICE_PLACES``; "" means none recorded.
    """

    street_name: str
    community_name: str
    name: str
    rooms: frozenset[str]
    postings: frozenset[str]
    uses_logo: bool
    signage_on_wall: bool
    service_place: str = ""

    def __post_init__(self) -> None:
        _known(self.rooms, WORKROOM_ROOMS, "room functions")
        _known(self.postings, WORKROOM_POSTINGS, "postings")
        _known_place(self.service_place, WORKROOM_SERVICE_PLACES)


def check_workroom_premises(p: WorkroomPremises) -> list[Finding]:
    """F6–F8, F10 (§4(2)): rooms, posted boards, name and signage, a service place.

    F8 judges the name by the policy alone: the portal's length limit on the 特色名 is an
    input check, never a finding.
    """
    findings = _missing("F6", "功能室", p.rooms, WORKROOM_ROOMS)
    findings += _missing("F7", "标识牌", p.postings, WORKROOM_POSTINGS)
    if not workroom_name_ok(p.name, p.street_name, p.community_name, max_length=None):
        pattern = f"上城区{p.street_name}{p.community_name}{_('（特色名）')}{_WORKROOM_SUFFIX}"
        findings.append(
            violation(
                "F8",
                _(
                    "名称应统一为“{pattern}”，特色名可用社工姓名、服务领域或专业特色；现为“{name}”"
                ).format(pattern=pattern, name=p.name),
            )
        )
    findings += _signage("F8", p.uses_logo, p.signage_on_wall)
    if not p.service_place:
        message = _("未登记工作场所（设在社区居委会中，或与社区社会组织入驻场所共用）")
        findings.append(violation("F10", message))
    return findings
