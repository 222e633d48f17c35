"""F1–F8, F10 (§4(2)): rooms, systems, displays, boards, uniform names, service places."""

from dataclasses import replace

import pytest

from shangcheng import rules

STREET, COMMUNITY = "清波街道", "清波门社区"

STATION = rules.StationPremises(
    street_name=STREET,
    name="杭州市上城区清波街道社会工作站",
    rooms=frozenset(rules.STATION_ROOMS),
    systems=frozenset(rules.STATION_SYSTEMS),
    has_service_window=True,
    shows_service_list=True,
    displays=frozenset(rules.STATION_DISPLAYS),
    uses_logo=True,
    signage_on_wall=True,
    service_place="party_mass_centre",
)
WORKROOM = rules.WorkroomPremises(
    street_name=STREET,
    community_name=COMMUNITY,
    name="上城区清波街道清波门社区暖心社会工作室",
    rooms=frozenset(rules.WORKROOM_ROOMS),
    postings=frozenset(rules.WORKROOM_POSTINGS),
    uses_logo=True,
    signage_on_wall=True,
    service_place="residents_committee",
)


def test_constants_keep_the_documents_order_and_labels():
    assert list(rules.STATION_ROOMS.values()) == [
        "社工室",
        "个案工作室",
        "小组工作室",
        "多功能室",
        "档案室",
    ]
    assert list(rules.STATION_SYSTEMS.values()) == [
        "岗位管理",
        "财务管理",
        "培训管理",
        "志愿者管理",
        "档案管理",
    ]
    assert list(rules.STATION_DISPLAYS) == [
        "minor_protection",
        "social_assistance",
        "charity",
        "incubation",
    ]
    assert list(rules.WORKROOM_ROOMS) == ["casework", "group_work", "multi_function"]
    assert list(rules.WORKROOM_POSTINGS.values()) == [
        "服务理念",
        "服务流程",
        "工作职责",
        "服务动态",
    ]


def test_complete_station_has_no_findings():
    assert rules.check_station_premises(STATION) == []


def test_station_in_one_multi_use_room_passes_f1_when_every_function_is_recorded():
    # 一室多用: the check sees functions, so the number of rooms never matters.
    assert (
        rules.check_station_premises(replace(STATION, rooms=frozenset(rules.STATION_ROOMS))) == []
    )


@pytest.mark.parametrize(
    ("change", "rule_id", "message"),
    [
        (
            {"rooms": frozenset({"social_work", "group_work", "multi_function"})},
            "F1",
            "缺少功能室：个案工作室、档案室",
        ),
        (
            {"systems": frozenset({"posts", "finance"})},
            "F2",
            "缺少管理制度：培训管理、志愿者管理、档案管理",
        ),
        ({"has_service_window": False}, "F3", "未设立为民服务窗口或综合接待台"),
        ({"shows_service_list": False}, "F3", "未展示社会工作服务内容或服务清单"),
        (
            {"displays": frozenset({"charity"})},
            "F4",
            "缺少品牌服务展示区块：未成年人保护、社会救助、社会组织培育孵化",
        ),
        (
            {"name": "清波街道社工站"},
            "F5",
            "名称应统一为“杭州市上城区清波街道社会工作站”，现为“清波街道社工站”",
        ),
        ({"uses_logo": False}, "F5", "未使用市级社会工作 LOGO"),
        ({"signage_on_wall": False}, "F5", "标牌未上墙"),
        (
            {"service_place": ""},
            "F10",
            "未登记固定服务场所（依托街道党群服务中心、社会组织服务中心或其他场所）",
        ),
    ],
)
def test_each_missing_station_item_is_one_violation(change, rule_id, message):
    findings = rules.check_station_premises(replace(STATION, **change))
    assert [(f.rule, f.severity, f.message) for f in findings] == [(rule_id, "violation", message)]


def test_bare_station_breaks_every_rule_from_f1_to_f5():
    bare = replace(
        STATION,
        name="",
        rooms=frozenset(),
        systems=frozenset(),
        displays=frozenset(),
        has_service_window=False,
        shows_service_list=False,
        uses_logo=False,
        signage_on_wall=False,
        service_place="",
    )
    assert [f.rule for f in rules.check_station_premises(bare)] == [
        "F1",
        "F2",
        "F3",
        "F3",
        "F4",
        "F5",
        "F5",
        "F5",
        "F10",
    ]


@pytest.mark.parametrize(
    "change",
    [
        {"rooms": frozenset({"kitchen"})},
        {"systems": frozenset({"hr"})},
        {"displays": frozenset({"x"})},
        {"service_place": "residents_committee"},  # a workroom's place, not a station's
    ],
)
def test_unknown_codes_are_refused(change):
    with pytest.raises(ValueError, match="unknown"):
        replace(STATION, **change)


def test_unknown_workroom_posting_is_refused():
    with pytest.raises(ValueError, match="postings"):
        replace(WORKROOM, postings=frozenset({"menu"}))


def test_complete_workroom_has_no_findings():
    assert rules.check_workroom_premises(WORKROOM) == []


