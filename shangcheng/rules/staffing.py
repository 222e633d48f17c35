"""Staffing of stations and workrooms: S1–S3, S5, W1–W2 (§4(3)).

S4 (专人专职) lives in ``dedicated.py`` and the tenure benefits S6/S7 in ``tenure.py``;
both need dates, these checks only need a snapshot of who holds which post on a day.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from .i18n import _
from .types import Finding, Mode, Post, advice, info, non_negative, parse, violation

# Posts that count toward S1 when certified and full-time (the mixed-mode head aside).
_COUNTED_POSTS = frozenset({Post.HEAD, Post.DEPUTY, Post.SOCIAL_WORKER})
_STATION_POSTS = _COUNTED_POSTS | {Post.OPERATING_SUPERVISOR}


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
    """One station post held on the day checked (S1–S3)."""

    post: str
    certified: bool
    full_time: bool

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
        return findings + _check_self_operated(required, posts)
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


def _too_many(rule_id: str, count: Counter[str], post: Post) -> list[Finding]:
    if count[post] <= 1:
        return []
    message = _("{post}只设 1 名，现有 {count} 名").format(post=post.label, count=count[post])
    return [violation(rule_id, message)]


def _check_self_operated(required: int, posts: list[PostHolder]) -> list[Finding]:
    """S2: head + 2 or 3 social workers, and a deputy only where S1 asks for 5."""
    count = Counter(holder.post for holder in posts)
    findings = _too_many("S2", count, Post.HEAD) + _too_many("S2", count, Post.DEPUTY)
    if count[Post.DEPUTY] and required < 5:
        findings.append(
            violation(
                "S2",
                _("配备 5 人的可设副站长；本站应配备 {required} 人，现有副站长 {count} 名").format(
                    required=required, count=count[Post.DEPUTY]
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
    if not count[Post.HEAD]:
        findings.append(advice("S2", _("自主运营的社会工作站可设站长 1 名，现未设站长")))
    return findings


def _check_mixed(posts: list[PostHolder]) -> list[Finding]:
    """S3: a concurrent head, at most one deputy, and the contractor's operating supervisor."""
    count = Counter(holder.post for holder in posts)
    findings = _too_many("S3", count, Post.HEAD) + _too_many("S3", count, Post.DEPUTY)
    if not count[Post.HEAD]:
        findings.append(
            violation(
                "S3", _("混合运营的社会工作站，站长由街道公共服务办公室主任兼任，现未配备站长")
            )
        )
    if any(holder.post == Post.HEAD and holder.full_time for holder in posts):
        findings.append(
            advice(
                "S3",
                _(
                    "混合运营的站长由街道公共服务办公室主任兼任，不应登记为专职，也不计入专职持证社工"
                ),
            )
        )
    if not count[Post.OPERATING_SUPERVISOR]:
        findings.append(
            violation("S3", _("混合运营应由承接机构负责人或项目主管担任运营督导，现未配备"))
        )
    return findings


@dataclass(frozen=True)
class LeaderSource:
    """S5: where a head or deputy was chosen from."""

    post: str
    municipal_talent: bool  # 市级及以上领军人才
    municipal_supervisor: bool  # 市级及以上（助理）督导
    name: str = ""

    def __post_init__(self) -> None:
        parse(Post, self.post, "post")


def check_leader_sources(leaders: Iterable[LeaderSource]) -> list[Finding]:
    """S5 (§4(3)), advice: heads and deputies come in principle from municipal talent pools."""
    return [
        advice(
            "S5",
            _("{post}{name}原则上应从市级及以上领军人才或市级及以上（助理）督导中选配").format(
                post=Post(leader.post).label, name=leader.name
            ),
        )
        for leader in leaders
        if leader.post in (Post.HEAD, Post.DEPUTY)
        and not (leader.municipal_talent or leader.municipal_supervisor)
    ]


@dataclass(frozen=True)
class WorkroomWorker:
    """W1/W2: a social worker in the community public service station's 社会工作 post."""

    certified: bool
    full_time: bool
    community_work_years: int

    def __post_init__(self) -> None:
        non_negative(self.community_work_years, "community_work_years")


def check_workroom_staffing(workers: Iterable[WorkroomWorker]) -> list[Finding]:
    """W1 (requirement) and W2 (advice), §4(3): one full-time worker, preferably seasoned."""
    full_time = [worker for worker in workers if worker.full_time]
    if not full_time:
        return [violation("W1", _("社区公共服务站“社会工作”岗位未配备专职社工，应不少于 1 名"))]
    if not any(w.certified and w.community_work_years >= 3 for w in full_time):
        return [
            advice("W2", _("专职社工中没有已持证且有三年以上社区工作经验的社工，宜优先从中调配"))
        ]
    return []
