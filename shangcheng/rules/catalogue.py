"""Every rule id of POLICY.md with its clause, kind and Chinese text (上民〔2022〕18号).

The catalogue is the one place that says where a rule comes from: findings take their
clause from here, and the UI can show ``rule(id).text`` beside a finding. A rule either
names the function(s) that check it (``check``, comma-separated names exported by the
package) or says why it has none (``data_only``). Clauses follow the document: §4(3) is
四、（三）.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    """One rule of POLICY.md."""

    id: str
    clause: str
    kind: str  # requirement, advice, entitlement, taxonomy, data, report, workflow
    text: str
    check: str | None = None
    data_only: str | None = None


_TARGETS = "target_progress, check_targets"
_STATION_PREMISES = "check_station_premises"
_WORKROOM_PREMISES = "check_workroom_premises"

RULES: tuple[Rule, ...] = (
    # E0: the document's closing sentence, printed at the end of 六、组织保障, so cited as §6.
    Rule(
        "E0",
        "§6",
        "requirement",
        "本《通知》自2022年9月1日起施行",
        "require_in_force",
    ),
    # §2 总体目标
    Rule(
        "T1",
        "§2",
        "requirement",
        "争创省、市级街道社会工作站示范点：2022年底前不少于2个，2023年底前不少于5个，"
        "2025年底前不少于7个",
        _TARGETS,
    ),
    Rule("T2", "§2", "requirement", "2022年底前实现全区社区社会工作室全覆盖", _TARGETS),
    Rule(
        "T3",
        "§2",
        "requirement",
        "打造社区社会工作室示范点：2022年底前不少于20个，2023年底前不少于50个，"
        "2025年底前不少于100个",
        _TARGETS,
    ),
    Rule(
        "T4",
        "§2",
        "requirement",
        "驻校社工服务落地：2022年底前不少于10所学校，2023年底前不少于20所，"
        "2025年底前全区推广“一校一社工”或“多校一社工”",
        _TARGETS,
    ),
    Rule(
        "T5",
        "§2",
        "requirement",
        "2022年底前培育国家、省、市级社工督导不少于10人；2023年底前培育省、市级社工督导不少于"
        "20人；2025年底前形成一支50人以上的国家、省、市级社工督导队伍",
        _TARGETS,
    ),
    Rule("T6", "§2", "report", "2025年底前树立一批社会工作专业服务品牌项目", _TARGETS),
    # §3 基本原则
    Rule(
        "L1", "§3(1)", "requirement", "建立服务需求清单、优势资源清单、服务项目清单", "check_lists"
    ),
    Rule(
        "L2",
        "§3(1)",
        "advice",
        "努力形成“一站一品牌、一室一特色”的专业服务品牌项目",
        "check_brand",
    ),
    Rule(
        "L3",
        "§3(2)",
        "taxonomy",
        "重点做好“一老一小”、民政兜底对象、社区居民自治、社区民主协商、现代社区氛围营造等"
        "方面的专业服务",
        data_only="taxonomy FOCUS_AREAS used to tag projects",
    ),
    Rule(
        "L4",
        "§3(3)",
        "taxonomy",
        "社区、社会组织、社会工作者、社区志愿者、社会慈善资源“五社联动”",
        data_only="taxonomy FIVE_PARTIES used to tag the resource list",
    ),
    # §4(1)–(2) 功能定位、工作场所
    Rule(
        "F1",
        "§4(2)",
        "requirement",
        "街道社会工作站至少配备社工室、个案工作室、小组工作室、多功能室和档案室，提倡一室多用",
        _STATION_PREMISES,
    ),
    Rule(
        "F2",
        "§4(2)",
        "requirement",
        "建立健全岗位管理、财务管理、培训管理、志愿者管理、档案管理等各项制度",
        _STATION_PREMISES,
    ),
    Rule(
        "F3",
        "§4(2)",
        "requirement",
        "设立为民服务窗口或综合接待台，展示社会工作服务内容或服务清单",
        _STATION_PREMISES,
    ),
    Rule(
        "F4",
        "§4(2)",
        "requirement",
        "设置未成年人保护、社会救助、慈善组织和社会组织培育孵化等品牌服务展示区块",
        _STATION_PREMISES,
    ),
    Rule(
        "F5",
        "§4(2)",
        "requirement",
        "统一名称为“杭州市上城区XX街道社会工作站”，使用市级社会工作LOGO，做到标牌上墙",
        f"{_STATION_PREMISES}, expected_station_name, station_name_ok",
    ),
    Rule(
        "F10",
        "§4(2)",
        "requirement",
        "街道社会工作站依托街道党群服务中心、社会组织服务中心等建设固定服务场所；社区社会工作室"
        "可设在社区居委会中，或与社区社会组织入驻场所共用",
        f"{_STATION_PREMISES}, {_WORKROOM_PREMISES}",
    ),
    Rule(
        "F6",
        "§4(2)",
        "requirement",
        "社区社会工作室具备个案工作室、小组工作室、多功能室等，提倡一室多用",
        _WORKROOM_PREMISES,
    ),
    Rule(
        "F7",
        "§4(2)",
        "requirement",
        "张贴服务理念、服务流程、工作职责、服务动态等标识牌",
        _WORKROOM_PREMISES,
    ),
    Rule(
        "F8",
        "§4(2)",
        "requirement",
        "可用社工姓名、服务领域或专业特色等方式命名，统一名称为“上城区XX街道XX社区XX社会"
        "工作室”，使用市级社会工作LOGO，做到标牌上墙",
        f"{_WORKROOM_PREMISES}, workroom_name_ok, workroom_feature",
    ),
    Rule(
        "F9",
        "§4(1)",
        "data",
        "可根据实际设专项工作站，依托基层司法工作站、未成年人保护站等设置",
        data_only="a special station is a record with its field; nothing is required",
    ),
    # §4(3) 人员配备
    Rule(
        "S1",
        "§4(3)",
        "requirement",
        "根据街道所辖社区数量配备专职持证社工3至5人：10个社区以下3人，10至19个4人，20个及以上5人",
        "required_social_workers, check_station_staffing",
    ),
    Rule(
        "S2",
        "§4(3)",
        "requirement",
        "街道自主运营的可设站长1名；配备5人的可设副站长1名；专职持证社工2至3人",
        "check_station_staffing",
    ),
    Rule(
        "S3",
        "§4(3)",
        "requirement",
        "与第三方机构混合运营的，站长由街道公共服务办公室主任兼任；可设副站长1名；"
        "运营督导由承接机构负责人或项目主管担任",
        "check_station_staffing",
    ),
    Rule(
        "S4",
        "§4(3)",
        "requirement",
        "社会工作站人员必须专人专职",
        "may_be_concurrent, dedicated_post_conflicts, check_dedicated_posts",
    ),
    Rule(
        "S5",
        "§4(3)",
        "advice",
        "站长或副站长原则上从市级及以上领军人才或市级及以上（助理）督导中选配",
        "check_leader_sources",
    ),
    Rule(
        "S6",
        "§4(3)",
        "entitlement",
        "街道自主运营的，从事站长岗位满3年且考核合格可参照专职社区工作者正职待遇",
        "tenure_status, full_years, tenure_stints, deciding_grade, tenure_benefit, "
        "tenure_eligible_from, benefit_payable_from",
    ),
    Rule(
        "S7",
        "§4(3)",
        "entitlement",
        "从事副站长岗位满3年且考核合格可享受专职社区工作者副职待遇",
        "tenure_status, full_years, deciding_grade, tenure_benefit, tenure_eligible_from, "
        "benefit_payable_from",
    ),
    Rule(
        "W1",
        "§4(3)",
        "requirement",
        "在社区公共服务站设立“社会工作”岗位，配备不少于1名符合专业资质要求的社工专职工作",
        "check_workroom_staffing",
    ),
    Rule(
        "W2",
        "§4(3)",
        "advice",
        "优先从已持证且有专业能力、并有三年以上社区工作经验的社工中调配",
        "check_workroom_staffing",
    ),
    # §5(1) 专业服务体系
    Rule(
        "P1",
        "§5(1)",
        "requirement",
        "街道社会工作站“123N”：1个核心项目、2个品牌项目（专业服务品牌和社区治理品牌各1个）、"
        "3个组团项目、N个自选项目",
        "check_projects",
    ),
    Rule(
        "P2",
        "§5(1)",
        "requirement",
        "社区社会工作室“13N”：1个社会工作专业服务品牌，社区协商、两邻文化、骨干培养3个特色"
        "项目，N个片区联动",
        "check_projects",
    ),
    Rule("P3", "§5(1)", "requirement", "街道行政性事务不得列入服务内容", "check_projects"),
    # §5(2) 社工督导体系
    Rule(
        "V1",
        "§5(2)",
        "data",
        "成立由本土社工督导（助理）、高校教师和专科实务督导组成的导师团队",
        data_only="each supervisor records a SupervisorType; the mix is shown, not scored",
    ),
    Rule("V2", "§5(2)", "advice", "督导服务期可设置至少三年", "check_engagement, lasts_at_least"),
    Rule("V3", "§5(2)", "requirement", "协议一年一签", "check_agreement, lasts_at_most"),
    Rule(
        "V4",
        "§5(2)",
        "requirement",
        "每年12月底前开展督导人员年度考核，对履职能力、专业素质、工作实绩、作风表现进行评价，"
        "结果作为评先评优、绩效奖励、续聘解聘的重要依据",
        "appraisal_score, appraisal_grade, renewal_advice, check_appraisal_done",
    ),
    Rule(
        "V5",
        "§5(2)",
        "entitlement",
        "参与区级及以上社会工作督导项目，考核合格的专职社工督导（助理）每月给予督导评估费，"
        "报区民政局审核",
        "fee_eligible, monthly_fee_amount",
    ),
    Rule(
        "V6",
        "§5(3)",
        "requirement",
        "街道社会工作站主动吸纳省市社会工作督导人才成为骨干成员，安排社工督导联系指导社区"
        "社会工作室",
        "check_supervisor_coverage",
    ),
    # §5(3) 职业培育体系
    Rule(
        "TR1",
        "§5(3)",
        "taxonomy",
        "开展社工岗前培训、督导培训、继续教育培训、实务培训及政策法规培训，区街社三级",
        data_only="taxonomy TrainingKind and TrainingLevel for training records",
    ),
    Rule(
        "TR2",
        "§5(3)",
        "requirement",
        "区民政局每年组织开展侧重实务的集中培训和外出参观见习",
        "check_district_training",
    ),
    # §5(4) 项目发展体系
    Rule(
        "C1",
        "§5(4)",
        "workflow",
        "建立项目调研、策划、实施、评估、长效开展等项目管理全周期闭环发展体系",
        "ProjectStage, next_stage",
    ),
    Rule(
        "C2",
        "§5(4)",
        "requirement",
        "街道社会工作站每年撰写专业服务特色案例不少于2个",
        "case_quota, check_case_studies",
    ),
    Rule(
        "C3",
        "§5(4)",
        "requirement",
        "社区社会工作室每年撰写专业服务特色案例不少于1个",
        "case_quota, check_case_studies",
    ),
    # §6 组织保障
    Rule(
        "G1",
        "§6(1)",
        "report",
        "社会工作站（室）工作建设列入年度考核",
        data_only="the annual assessment workbook reports the findings; no rule of its own",
    ),
    Rule(
        "G2",
        "§6(2)",
        "requirement",
        "区、街道每年购买街道社会工作站服务项目经费不得低于公益创投资金的20%",
        "meets_funding_floor, check_funding_floor, funding_not_recorded, funding_share, "
        "funding_floor_amount, funding_shortfall",
    ),
    Rule(
        "G3",
        "§6(2)",
        "advice",
        "统筹妇女、儿童、养老、优抚、慈善和社区治理等服务领域政府购买服务资金，优先用于购买"
        "街道社会工作站服务",
        data_only="the document gives no share or figure to compare against",
    ),
    Rule(
        "G4",
        "§6(3)",
        "data",
        "有条件的社会工作站可以与高校合作成立社会工作实践基地",
        data_only="a practice base is a record; nothing is required",
    ),
    Rule(
        "G5",
        "§6(4)",
        "data",
        "开展大比武活动，选树优秀社会工作站（室）专业服务项目、优秀社会工作案例和优秀社会工作者",
        data_only="competition awards are records; nothing is required",
    ),
    Rule(
        "G6",
        "§6(2)",
        "requirement",
        "将社会工作站（室）示范点的建设、运营、督导、服务所需经费纳入年度财政预算",
        "check_site_budgets",
    ),
)

_BY_ID = {item.id: item for item in RULES}


def rule(rule_id: str) -> Rule:
    """The catalogue entry for ``rule_id``; KeyError for an id POLICY.md does not have."""
    return _BY_ID[rule_id]
