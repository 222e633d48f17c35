"""Contract strings, Chinese labels, findings and the translation hook."""

import pytest

from shangcheng import rules


@pytest.fixture
def translator():
    rules.set_translator(lambda message: f"[{message}]")
    yield
    rules.set_translator(None)


@pytest.mark.parametrize(
    ("member", "value", "label"),
    [
        (rules.Post.HEAD, "head", "站长"),
        (rules.Post.DEPUTY, "deputy", "副站长"),
        (rules.Post.SOCIAL_WORKER, "social_worker", "专职社工"),
        (rules.Post.OPERATING_SUPERVISOR, "operating_supervisor", "运营督导"),
        (rules.Post.WORKROOM_SOCIAL_WORKER, "workroom_social_worker", "社区“社会工作”岗专职社工"),
        (rules.Mode.SELF, "self", "街道自主运营"),
        (rules.Mode.MIXED, "mixed", "与第三方机构混合运营"),
        (rules.Grade.EXCELLENT, "excellent", "优秀"),
        (rules.Grade.QUALIFIED, "qualified", "合格"),
        (rules.Grade.BASIC, "basic", "基本合格"),
        (rules.Grade.UNQUALIFIED, "unqualified", "不合格"),
        (rules.UnitKind.STATION, "station", "街道社会工作站"),
        (rules.UnitKind.WORKROOM, "workroom", "社区社会工作室"),
        (rules.Severity.VIOLATION, "violation", "违规"),
        (rules.Severity.ADVICE, "advice", "建议"),
        (rules.Severity.INFO, "info", "提示"),
        (rules.Benefit.PRINCIPAL, "principal", "参照专职社区工作者正职待遇"),
        (rules.Benefit.DEPUTY, "deputy", "参照专职社区工作者副职待遇"),
    ],
)
def test_enum_members_equal_the_contract_strings_and_carry_chinese_labels(member, value, label):
    assert member == value
    assert str(member) == value
    assert member.label == label


def test_choices_list_value_and_label_in_declaration_order():
    assert rules.Mode.choices() == [("self", "街道自主运营"), ("mixed", "与第三方机构混合运营")]


@pytest.mark.parametrize(
    ("grade", "passed"),
    [("excellent", True), ("qualified", True), ("basic", False), ("unqualified", False)],
)
def test_only_excellent_and_qualified_pass(grade, passed):
    assert rules.Grade(grade).passed is passed


def test_finding_compares_equal_to_plain_strings():
    finding = rules.Finding(rule="S1", clause="§4(3)", severity="violation", message="…")
    assert finding.severity == rules.Severity.VIOLATION


def test_finding_refuses_an_unknown_severity():
    with pytest.raises(ValueError, match="warning"):
        rules.Finding(rule="S1", clause="§4(3)", severity="warning", message="…")


def test_findings_take_their_clause_from_the_catalogue():
    [finding] = rules.check_case_studies("workroom", 0, 2024)
    assert (finding.rule, finding.clause) == ("C3", rules.rule("C3").clause)


def test_unknown_contract_string_names_the_allowed_values():
    with pytest.raises(ValueError, match="expected one of self, mixed"):
        rules.check_station_staffing(3, "outsourced", [])


@pytest.mark.usefixtures("translator")
def test_messages_and_labels_go_through_the_translator():
    [finding] = rules.check_lists(needs=0, resources=1, projects=1)
    assert finding.message == "[尚未建立{list}]".format(list="[服务需求清单]")
    assert rules.Post.HEAD.label == "[站长]"


def test_translator_reset_restores_plain_chinese():
    rules.set_translator(str.upper)
    rules.set_translator(None)
    assert rules.check_lists(0, 1, 1)[0].message == "尚未建立服务需求清单"
