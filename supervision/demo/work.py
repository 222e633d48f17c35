"""The demo's supervision work, built unsaved: a year of monthly evaluations up to the
month before ``as_of`` in every state with their workflow steps, and the annual appraisals
of every finished year.

The older months are approved; the recent ones are submitted, returned with a comment,
still in draft or not filed at all, as a district finds them mid-month. One evaluation was
filed late. The demo supervisor account's supervisor (the first of the team) always has a
month to file and an evaluation returned to them.
"""

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from shangcheng import rules

from ..models import AnnualAppraisal, EvaluationEvent, MonthlyEvaluation
from ..months import last_month, month_end
from .team import Member, Team, months_before

FIRST_YEAR = 2022
MONTHS = 12
DEADLINE_DAY = 10  # DistrictParameters.filing_deadline_day's default
S = MonthlyEvaluation.Status
A = EvaluationEvent.Action
TOPICS = [
    "个案管理流程梳理",
    "小组工作方案设计",
    "社区需求调研方法",
    "“三张清单”更新与对接",
    "老年人服务项目督导",
    "青少年社会工作服务",
    "社工伦理与自我照顾",
    "案例撰写与提炼",
    "志愿者队伍建设",
    "项目评估指标设计",
]
PROBLEMS = [
    "服务记录不够完整，部分活动缺少反馈材料。",
    "需求评估与服务计划衔接不够紧密。",
    "个案跟进频次偏低。",
    "",
]
RECOMMENDATIONS = [
    "建议规范服务台账，按月归档。",
    "建议加强与社区“五社联动”资源的对接。",
    "建议开展一次小组工作专题培训。",
    "",
]
RETURN_COMMENTS = [
    "请补充本月督导记录中服务对象的反馈。",
    "督导时长与记录不符，请核实后重新提交。",
    "问题与建议部分过于简略，请具体说明。",
]


def _at(day: date, rng: random.Random, as_of: date) -> datetime:
    day = min(day, as_of)
    return timezone.make_aware(datetime.combine(day, time(rng.randint(9, 17), rng.randint(0, 59))))


def _status(rng: random.Random, age: int) -> str | None:
    """The state of the evaluation of the month ``age`` months before last month; None:
    not filed."""
    r = rng.random()
    if age >= 3:
        return S.APPROVED
    if age == 2:
        return S.SUBMITTED if r < 0.05 else S.APPROVED
    if age == 1:
        return S.RETURNED if r < 0.06 else S.SUBMITTED if r < 0.4 else S.APPROVED
    if r < 0.08:
        return None
    if r < 0.22:
        return S.DRAFT
    if r < 0.26:
        return S.RETURNED
    return S.APPROVED if r < 0.4 else S.SUBMITTED


@dataclass
class Step:
    """``EvaluationEvent.at`` is set to now on insert; the demo writes its own time after:
    the draft's time, the evaluation's ``submitted_at``, or its ``reviewed_at``."""

    event: EvaluationEvent
    at: datetime


