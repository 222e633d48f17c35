"""The catalogue covers POLICY.md exactly, and the package stays free of Django."""

import ast
import re
from pathlib import Path

import pytest

from shangcheng import rules

ROOT = Path(__file__).resolve().parents[2]
POLICY = (ROOT / "docs" / "POLICY.md").read_text(encoding="utf-8")
PACKAGE = ROOT / "shangcheng" / "rules"
ROW = re.compile(r"^\| (?P<id>[A-Z]{1,2}\d+) \|(?P<cells>.*)$", re.MULTILINE)
# A rule stated as a bold paragraph rather than a table row (E0, the date of effect).
PARAGRAPH = re.compile(r"^\*\*(?P<id>[A-Z]{1,2}\d+) —", re.MULTILINE)
KINDS = {"requirement", "advice", "entitlement", "taxonomy", "data", "report", "workflow"}


def policy_ids() -> list[str]:
    """Every rule id of POLICY.md, table rows and bold paragraphs, in document order."""
    matches = [*ROW.finditer(POLICY), *PARAGRAPH.finditer(POLICY)]
    return [match["id"] for match in sorted(matches, key=lambda match: match.start())]


def policy_kinds() -> dict[str, str]:
    """Kind column of the tables that have one (the §2 targets table has none)."""
    kinds = {}
    for match in ROW.finditer(POLICY):
        cells = [cell.strip() for cell in match["cells"].split("|") if cell.strip()]
        word = re.match(r"[a-z]+", cells[-1])
        if word and word[0] in KINDS:
            kinds[match["id"]] = word[0]
    return kinds


def test_policy_has_the_expected_number_of_rules():
    ids = policy_ids()
    assert len(ids) == len(set(ids)) == 50
    assert ids[0] == "E0"
    assert {"F10", "G6"} <= set(ids)


def test_catalogue_has_exactly_the_ids_of_policy_md():
    assert [item.id for item in rules.RULES] == policy_ids()


@pytest.mark.parametrize("item", rules.RULES, ids=lambda item: item.id)
def test_every_rule_has_a_check_or_a_reason_for_none(item):
    assert bool(item.check) != bool(item.data_only)
    for name in (item.check or "").split(","):
        if name.strip():
            assert callable(getattr(rules, name.strip())), name


@pytest.mark.parametrize("item", rules.RULES, ids=lambda item: item.id)
def test_every_rule_has_a_known_kind_clause_and_chinese_text(item):
    assert item.kind in KINDS
    assert re.fullmatch(r"§\d(\(\d\))?", item.clause)
    assert re.search(r"[\u4e00-\u9fff]", item.text)


def test_catalogue_kinds_agree_with_policy_md():
    kinds = policy_kinds()
    assert len(kinds) == 43  # every table but §2's has a kind column; E0 is a paragraph
    assert {rule_id: rules.rule(rule_id).kind for rule_id in kinds} == kinds


def test_targets_are_requirements_but_t6_only_reports():
    assert {rules.rule(f"T{n}").kind for n in range(1, 6)} == {"requirement"}
    assert rules.rule("T6").kind == "report"


def test_e0_is_the_documents_date_of_effect_checked_by_require_in_force():
    e0 = rules.rule("E0")
    assert (e0.clause, e0.kind, e0.check) == ("§6", "requirement", "require_in_force")
    assert "2022年9月1日起施行" in e0.text


def test_two_digit_ids_are_catalogued_in_document_order():
    ids = [item.id for item in rules.RULES]
    assert ids.index("F5") < ids.index("F10") < ids.index("F6")
    assert ids[-1] == "G6"
    assert rules.rule("F10").check == "check_station_premises, check_workroom_premises"
    assert rules.rule("G6").check == "check_site_budgets"


def test_unknown_rule_id_raises_key_error():
    with pytest.raises(KeyError):
        rules.rule("S9")


def test_everything_in_all_is_exported():
    for name in rules.__all__:
        assert hasattr(rules, name), name


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", sorted(PACKAGE.glob("*.py")), ids=lambda path: path.name)
def test_rules_modules_import_nothing_from_django(path):
    assert not {name for name in imported_modules(path) if name.split(".")[0] == "django"}


def test_docs_policy_is_a_copy_of_the_policy_source():
    assert POLICY.startswith("# The policy, as rules")
    assert "上民〔2022〕18号" in POLICY
