// Generated from test/fixtures/shanghai-bdc-2026-performance-targets.txt by src/library/library-seed.ts
// (WRITE_LIBRARY_SEED=1 with src/library/library-seed.spec.ts); frozen: the migration that seeds it ran.
export const LIBRARY_SEED = [
  {
    "code": "ZB0001",
    "level1": "output",
    "level2": "quantity",
    "name": "问题工单处理率",
    "unit": "%",
    "direction": "higher"
  },
  {
    "code": "ZB0002",
    "level1": "output",
    "level2": "quantity",
    "name": "在线帮办接通率",
    "unit": "%",
    "direction": "higher"
  },
  {
    "code": "ZB0003",
    "level1": "output",
    "level2": "quantity",
    "name": "运营内容完成率",
    "unit": "%",
    "direction": "higher"
  },
  {
    "code": "ZB0004",
    "level1": "output",
    "level2": "quality",
    "name": "服务可用性",
    "unit": "%",
    "direction": "higher"
  },
  {
    "code": "ZB0005",
    "level1": "output",
    "level2": "quality",
    "name": "内容准确性",
    "unit": "%",
    "direction": "higher"
  },
  {
    "code": "ZB0006",
    "level1": "output",
    "level2": "quality",
    "name": "数据质量达标率",
    "unit": "%",
    "direction": "higher"
  },
  {
    "code": "ZB0007",
    "level1": "output",
    "level2": "timeliness",
    "name": "日常运营保障及时性",
    "unit": null,
    "direction": "qualitative"
  },
  {
    "code": "ZB0008",
    "level1": "benefit",
    "level2": "economic",
    "name": "企业、群众办事成本",
    "unit": null,
    "direction": "qualitative"
  },
  {
    "code": "ZB0009",
    "level1": "benefit",
    "level2": "social",
    "name": "企业、群众办事效率",
    "unit": null,
    "direction": "qualitative"
  },
  {
    "code": "ZB0010",
    "level1": "benefit",
    "level2": "sustainability",
    "name": "长效机制管理制度",
    "unit": null,
    "direction": "qualitative"
  },
  {
    "code": "ZB0011",
    "level1": "satisfaction",
    "level2": "serviceSatisfaction",
    "name": "用户满意度",
    "unit": "%",
    "direction": "higher"
  },
  {
    "code": "ZB0012",
    "level1": "output",
    "level2": "quantity",
    "name": "演练完成次数",
    "unit": "次",
    "direction": "higher"
  },
  {
    "code": "ZB0013",
    "level1": "output",
    "level2": "quantity",
    "name": "各项报告完成率",
    "unit": "%",
    "direction": "higher"
  },
  {
    "code": "ZB0014",
    "level1": "output",
    "level2": "quantity",
    "name": "工单建设数量完成率",
    "unit": "%",
    "direction": "higher"
  },
  {
    "code": "ZB0015",
    "level1": "output",
    "level2": "quality",
    "name": "服务热线20秒内人工接通率",
    "unit": "%",
    "direction": "higher"
  },
  {
    "code": "ZB0016",
    "level1": "output",
    "level2": "quality",
    "name": "故障修复完成率",
    "unit": "%",
    "direction": "higher"
  },
  {
    "code": "ZB0017",
    "level1": "output",
    "level2": "quality",
    "name": "接入节点合规率",
    "unit": "%",
    "direction": "higher"
  },
  {
    "code": "ZB0018",
    "level1": "output",
    "level2": "quality",
    "name": "核心节点可用率",
    "unit": "%",
    "direction": "higher"
  },
  {
    "code": "ZB0019",
    "level1": "output",
    "level2": "quality",
    "name": "汇聚节点可用率",
    "unit": "%",
    "direction": "higher"
  },
  {
    "code": "ZB0020",
    "level1": "output",
    "level2": "quality",
    "name": "等保三级通过情况",
    "unit": null,
    "direction": "qualitative"
  },
  {
    "code": "ZB0021",
    "level1": "output",
    "level2": "quality",
    "name": "机房重大故障发生数量",
    "unit": "起",
    "direction": "lower"
  },
  {
    "code": "ZB0022",
    "level1": "output",
    "level2": "quality",
    "name": "接入节点抽查测速达标",
    "unit": "%",
    "direction": "higher"
  },
  {
    "code": "ZB0023",
    "level1": "output",
    "level2": "quality",
    "name": "时延达标率",
    "unit": "%",
    "direction": "higher"
  },
  {
    "code": "ZB0024",
    "level1": "output",
    "level2": "quality",
    "name": "丢包达标率",
    "unit": "%",
    "direction": "higher"
  },
  {
    "code": "ZB0025",
    "level1": "output",
    "level2": "quality",
    "name": "机房7x24小时值守合规率",
    "unit": "%",
    "direction": "higher"
  },
  {
    "code": "ZB0026",
    "level1": "output",
    "level2": "timeliness",
    "name": "服务工单完成及时率",
    "unit": "%",
    "direction": "higher"
  },
  {
    "code": "ZB0027",
    "level1": "output",
    "level2": "timeliness",
    "name": "故障修复及时率",
    "unit": "%",
    "direction": "higher"
  },
  {
    "code": "ZB0028",
    "level1": "output",
    "level2": "timeliness",
    "name": "安全威胁处置及时率",
    "unit": "%",
    "direction": "higher"
  },
  {
    "code": "ZB0029",
    "level1": "output",
    "level2": "timeliness",
    "name": "报告完成及时率",
    "unit": "%",
    "direction": "higher"
  },
  {
    "code": "ZB0030",
    "level1": "benefit",
    "level2": "social",
    "name": "市级政务外网运行能力提升情况",
    "unit": null,
    "direction": "qualitative"
  },
  {
    "code": "ZB0031",
    "level1": "benefit",
    "level2": "social",
    "name": "重大安全事件发生数量",
    "unit": "起",
    "direction": "lower"
  },
  {
    "code": "ZB0032",
    "level1": "benefit",
    "level2": "sustainability",
    "name": "应急处理机制落实情况",
    "unit": null,
    "direction": "qualitative"
  },
  {
    "code": "ZB0033",
    "level1": "benefit",
    "level2": "sustainability",
    "name": "市级政务外网服务团队建设情况",
    "unit": null,
    "direction": "qualitative"
  },
  {
    "code": "ZB0034",
    "level1": "benefit",
    "level2": "sustainability",
    "name": "运维协作模式建立情况",
    "unit": null,
    "direction": "qualitative"
  },
  {
    "code": "ZB0035",
    "level1": "output",
    "level2": "quantity",
    "name": "编制数据资源目录",
    "unit": "%",
    "direction": "higher"
  },
  {
    "code": "ZB0036",
    "level1": "output",
    "level2": "quantity",
    "name": "重点推进主/专题库建设",
    "unit": "个",
    "direction": "higher"
  },
  {
    "code": "ZB0037",
    "level1": "output",
    "level2": "quantity",
    "name": "开展数据开放应用领域",
    "unit": "个",
    "direction": "higher"
  },
  {
    "code": "ZB0038",
    "level1": "output",
    "level2": "quantity",
    "name": "安全威胁检出覆盖率",
    "unit": "%",
    "direction": "higher"
  },
  {
    "code": "ZB0039",
    "level1": "output",
    "level2": "quantity",
    "name": "数据采集完成率",
    "unit": "%",
    "direction": "higher"
  },
  {
    "code": "ZB0040",
    "level1": "output",
    "level2": "quality",
    "name": "迭代需求缺陷率",
    "unit": "%",
    "direction": "lower"
  },
  {
    "code": "ZB0041",
    "level1": "output",
    "level2": "quality",
    "name": "测试通过率",
    "unit": "%",
    "direction": "higher"
  },
  {
    "code": "ZB0042",
    "level1": "output",
    "level2": "timeliness",
    "name": "安全漏洞修复及时率",
    "unit": "%",
    "direction": "higher"
  },
  {
    "code": "ZB0043",
    "level1": "benefit",
    "level2": "social",
    "name": "全市公共数据开放",
    "unit": null,
    "direction": "qualitative"
  },
  {
    "code": "ZB0044",
    "level1": "benefit",
    "level2": "social",
    "name": "与长三角数据共享交换",
    "unit": "万条",
    "direction": "higher"
  },
  {
    "code": "ZB0045",
    "level1": "benefit",
    "level2": "social",
    "name": "与国家数据共享交换",
    "unit": "万条",
    "direction": "higher"
  },
  {
    "code": "ZB0046",
    "level1": "benefit",
    "level2": "social",
    "name": "公共数据安全水平",
    "unit": null,
    "direction": "qualitative"
  },
  {
    "code": "ZB0047",
    "level1": "benefit",
    "level2": "social",
    "name": "数据开放力度",
    "unit": null,
    "direction": "qualitative"
  },
  {
    "code": "ZB0048",
    "level1": "output",
    "level2": "quantity",
    "name": "应急演练完成数",
    "unit": "次",
    "direction": "higher"
  },
  {
    "code": "ZB0049",
    "level1": "output",
    "level2": "quantity",
    "name": "服务团队人员数",
    "unit": "人",
    "direction": "higher"
  },
  {
    "code": "ZB0050",
    "level1": "output",
    "level2": "quantity",
    "name": "云上项目数量",
    "unit": "个",
    "direction": "higher"
  },
  {
    "code": "ZB0051",
    "level1": "output",
    "level2": "quality",
    "name": "安全事件数量",
    "unit": "起",
    "direction": "lower"
  },
  {
    "code": "ZB0052",
    "level1": "output",
    "level2": "quality",
    "name": "等保三级符合标准",
    "unit": null,
    "direction": "qualitative"
  },
  {
    "code": "ZB0053",
    "level1": "output",
    "level2": "quality",
    "name": "服务可用率",
    "unit": "%",
    "direction": "higher"
  },
  {
    "code": "ZB0054",
    "level1": "output",
    "level2": "timeliness",
    "name": "应急故障处理响应",
    "unit": null,
    "direction": "qualitative"
  },
  {
    "code": "ZB0055",
    "level1": "output",
    "level2": "timeliness",
    "name": "资源发放及时率",
    "unit": "%",
    "direction": "higher"
  },
  {
    "code": "ZB0056",
    "level1": "benefit",
    "level2": "social",
    "name": "项目综合使用情况达标率",
    "unit": "%",
    "direction": "higher"
  },
  {
    "code": "ZB0057",
    "level1": "output",
    "level2": "quantity",
    "name": "开展建设项目数量",
    "unit": "个",
    "direction": "higher"
  },
  {
    "code": "ZB0058",
    "level1": "output",
    "level2": "quality",
    "name": "非重大项目验收通过率",
    "unit": "%",
    "direction": "higher"
  },
  {
    "code": "ZB0059",
    "level1": "output",
    "level2": "quality",
    "name": "项目预算变更率",
    "unit": "%",
    "direction": "lower"
  },
  {
    "code": "ZB0060",
    "level1": "output",
    "level2": "timeliness",
    "name": "项目完成及时性",
    "unit": null,
    "direction": "qualitative"
  },
  {
    "code": "ZB0061",
    "level1": "benefit",
    "level2": "social",
    "name": "政务服务能力支撑情况",
    "unit": null,
    "direction": "qualitative"
  },
  {
    "code": "ZB0062",
    "level1": "benefit",
    "level2": "social",
    "name": "社会治理和城市管理水平",
    "unit": null,
    "direction": "qualitative"
  },
  {
    "code": "ZB0063",
    "level1": "benefit",
    "level2": "sustainability",
    "name": "系统长效运行保障",
    "unit": null,
    "direction": "qualitative"
  },
  {
    "code": "ZB0064",
    "level1": "satisfaction",
    "level2": "serviceSatisfaction",
    "name": "业务需求部门满意度",
    "unit": "%",
    "direction": "higher"
  },
  {
    "code": "ZB0065",
    "level1": "output",
    "level2": "quantity",
    "name": "开展运维项目数量",
    "unit": "个",
    "direction": "lower"
  },
  {
    "code": "ZB0066",
    "level1": "output",
    "level2": "quality",
    "name": "系统等保测评完成情况",
    "unit": "%",
    "direction": "higher"
  },
  {
    "code": "ZB0067",
    "level1": "output",
    "level2": "quality",
    "name": "系统密码安全应用性评估完成情况",
    "unit": "%",
    "direction": "higher"
  },
  {
    "code": "ZB0068",
    "level1": "output",
    "level2": "quality",
    "name": "安全服务完成率",
    "unit": "%",
    "direction": "higher"
  },
  {
    "code": "ZB0069",
    "level1": "output",
    "level2": "timeliness",
    "name": "项目验收完成及时性",
    "unit": null,
    "direction": "qualitative"
  },
  {
    "code": "ZB0070",
    "level1": "benefit",
    "level2": "social",
    "name": "业务服务可用性保障情况",
    "unit": null,
    "direction": "qualitative"
  },
  {
    "code": "ZB0071",
    "level1": "benefit",
    "level2": "social",
    "name": "系统稳定性",
    "unit": null,
    "direction": "qualitative"
  },
  {
    "code": "ZB0072",
    "level1": "benefit",
    "level2": "social",
    "name": "重大安全事件发生情况",
    "unit": "起",
    "direction": "lower"
  },
  {
    "code": "ZB0073",
    "level1": "benefit",
    "level2": "sustainability",
    "name": "运维长效管理机制",
    "unit": null,
    "direction": "qualitative"
  },
  {
    "code": "ZB0074",
    "level1": "satisfaction",
    "level2": "serviceSatisfaction",
    "name": "系统用户满意度",
    "unit": "%",
    "direction": "higher"
  },
  {
    "code": "ZB0075",
    "level1": "output",
    "level2": "quantity",
    "name": "应用软件故障处置率",
    "unit": "%",
    "direction": "higher"
  },
  {
    "code": "ZB0076",
    "level1": "output",
    "level2": "quantity",
    "name": "定期巡检次数",
    "unit": "次/周",
    "direction": "higher"
  },
  {
    "code": "ZB0077",
    "level1": "output",
    "level2": "quantity",
    "name": "数据处理完成率",
    "unit": "%",
    "direction": "higher"
  },
  {
    "code": "ZB0078",
    "level1": "output",
    "level2": "quantity",
    "name": "系统操作及安全培训次数",
    "unit": "次",
    "direction": "higher"
  },
  {
    "code": "ZB0079",
    "level1": "output",
    "level2": "quantity",
    "name": "开展重保次数",
    "unit": "次",
    "direction": "higher"
  },
  {
    "code": "ZB0080",
    "level1": "output",
    "level2": "quantity",
    "name": "开展应急演练的次数",
    "unit": "次",
    "direction": "higher"
  },
  {
    "code": "ZB0081",
    "level1": "output",
    "level2": "quantity",
    "name": "城运大厅运营服务人数",
    "unit": "人",
    "direction": "higher"
  },
  {
    "code": "ZB0082",
    "level1": "output",
    "level2": "quality",
    "name": "系统可靠性",
    "unit": "%",
    "direction": "higher"
  },
  {
    "code": "ZB0083",
    "level1": "output",
    "level2": "quality",
    "name": "等保测评通过情况",
    "unit": null,
    "direction": "qualitative"
  },
  {
    "code": "ZB0084",
    "level1": "output",
    "level2": "quality",
    "name": "密码测评通过情况",
    "unit": null,
    "direction": "qualitative"
  },
  {
    "code": "ZB0085",
    "level1": "output",
    "level2": "timeliness",
    "name": "应用软件故障响应及时",
    "unit": null,
    "direction": "qualitative"
  },
  {
    "code": "ZB0086",
    "level1": "output",
    "level2": "timeliness",
    "name": "系统故障处置及时性",
    "unit": null,
    "direction": "qualitative"
  },
  {
    "code": "ZB0087",
    "level1": "benefit",
    "level2": "social",
    "name": "业务服务可用性",
    "unit": "%",
    "direction": "higher"
  },
  {
    "code": "ZB0088",
    "level1": "benefit",
    "level2": "sustainability",
    "name": "运维工作长效管理机制",
    "unit": null,
    "direction": "qualitative"
  },
  {
    "code": "ZB0089",
    "level1": "output",
    "level2": "quantity",
    "name": "灾备中心特种设备维护工作完成率",
    "unit": "%",
    "direction": "higher"
  },
  {
    "code": "ZB0090",
    "level1": "output",
    "level2": "quantity",
    "name": "统一呼叫中心服务完成率",
    "unit": "%",
    "direction": "higher"
  },
  {
    "code": "ZB0091",
    "level1": "output",
    "level2": "quantity",
    "name": "中心重点绩效评价项目数",
    "unit": "个",
    "direction": "higher"
  },
  {
    "code": "ZB0092",
    "level1": "output",
    "level2": "quantity",
    "name": "资产评估服务完成率",
    "unit": "%",
    "direction": "higher"
  },
  {
    "code": "ZB0093",
    "level1": "output",
    "level2": "quantity",
    "name": "专项审计服务完成率",
    "unit": "%",
    "direction": "higher"
  },
  {
    "code": "ZB0094",
    "level1": "output",
    "level2": "quantity",
    "name": "会计服务完成率",
    "unit": "%",
    "direction": "higher"
  },
  {
    "code": "ZB0095",
    "level1": "output",
    "level2": "quantity",
    "name": "档案整理服务完成率",
    "unit": "%",
    "direction": "higher"
  },
  {
    "code": "ZB0096",
    "level1": "output",
    "level2": "quantity",
    "name": "大楼、食堂场地等物业数量",
    "unit": "个",
    "direction": "higher"
  },
  {
    "code": "ZB0097",
    "level1": "output",
    "level2": "quantity",
    "name": "延伸服务办公点数量",
    "unit": "个",
    "direction": "higher"
  },
  {
    "code": "ZB0098",
    "level1": "output",
    "level2": "quantity",
    "name": "展厅接访次数",
    "unit": "次",
    "direction": "higher"
  },
  {
    "code": "ZB0099",
    "level1": "output",
    "level2": "quality",
    "name": "项目验收合格率",
    "unit": "%",
    "direction": "higher"
  },
  {
    "code": "ZB0100",
    "level1": "output",
    "level2": "quality",
    "name": "办公场地、设施达标率",
    "unit": "%",
    "direction": "higher"
  },
  {
    "code": "ZB0101",
    "level1": "benefit",
    "level2": "social",
    "name": "专家咨询支撑项目评审",
    "unit": null,
    "direction": "qualitative"
  },
  {
    "code": "ZB0102",
    "level1": "benefit",
    "level2": "social",
    "name": "中心全年正常运转率",
    "unit": null,
    "direction": "qualitative"
  },
  {
    "code": "ZB0103",
    "level1": "benefit",
    "level2": "sustainability",
    "name": "长效管理机制",
    "unit": null,
    "direction": "qualitative"
  },
  {
    "code": "ZB0104",
    "level1": "satisfaction",
    "level2": "serviceSatisfaction",
    "name": "中心人员满意度",
    "unit": "%",
    "direction": "higher"
  },
  {
    "code": "ZB0105",
    "level1": "satisfaction",
    "level2": "serviceSatisfaction",
    "name": "来访客户满意度",
    "unit": "%",
    "direction": "higher"
  },
  {
    "code": "ZB0106",
    "level1": "output",
    "level2": "quantity",
    "name": "委托研究课题数量",
    "unit": "个",
    "direction": "higher"
  },
  {
    "code": "ZB0107",
    "level1": "output",
    "level2": "quantity",
    "name": "聘请法学专家、律师数量",
    "unit": "个",
    "direction": "higher"
  },
  {
    "code": "ZB0108",
    "level1": "output",
    "level2": "quantity",
    "name": "聘请律师事务所数量",
    "unit": "个",
    "direction": "higher"
  },
  {
    "code": "ZB0109",
    "level1": "output",
    "level2": "quantity",
    "name": "知识产权服务、专利和软件著作权代理申请完成率",
    "unit": "%",
    "direction": "higher"
  },
  {
    "code": "ZB0110",
    "level1": "output",
    "level2": "quantity",
    "name": "科技奖技术鉴定工作完成率",
    "unit": "%",
    "direction": "higher"
  },
  {
    "code": "ZB0111",
    "level1": "output",
    "level2": "quality",
    "name": "委托研究课题成果验收合格率",
    "unit": "%",
    "direction": "higher"
  },
  {
    "code": "ZB0112",
    "level1": "output",
    "level2": "quality",
    "name": "律师资质达标率",
    "unit": "%",
    "direction": "higher"
  },
  {
    "code": "ZB0113",
    "level1": "output",
    "level2": "timeliness",
    "name": "委托研究课题成果完成及时性",
    "unit": null,
    "direction": "qualitative"
  },
  {
    "code": "ZB0114",
    "level1": "output",
    "level2": "timeliness",
    "name": "法律咨询及审核及时性",
    "unit": null,
    "direction": "qualitative"
  },
  {
    "code": "ZB0115",
    "level1": "benefit",
    "level2": "social",
    "name": "重大法律纠纷造成严重损失发生情况",
    "unit": "起",
    "direction": "lower"
  },
  {
    "code": "ZB0116",
    "level1": "benefit",
    "level2": "sustainability",
    "name": "长效管理机制健全性",
    "unit": null,
    "direction": "qualitative"
  },
  {
    "code": "ZB0117",
    "level1": "output",
    "level2": "timeliness",
    "name": "需求响应及时率",
    "unit": null,
    "direction": "qualitative"
  },
  {
    "code": "ZB0118",
    "level1": "output",
    "level2": "timeliness",
    "name": "异议核实工单完成及时率",
    "unit": null,
    "direction": "qualitative"
  }
] as const;
