"""Staffing of stations and workrooms: S1–S3, S5, W1–W2 (§4(3)).

S4 (专人专职) lives in ``dedicated.py`` and the tenure benefits S6/S7 in ``tenure.py``;
both need dates, these checks only need a snapshot of who holds which post on a day: the
caller passes what holds on the date asked about (valid certificates, qualifications held).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .i18n import _
from .types import Finding, Mode, Post, advice, info, non_negative, parse, violation

# Posts that count toward S1 when certified and full-time (the mixed-mode head aside).
_COUNTED_POSTS = frozenset({Post.HEAD, Post.DEPUTY, Post.SOCIAL_WORKER})
_STATION_POSTS = _COUNTED_POSTS | {Post.OPERATING_SUPERVISOR}
DEPUTY_FROM = 5  # S2: 配备 5 人的可设副站长


def required_social_workers(community_count: int) -> int:
    """S1 (§4(3)): 3 below 10 communities, 4 for 10–19, 5 from 20."""
    non_negative(community_count, "community_count")
    if community_count < 10:
        return 3
    if community_count < 20:
        return 4
    return 5


@dataclass(frozen=True)
class PostHolder:
    """One station post held on the day checked (S1–S3).

    ``certified``: holds a certificate valid that day. ``office_director`` (S3): the holder
    of a mixed-mode station's head post is the street's 公共服务办公室主任. ``contractor_lead``
    (S3): the operating supervisor is the contractor's 负责人 or 项目主管. Unknown is False.
    """

    post: str
    certified: bool
    full_time: bool
    name: str = ""
    office_director: bool = False
    contractor_lead: bool = False

    def __post_init__(self) -> None:
        parse(Post, self.post, "post")


def _counts_toward_s1(holder: PostHolder, mode: Mode) -> bool:
    if not (holder.certified and holder.full_time) or holder.post not in _COUNTED_POSTS:
        return False
    # S3: the mixed-mode head is a street official holding the post concurrently.
    return not (mode is Mode.MIXED and holder.post == Post.HEAD)


def counted_social_workers(mode: str, posts: Iterable[PostHolder]) -> int:
    """S1 (§4(3)): the station staff who count toward the requirement — certified and
    full-time heads, deputies and social workers, the mixed-mode head aside."""
    mode = parse(Mode, mode, "mode")
    return sum(_counts_toward_s1(holder, mode) for holder in posts)


def check_station_staffing(
    community_count: int, mode: str, posts: Iterable[PostHolder]
) -> list[Finding]:
    """S1–S3 (§4(3)): how many certified full-time social workers, and in which posts."""
    required = required_social_workers(community_count)
    mode = parse(Mode, mode, "mode")
    posts = list(posts)
    for holder in posts:
        if holder.post not in _STATION_POSTS:
            raise ValueError(f"post {holder.post!r} is not a station post")
    counted = counted_social_workers(mode, posts)
    findings = _check_count(community_count, required, counted)
    if mode is Mode.SELF:
        return findings + _check_self_operated(required, counted, posts)
    return findings + _check_mixed(posts)


def _check_count(community_count: int, required: int, counted: int) -> list[Finding]:
    """S1: fewer than required is a violation; more is reported, not blamed."""
    values = {"communities": community_count, "required": required, "actual": counted}
    if counted < required:
        return [
            violation(
                "S1",
                _("社区数 {communities}，需专职持证社工 {required} 人，现有 {actual} 人").format(
                    **values
                ),
            )
        ]
    if counted > required:
        return [
            info(
                "S1",
                _(
                    "社区数 {communities}，需专职持证社工 {required} 人，"
                    "现有 {actual} 人，多于配备标准"
                ).format(**values),
            )
        ]
    return []


def _names(holders: Iterable[PostHolder]) -> str:
    """ "（张三、李四）" for the holders that have a name; "" when none has."""
    names = [holder.name for holder in holders if holder.name]
    return "（{}）".format("、".join(names)) if names else ""  # punctuation only


def _holding(posts: list[PostHolder], post: Post) -> list[PostHolder]:
    return [holder for holder in posts if holder.post == post]


def _too_many(rule_id: str, posts: list[PostHolder], post: Post) -> list[Finding]:
    """S2/S3: at most one head and one deputy (站长、副站长各限设 1 名)."""
    holding = _holding(posts, post)
    if len(holding) <= 1:
        return []
    message = _("{post}限设 1 名，现有 {count} 名{names}").format(
        post=post.label, count=len(holding), names=_names(holding)
    )
    return [violation(rule_id, message)]


def _check_self_operated(required: int, counted: int, posts: list[PostHolder]) -> list[Finding]:
    """S2: at most one head and one deputy; a deputy where 5 are neither needed nor counted
    and workers outside 2–3 are advice (可设 permits, S1 already enforces the total)."""
    findings = _too_many("S2", posts, Post.HEAD) + _too_many("S2", posts, Post.DEPUTY)
    deputies = _holding(posts, Post.DEPUTY)
    if deputies and required < DEPUTY_FROM and counted < DEPUTY_FROM:
        findings.append(
            advice(
                "S2",
                _(
                    "配备 {five} 人的可设副站长；本站应配备 {required} 人、"
                    "现有专职持证社工 {counted} 人，设副站长 {count} 名{names}"
                ).format(
                    five=DEPUTY_FROM,
                    required=required,
                    counted=counted,
                    count=len(deputies),
                    names=_names(deputies),
                ),
            )
        )
    workers = sum(
        holder.post == Post.SOCIAL_WORKER and holder.certified and holder.full_time
        for holder in posts
    )
    if not 2 <= workers <= 3:
        findings.append(
            advice(
                "S2",
                _("站长、副站长之外应有专职持证社工 2 至 3 人，现有 {count} 人").format(
                    count=workers
                ),
            )
        )
    if not _holding(posts, Post.HEAD):
        findings.append(advice("S2", _("自主运营的社会工作站可设站长 1 名，现未设站长")))
    return findings


def _check_mixed(posts: list[PostHolder]) -> list[Finding]:
    """S3: the office director as concurrent head, at most one deputy, and the contractor's
    head or project lead as operating supervisor."""
    findings = _too_many("S3", posts, Post.HEAD) + _too_many("S3", posts, Post.DEPUTY)
    heads = _holding(posts, Post.HEAD)
    if not heads:
        findings.append(
            violation(
                "S3", _("混合运营的社会工作站，站长由街道公共服务办公室主任兼任，现未配备站长")
            )
        )
    for head in heads:
        if not head.office_director:
            findings.append(
                violation(
                    "S3",
                    _(
                        "混合运营的社会工作站，站长由街道公共服务办公室主任兼任；"
                        "站长{name}未登记为街道公共服务办公室主任"
                    ).format(name=head.name),
                )
            )
        if head.full_time:
            findings.append(
                advice(
                    "S3",
                    _(
                        "混合运营的站长由街道公共服务办公室主任兼任，站长{name}不应登记为专职，"
                        "也不计入专职持证社工"
                    ).format(name=head.name),
                )
            )
    supervisors = _holding(posts, Post.OPERATING_SUPERVISOR)
    if not supervisors:
        findings.append(
            violation("S3", _("混合运营应由承接机构负责人或项目主管担任运营督导，现未配备"))
        )
    findings += [
        violation(
            "S3",
            _(
                "混合运营的运营督导由承接机构负责人或项目主管担任；"
                "运营督导{name}未登记为承接机构负责人或项目主管"
            ).format(name=supervisor.name),
        )
        for supervisor in supervisors
        if not supervisor.contractor_lead
    ]
    return findings


@dataclass(frozen=True)
class LeaderSource:
    """S5: where a head or deputy was chosen from. Both flags say what the person holds on
    the date asked about (a title that lapsed or was awarded later does not count)."""

    post: str
    municipal_talent: bool  # 市级及以上领军人才
    municipal_supervisor: bool  # 市级及以上（助理）督导
    name: str = ""

    def __post_init__(self) -> None:
        parse(Post, self.post, "post")


def _s5_applies(post: str, mode: Mode) -> bool:
    """S5: the head and deputy of a self-operated station, the deputy of a mixed one; the
    mixed-mode head is fixed by office (S3) and never advised."""
    if post == Post.DEPUTY:
        return True
    return post == Post.HEAD and mode is Mode.SELF


def check_leader_sources(mode: str, leaders: Iterable[LeaderSource]) -> list[Finding]:
    """S5 (§4(3)), advice: heads and deputies come in principle from municipal talent pools."""
    mode = parse(Mode, mode, "mode")
    return [
        advice(
            "S5",
            _(
                "{post}{name}原则上应从市级及以上领军人才或市级及以上（助理）督导中选配，现均未持有"
            ).format(post=Post(leader.post).label, name=leader.name),
        )
        for leader in leaders
        if _s5_applies(leader.post, mode)
        and not (leader.municipal_talent or leader.municipal_supervisor)
    ]


@dataclass(frozen=True)
class WorkroomWorker:
    """W1/W2: a social worker in the community public service station's 社会工作 post.

    ``certified``: holds a certificate valid on the date asked about; ``social_work_degree``:
    a 社会工作专业 degree of 大专 or higher. Either makes the worker qualified (符合专业资质).
    """

    certified: bool
    full_time: bool
    community_work_years: int
    social_work_degree: bool = False

    def __post_init__(self) -> None:
        non_negative(self.community_work_years, "community_work_years")

    @property
    def qualified(self) -> bool:
        """W1: 符合专业资质 — certified, or a social-work degree (大专 or higher)."""
        return self.certified or self.social_work_degree


SEASONED_YEARS = 3  # W2: 三年以上社区工作经验 (以上 includes 3)


def check_workroom_staffing(workers: Iterable[WorkroomWorker]) -> list[Finding]:
    """W1 (requirement) and W2 (advice), §4(3): at least one qualified full-time worker,
    preferably certified with 3 or more years of community work."""
    full_time = [worker for worker in workers if worker.full_time]
    if not full_time:
        return [
            violation(
                "W1",
                _(
                    "社区公共服务站“社会工作”岗位未配备专职社工，"
                    "应配备不少于 1 名符合专业资质的社工专职工作"
                ),
            )
        ]
    if not any(worker.qualified for worker in full_time):
        return [
            violation(
                "W1",
                _(
                    "社区公共服务站“社会工作”岗位现有专职社工 {count} 名，均不符合专业资质"
                    "（未持证，也无社会工作专业大专及以上学历），应配备不少于 1 名"
                ).format(count=len(full_time)),
            )
        ]
    if not any(w.certified and w.community_work_years >= SEASONED_YEARS for w in full_time):
        return [
            advice(
                "W2",
                _(
                    "社区公共服务站“社会工作”岗位现有专职社工 {count} 名，均不同时具备"
                    "“持证且三年以上社区工作经验”，宜优先从已持证且有三年以上社区工作经验的"
                    "社工中调配"
                ).format(count=len(full_time)),
            )
        ]
    return []
