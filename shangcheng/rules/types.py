"""Shared vocabulary of the rules: findings, severities and the labelled choices.

Every enum is a ``StrEnum`` whose members equal the contract strings of DESIGN.md, so a
Django model can store ``Post.HEAD`` and compare it with ``"head"``; each member carries its
Chinese name as ``.label`` for choices and messages.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Self

from .catalogue import rule
from .i18n import _


class LabelledChoice(StrEnum):
    """A ``StrEnum`` whose members are declared as ``NAME = "value", "中文名"``."""

    _label: str

    def __new__(cls, value: str, label: str) -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        member._label = label
        return member

    @property
    def label(self) -> str:
        """The Chinese name, through the translation hook."""
        return _(self._label)

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        """``(value, label)`` pairs in declaration order, ready for a model field."""
        return [(member.value, member.label) for member in cls]


class Severity(LabelledChoice):
    """How a finding weighs: a broken requirement, an unmet 原则上/优先 rule, or a note."""

    VIOLATION = "violation", "违规"
    ADVICE = "advice", "建议"
    INFO = "info", "提示"


class Post(LabelledChoice):
    """Posts of a station (S1–S3) and the workroom's 社会工作 post (W1)."""

    HEAD = "head", "站长"
    DEPUTY = "deputy", "副站长"
    SOCIAL_WORKER = "social_worker", "专职社工"
    OPERATING_SUPERVISOR = "operating_supervisor", "运营督导"
    WORKROOM_SOCIAL_WORKER = "workroom_social_worker", "社区“社会工作”岗专职社工"


class Mode(LabelledChoice):
    """How a station is run (§4(3))."""

    SELF = "self", "街道自主运营"
    MIXED = "mixed", "与第三方机构混合运营"


class Grade(LabelledChoice):
    """An annual appraisal result; 合格 or better passes (S6/S7, V4)."""

    EXCELLENT = "excellent", "优秀"
    QUALIFIED = "qualified", "合格"
    BASIC = "basic", "基本合格"
    UNQUALIFIED = "unqualified", "不合格"

    @property
    def passed(self) -> bool:
        """S6/S7: 考核合格 means 优秀 or 合格."""
        return self in (Grade.EXCELLENT, Grade.QUALIFIED)


class UnitKind(LabelledChoice):
    """The two sizes of 社会工作站（室）."""

    STATION = "station", "街道社会工作站"
    WORKROOM = "workroom", "社区社会工作室"


class Benefit(LabelledChoice):
    """S6/S7: the treatment a head or deputy may receive after 3 full years (参照, by
    reference to a full-time community worker's)."""

    PRINCIPAL = "principal", "参照专职社区工作者正职待遇"
    DEPUTY = "deputy", "参照专职社区工作者副职待遇"


@dataclass(frozen=True)
class Finding:
    """One result of a check: which rule, where in the document, how bad, and why."""

    rule: str
    clause: str
    severity: str
    message: str

    def __post_init__(self) -> None:
        Severity(self.severity)  # a typo in a severity must fail loudly, not hide a finding


def finding(rule_id: str, severity: Severity, message: str) -> Finding:
    """Build a finding whose clause comes from the catalogue, so citations never drift."""
    return Finding(rule=rule_id, clause=rule(rule_id).clause, severity=severity, message=message)


def violation(rule_id: str, message: str) -> Finding:
    return finding(rule_id, Severity.VIOLATION, message)


def advice(rule_id: str, message: str) -> Finding:
    return finding(rule_id, Severity.ADVICE, message)


def info(rule_id: str, message: str) -> Finding:
    return finding(rule_id, Severity.INFO, message)


def parse(enum: type[LabelledChoice], value: str, what: str) -> LabelledChoice:
    """Turn a contract string into its enum member, or raise ValueError naming ``what``."""
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(member.value for member in enum)
        raise ValueError(f"unknown {what} {value!r}; expected one of {allowed}") from None


def non_negative(value: int, what: str) -> int:
    """Counts of people, rooms or cases are whole and not negative: reject bad input early."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{what} must be a whole number, not {type(value).__name__}")
    if value < 0:
        raise ValueError(f"{what} cannot be negative: {value}")
    return value