class Work:
    """Evaluations, their steps and the appraisals of a built ``Team``."""

    def __init__(self, team: Team, reviewer):
        self.team = team
        self.as_of = team.as_of
        # Demo data, not secrets: a seeded generator is the point (reproducible everywhere).
        self.rng = random.Random(f"shangcheng-supervision-work-{team.as_of}")  # noqa: S311
        self.reviewer = reviewer
        self.evaluations: list[MonthlyEvaluation] = []
        self.steps: list[Step] = []
        self.appraisals: list[AnnualAppraisal] = []
        self.late_done = False

    def build(self) -> "Work":
        first = last_month(self.as_of)
        months = [months_before(first, k) for k in range(MONTHS)]
        for index, member in enumerate(self.team.members):
            forced = self._forced(member) if index == 0 else {}
            for link in member.assignments:
                for age, month in enumerate(months):
                    if link.start > month_end(month) or (link.end and link.end <= month):
                        continue
                    status = forced.get((link.unit.pk, age), _status(self.rng, age))
                    if status is not None:
                        self._evaluation(member, link.unit, month, age, status)
            self._appraise(member, index)
        return self

    def _forced(self, member: Member) -> dict:
        """The demo account's supervisor: last month unfiled at one unit, the month before
        returned at another (or the same, if they have one unit)."""
        units = [a.unit.pk for a in member.assignments if not a.core]
        return {(units[0], 0): None, (units[-1] if len(units) > 1 else units[0], 1): S.RETURNED}

    def _evaluation(self, member: Member, unit, month: date, age: int, status: str) -> None:
        rng, as_of = self.rng, self.as_of
        sessions = rng.randint(1, 4)
        evaluation = MonthlyEvaluation(
            supervisor=member.supervisor,
            unit=unit,
            month=month,
            status=status,
            sessions=sessions,
            hours=Decimal(sessions) * Decimal(rng.choice(["1.5", "2", "2.5", "3"])),
            forms=sorted(rng.sample(list(MonthlyEvaluation.Form.values), rng.randint(1, 2))),
            topics=rng.choice(TOPICS),
        )
        user = member.supervisor.user
        # Drafted at 9:00 (few distinct times: written back in a few queries, see _write).
        drafted_on = min(month_end(month) + timedelta(days=rng.randint(1, 3)), as_of)
        drafted = timezone.make_aware(datetime.combine(drafted_on, time(9, 0)))
        self._step(evaluation, A.CREATE, user, drafted)
        self.evaluations.append(evaluation)
        if status == S.DRAFT:
            return
        evaluation.unit_score = rng.randint(70, 98)
        evaluation.workers_score = rng.randint(70, 98)
        evaluation.problems = rng.choice(PROBLEMS)
        evaluation.recommendations = rng.choice(RECOMMENDATIONS)
        next_month = month_end(month) + timedelta(days=1)
        day = next_month + timedelta(days=rng.randint(0, DEADLINE_DAY - 2))
        if age == 2 and status == S.APPROVED and not self.late_done:  # filed after the 10th
            day, evaluation.late, self.late_done = next_month + timedelta(days=14), True, True
        evaluation.submitted_at = max(_at(day, rng, as_of), drafted)
        self._step(evaluation, A.SUBMIT, user, evaluation.submitted_at)
        if status == S.SUBMITTED:
            return
        reviewed = evaluation.submitted_at + timedelta(days=rng.randint(1, 5), hours=1)
        latest = timezone.make_aware(datetime.combine(as_of, time(23, 0)))
        reviewed = min(reviewed, latest)  # submitted by as_of 18:00, so still after it
        evaluation.reviewed_by, evaluation.reviewed_at = self.reviewer, reviewed
        if status == S.RETURNED:
            self._step(evaluation, A.RETURN, self.reviewer, reviewed, rng.choice(RETURN_COMMENTS))
        else:
            self._step(evaluation, A.APPROVE, self.reviewer, reviewed)

    def _step(self, evaluation, action, actor, at, comment="") -> None:
        event = EvaluationEvent(evaluation=evaluation, action=action, actor=actor, comment=comment)
        self.steps.append(Step(event, at))

    # Annual appraisals (V4)

    def _appraise(self, member: Member, index: int) -> None:
        last = self.as_of.year - 1
        for year in range(FIRST_YEAR, self.as_of.year):
            months = self._months_engaged(member, year)
            if not months:
                continue
            units = max(1, len(member.assignments))
            sessions = months * units * 2
            appraisal = AnnualAppraisal(
                supervisor=member.supervisor,
                year=year,
                months_engaged=months,
                months_approved=months,
                sessions=sessions,
                hours=Decimal(sessions) * Decimal("2.5"),
                late_filings=int(year == last and index % 9 == 1),
            )
            self.appraisals.append(appraisal)
            if year == last and index in (7, 13):  # V4: last year's still to finalise
                continue
            forced = {11: 50, 17: 66} if year == last else {}
            self._score(appraisal, forced.get(index, self.rng.randint(72, 95)))

    def _months_engaged(self, member: Member, year: int) -> int:
        firsts = [date(year, m, 1) for m in range(1, 13)]
        return sum(
            1
            for day in firsts
            if any(
                e.start <= month_end(day) and (e.end is None or e.end >= day)
                for e in member.engagements
            )
        )

    def _score(self, appraisal: AnnualAppraisal, base: int) -> None:
        rng = self.rng
        appraisal.ability, appraisal.quality, appraisal.results, appraisal.conduct = (
            max(0, min(100, base + rng.randint(-4, 4))) for _ in range(4)
        )
        appraisal.total = rules.appraisal_score(appraisal.scores)
        appraisal.grade = rules.appraisal_grade(appraisal.total)
        advice = rules.renewal_advice(appraisal.grade)
        appraisal.renewal_advice = "；".join(f.message for f in advice)
        appraisal.status = AnnualAppraisal.Status.FINAL
        appraisal.finalised_by = self.reviewer
        day = date(appraisal.year, 12, rng.randint(15, 30))
        appraisal.finalised_at = timezone.make_aware(datetime.combine(day, time(10, 0)))
