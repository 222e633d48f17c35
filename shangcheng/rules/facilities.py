"""Functions, premises and names of stations and workrooms: F1–F8 (§4(2)).

Rooms are recorded as functions, not rooms: 一室多用 lets one room serve several, so a
station passes F1 when every function is present whatever the number of rooms.
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

_WORKROOM_SUFFIX = "社会工作室"
_FEATURE_MAX = 20


def _known(codes: frozenset[str], allowed: Mapping[str, str], what: str) -> None:
    unknown = codes - set(allowed)
    if unknown:
        raise ValueError(f"unknown {what}: {', '.join(sorted(unknown))}")


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


def workroom_feature(name: str, street_name: str, community_name: str) -> str | None:
    """F8 (§4(2)): the 特色名 in "上城区{街道}{社区}{特色名}社会工作室", or None.

    The feature is a social worker's name, a field or a speciality: 1–20 characters,
    no whitespace.
    """
    prefix = f"上城区{street_name}{community_name}"
    if not (name.startswith(prefix) and name.endswith(_WORKROOM_SUFFIX)):
        return None
    feature = name[len(prefix) : len(name) - len(_WORKROOM_SUFFIX)]
    if not 1 <= len(feature) <= _FEATURE_MAX or any(char.isspace() for char in feature):
        return None
    return feature


def workroom_name_ok(name: str, street_name: str, community_name: str) -> bool:
    """F8: the workroom's name follows the uniform pattern with a feature."""
    return workroom_feature(name, street_name, community_name) is not None


@dataclass(frozen=True)
class StationPremises:
    """What a station has on site (F1–F5); sets hold codes of the constants above."""

    street_name: str
    name: str
    rooms: frozenset[str]
    systems: frozenset[str]
    has_service_window: bool
    shows_service_list: bool
    displays: frozenset[str]
    uses_logo: bool
    signage_on_wall: bool

    def __post_init__(self) -> None:
        _known(self.rooms, STATION_ROOMS, "room functions")
        _known(self.systems, STATION_SYSTEMS, "systems")
        _known(self.displays, STATION_DISPLAYS, "display areas")


def check_station_premises(p: StationPremises) -> list[Finding]:
    """F1–F5 (§4(2)): rooms, systems, window and list, display areas, name and signage."""
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
    return findings + _signage("F5", p.uses_logo, p.signage_on_wall)


@dataclass(frozen=True)
class WorkroomPremises:
    """What a workroom has on site (F6–F8)."""

    street_name: str
    community_name: str
    name: str
    rooms: frozenset[str]
    postings: frozenset[str]
    uses_logo: bool
    signage_on_wall: bool

    def __post_init__(self) -> None:
        _known(self.rooms, WORKROOM_ROOMS, "room functions")
        _known(self.postings, WORKROOM_POSTINGS, "postings")


def check_workroom_premises(p: WorkroomPremises) -> list[Finding]:
    """F6–F8 (§4(2)): rooms, posted boards, name and signage."""
    findings = _missing("F6", "功能室", p.rooms, WORKROOM_ROOMS)
    findings += _missing("F7", "标识牌", p.postings, WORKROOM_POSTINGS)
    if not workroom_name_ok(p.name, p.street_name, p.community_name):
        pattern = f"上城区{p.street_name}{p.community_name}{_('（特色名）')}{_WORKROOM_SUFFIX}"
        findings.append(
            violation(
                "F8",
                _(
                    "名称应统一为“{pattern}”，特色名可用社工姓名、服务领域或专业特色，1 至 20 字，"
                    "不含空格；现为“{name}”"
                ).format(pattern=pattern, name=p.name),
            )
        )
    return findings + _signage("F8", p.uses_logo, p.signage_on_wall)
