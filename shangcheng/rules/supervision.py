"""The supervision system: engagements, yearly agreements, appraisal, fees, coverage (§5(2)).

Agreement and engagement ends are the last day covered, as contracts are written:
"2024-01-01 至 2024-12-31" is exactly one year. POLICY.md: a period from S is at most N years
when its last day is before S's date N years later, and at least N years when its last day
is on or after the day before that date; a 29 February start's date N years later is
1 March when that year has no 29 February (unlike tenure, S6/S7, which follows 《民法典》
Art. 201–202 and falls on 28 February). So 2024-02-29 至 2025-02-28 is one year, and an
engagement from 2024-02-29 reaches three years on 2027-02-28.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from decimal import Decimal

from .i18n import _
from .params import DEFAULT_PARAMS, Dimension, DistrictParams
from .types import Finding, Grade, LabelledChoice, advice, non_negative, parse, violation


class SupervisorLevel(LabelledChoice):
    """The level a supervisor is recognised at (T5, V6)."""

    DISTRICT = "district", "区级"
    MUNICIPAL = "municipal", "市级"
    PROVINCIAL = "provincial", "省级"
    NATIONAL = "national", "国家级"

    @property
    def municipal_or_higher(self) -> bool:
        """T5 and V6 count municipal, provincial and national supervisors."""
        return self is not SupervisorLevel.DISTRICT


class SupervisorType(LabelledChoice):
    """V1: the three kinds of mentor in the team."""

    LOCAL = "local", "本土社工督导（助理）"
    UNIVERSITY = "university", "高校教师"
    SPECIALIST = "specialist", "专科实务督导"


class ProjectLevel(LabelledChoice):
    """The level of a supervision project (V5 pays from district level up)."""

    STREET = "street", "街道级"
    DISTRICT = "district", "区级"
    MUNICIPAL = "municipal", "市级"
    PROVINCIAL = "provincial", "省级"
    NATIONAL = "national", "国家级"


def _check_period(start: date, end: date) -> None:
    if end < start:
        raise ValueError(f"period ends ({end}) before it starts ({start})")


def period_date(start: date, years: int) -> date:
    """V2/V3: ``start``'s date ``years`` years later; 29 February's is 1 March when that
    year has none."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:  # only 29 February has no counterpart in another year
        return date(start.year + years, 3, 1)


def lasts_at_least(start: date, last_day: date, years: int) -> bool:
    """V2: ``start`` 至 ``last_day`` (inclusive) covers at least ``years`` years."""
    return last_day >= period_date(start, years) - timedelta(days=1)


def lasts_at_most(start: date, last_day: date, years: int) -> bool:
    """V3: ``start`` 至 ``last_day`` (inclusive) covers at most ``years`` years."""
    return last_day < period_date(start, years)


def check_engagement(
    start: date, end_planned: date | None, params: DistrictParams = DEFAULT_PARAMS
) -> list[Finding]:
    """V2 (§5(2)), advice: a supervision service period of at least 3 years.

    ``end_planned`` is the last day of service; None means open-ended.
    """
    if end_planned is None:
        return []
    _check_period(start, end_planned)
    years = params.engagement_min_years
    if lasts_at_least(start, end_planned, years):
        return []
    return [
        advice(
            "V2",
            _("督导服务期 {start} 至 {end}，不足 {years} 年，可设置至少 {years} 年").format(
                start=start.isoformat(), end=end_planned.isoformat(), years=years
            ),
        )
    ]


def check_agreement(
    start: date, end: date, params: DistrictParams = DEFAULT_PARAMS
) -> list[Finding]:
    """V3 (§5(2)): 协议一年一签, so an agreement covers at most one year.

    ``end`` is the last day covered; it must come before ``start``'s date a year later
    (29 February's is 1 March when that year has none).
    """
    _check_period(start, end)
    years = params.agreement_max_years
    if lasts_at_most(start, end, years):
        return []
    return [
        violation(
            "V3",
            _("督导协议 {start} 至 {end} 超过 {years} 年，应一年一签").format(
                start=start.isoformat(), end=end.isoformat(), years=years
            ),
        )
    ]