@pytest.mark.parametrize(
    ("change", "rule_id", "fragment"),
    [
        ({"rooms": frozenset({"casework"})}, "F6", "缺少功能室：小组工作室、多功能室"),
        ({"postings": frozenset({"news"})}, "F7", "缺少标识牌：服务理念、服务流程、工作职责"),
        (
            {"name": "清波门社区社工室"},
            "F8",
            "名称应统一为“上城区清波街道清波门社区（特色名）社会工作室”",
        ),
        ({"uses_logo": False}, "F8", "未使用市级社会工作 LOGO"),
        ({"signage_on_wall": False}, "F8", "标牌未上墙"),
        (
            {"service_place": ""},
            "F10",
            "未登记工作场所（设在社区居委会中，或与社区社会组织入驻场所共用）",
        ),
    ],
)
def test_each_missing_workroom_item_is_one_violation(change, rule_id, fragment):
    [finding] = rules.check_workroom_premises(replace(WORKROOM, **change))
    assert (finding.rule, finding.severity) == (rule_id, "violation")
    assert fragment in finding.message


def test_expected_station_name_follows_the_uniform_pattern():
    assert rules.expected_station_name("湖滨街道") == "杭州市上城区湖滨街道社会工作站"


@pytest.mark.parametrize(
    ("name", "ok"),
    [
        ("杭州市上城区清波街道社会工作站", True),
        ("杭州市上城区湖滨街道社会工作站", False),  # wrong street
        ("上城区清波街道社会工作站", False),
        ("杭州市上城区 清波街道社会工作站", False),
        ("杭州市上城区清波街道社会工作站 ", False),
    ],
)
def test_station_name_must_match_exactly(name, ok):
    assert rules.station_name_ok(name, STREET) is ok


@pytest.mark.parametrize(
    ("name", "feature"),
    [
        ("上城区清波街道清波门社区暖心社会工作室", "暖心"),
        ("上城区清波街道清波门社区王芳社会工作室", "王芳"),  # a social worker's name
        ("上城区清波街道清波门社区" + "一" * 20 + "社会工作室", "一" * 20),
        ("上城区清波街道清波门社区" + "一" * 21 + "社会工作室", None),  # the portal's limit
        ("上城区清波街道清波门社区社会工作室", None),  # missing feature
        ("上城区清波街道清波门社区暖 心社会工作室", None),  # whitespace
        ("上城区清波街道清波门社区暖心\t社会工作室", None),
        ("上城区湖滨街道清波门社区暖心社会工作室", None),  # wrong street
        ("上城区清波街道定安社区暖心社会工作室", None),  # wrong community
        ("杭州市上城区清波街道清波门社区暖心社会工作室", None),
        ("上城区清波街道清波门社区暖心社工室", None),
        ("上城区清波街道清波门社区暖心社会工作站", None),
    ],
)
def test_workroom_name_is_district_street_community_feature_then_social_work_room(name, feature):
    assert rules.workroom_feature(name, STREET, COMMUNITY) == feature
    assert rules.workroom_name_ok(name, STREET, COMMUNITY) is (feature is not None)


def test_service_place_taxonomies_record_the_host():
    assert dict(rules.STATION_SERVICE_PLACES) == {
        "party_mass_centre": "街道党群服务中心",
        "social_org_centre": "社会组织服务中心",
        "other": "其他场所",
    }
    assert dict(rules.WORKROOM_SERVICE_PLACES) == {
        "residents_committee": "社区居委会",
        "shared_with_social_orgs": "与社区社会组织入驻场所共用",
        "other": "其他场所",
    }


@pytest.mark.parametrize("place", list(rules.STATION_SERVICE_PLACES))
def test_station_with_any_recorded_host_passes_f10(place):
    assert rules.check_station_premises(replace(STATION, service_place=place)) == []


@pytest.mark.parametrize("place", list(rules.WORKROOM_SERVICE_PLACES))
def test_workroom_with_any_recorded_place_passes_f10(place):
    assert rules.check_workroom_premises(replace(WORKROOM, service_place=place)) == []


def test_unknown_workroom_place_is_refused():
    with pytest.raises(ValueError, match="service place"):
        replace(WORKROOM, service_place="party_mass_centre")


def test_premises_built_the_old_way_have_no_place_and_break_f10():
    # Callers that predate F10 keep working; the missing place is the finding.
    old_station = rules.StationPremises(
        street_name=STREET,
        name="杭州市上城区清波街道社会工作站",
        rooms=frozenset(rules.STATION_ROOMS),
        systems=frozenset(rules.STATION_SYSTEMS),
        has_service_window=True,
        shows_service_list=True,
        displays=frozenset(rules.STATION_DISPLAYS),
        uses_logo=True,
        signage_on_wall=True,
    )
    [finding] = rules.check_station_premises(old_station)
    assert (finding.rule, finding.clause, finding.severity) == ("F10", "§4(2)", "violation")


def test_long_feature_name_is_no_f8_finding_the_limit_is_the_portals():
    name = "上城区清波街道清波门社区" + "一" * 21 + "社会工作室"
    assert rules.check_workroom_premises(replace(WORKROOM, name=name)) == []
    assert rules.workroom_feature(name, STREET, COMMUNITY, max_length=None) == "一" * 21
    assert not rules.workroom_name_ok(name, STREET, COMMUNITY)  # the form's input check
    assert rules.WORKROOM_FEATURE_MAX_LENGTH == 20


def test_f8_message_never_quotes_the_length_limit():
    [finding] = rules.check_workroom_premises(
        replace(WORKROOM, name="上城区清波街道清波门社区社会工作室")
    )
    assert finding.rule == "F8"
    assert finding.message == (
        "名称应统一为“上城区清波街道清波门社区（特色名）社会工作室”，"
        "特色名可用社工姓名、服务领域或专业特色；现为“上城区清波街道清波门社区社会工作室”"
    )
    assert "20" not in finding.message
