"""The training system: kinds and levels (TR1) and the district's yearly duty (TR2), §5(3)."""

from __future__ import annotations

from .i18n import _
from .types import Finding, LabelledChoice, non_negative, violation


class TrainingKind(LabelledChoice):
    """TR1: the five kinds of training the document names."""

    PRE_JOB = "pre_job", "岗前培训"
    SUPERVISION = "supervision", "督导培训"
    CONTINUING = "continuing", "继续教育培训"
    PRACTICE = "practice", "实务培训"
    POLICY_LAW = "policy_law", "政策法规培训"


class TrainingLevel(LabelledChoice):
    """TR1: 区街社三级, who runs a training."""

    DISTRICT = "district", "区级"
    STREET = "street", "街道级"
    COMMUNITY = "community", "社区级"


def check_district_training(
    year: int,
    practice_trainings: int,
    study_visits: int,
) -> list[Finding]:
    """TR2 (§5(3)): each year at least one centralised practice training and one study visit."""
    non_negative(practice_trainings, "practice_trainings")
    non_negative(study_visits, "study_visits")
    findings = []
    if not practice_trainings:
        findings.append(
            violation("TR2", _("区民政局 {year} 年未组织侧重实务的集中培训").format(year=year))
        )
    if not study_visits:
        findings.append(
            violation("TR2", _("区民政局 {year} 年未组织外出参观见习").format(year=year))
        )
    return findings