def _score(value: Decimal | int, dimension: str) -> Decimal:
    if isinstance(value, float) or not 0 <= value <= 100:
        raise ValueError(f"score for {dimension} must be a Decimal or int from 0 to 100")
    return Decimal(value)


def appraisal_score(
    scores: Mapping[str, Decimal | int], params: DistrictParams = DEFAULT_PARAMS
) -> Decimal:
    """V4 (§5(2)): the weighted score over the four dimensions, 0–100."""
    expected = {dimension.value for dimension in Dimension}
    if set(scores) != expected:
        raise ValueError(f"scores must name exactly {sorted(expected)}")
    total = sum(_score(scores[code], code) * params.weights[code] for code in expected)
    return Decimal(total) / 100


def appraisal_grade(score: Decimal | int, params: DistrictParams = DEFAULT_PARAMS) -> str:
    """V4 (§5(2)): 优秀 ≥ 90, 合格 ≥ 75, 基本合格 ≥ 60, else 不合格 (district thresholds)."""
    score = _score(score, "the total")
    if score >= params.excellent:
        return Grade.EXCELLENT
    if score >= params.qualified:
        return Grade.QUALIFIED
    if score >= params.basic:
        return Grade.BASIC
    return Grade.UNQUALIFIED


def renewal_advice(grade: str) -> list[Finding]:
    """V4 (§5(2)): results feed renewal; 不合格 recommends not renewing."""
    if parse(Grade, grade, "grade") is not Grade.UNQUALIFIED:
        return []
    return [advice("V4", _("年度考核不合格，建议不再续聘"))]


def check_appraisal_done(year: int, appraised: bool, on: date, *, name: str = "") -> list[Finding]:
    """V4 (§5(2)): the year's appraisal is done before the end of December."""
    if appraised or on <= date(year, 12, 31):
        return []
    return [
        violation(
            "V4",
            _("督导{name} {year} 年度考核应于 12 月底前完成，至今未完成").format(
                name=name, year=year
            ),
        )
    ]


def fee_eligible(
    full_time: bool, project_level: str, approved: bool, grade_year_before: str | None
) -> bool:
    """V5 (§5(2)): is a month's supervision evaluation fee due?

    Only for a full-time (assistant) supervisor on a district-or-higher project, when the
    district has approved that month's evaluation (``approved``) and the supervisor's annual
    appraisal of the year before the month (``grade_year_before``) is 优秀 or 合格. None
    means there is none yet (the first year of the engagement) and does not stop the fee;
    基本合格 and 不合格 stop it. An appraisal that should exist but is missing is a V4
    finding (``check_appraisal_done``), not a reason here.
    """
    level = parse(ProjectLevel, project_level, "project level")
    appraisal_ok = grade_year_before is None or parse(Grade, grade_year_before, "grade").passed
    return full_time and approved and appraisal_ok and level is not ProjectLevel.STREET


def monthly_fee_amount(approved_months: int, params: DistrictParams = DEFAULT_PARAMS) -> Decimal:
    """V5 (§5(2)): the fee for the approved months, at the district's monthly rate."""
    non_negative(approved_months, "approved_months")
    if params.monthly_fee is None:
        raise ValueError("the district has not set the monthly supervision fee")
    return (params.monthly_fee * approved_months).quantize(Decimal("0.01"))


def check_supervisor_coverage(
    workrooms: Iterable[str], covered: Iterable[str], core_supervisors: int
) -> list[Finding]:
    """V6 (§5(3)): provincial/municipal core supervisors, and a supervisor for each workroom.

    ``workrooms`` are the station's workroom names, ``covered`` those with a linked
    supervisor, ``core_supervisors`` the station's municipal-or-higher core members.
    """
    non_negative(core_supervisors, "core_supervisors")
    linked = set(covered)
    findings = [
        violation("V6", _("社区社会工作室“{workroom}”未安排社工督导联系指导").format(workroom=name))
        for name in workrooms
        if name not in linked
    ]
    if not core_supervisors:
        findings.append(violation("V6", _("社会工作站尚未吸纳省、市级社会工作督导作为骨干成员")))
    return findings
