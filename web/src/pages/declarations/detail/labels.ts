/**
 * The declaration page's own words (the API's states, events, roles and ratings come from
 * useReference() or the API's *Label fields, never from here).
 */
export const L = {
  untitled: '未命名项目',
  loading: '正在加载申报表…',
  notFoundTitle: '申报表不存在或您无权查看',
  notFoundBody: '该申报表可能已被删除，或不在您的部门范围内。请从列表重新打开，或联系管理员。',
  backToList: '返回申报列表',
  retry: '重试',
  loadFailed: '申报表加载失败',
  header: {
    department: '申报部门',
    year: '预算年度',
    fundsTotal: '项目资金总额',
    annualRequest: '年度资金申请总额',
    version: '当前版本',
    approvedVersion: '已批准版本',
    none: '尚无',
    updatedAt: '最近修改',
  },
  tabs: { form: '申报表', history: '审核意见与历史', versions: '已批准版本' },
  findings: { title: '校验结果', reload: '重新校验' },
  history: {
    empty: '还没有任何流转记录：提交后，审核意见会显示在这里。',
    by: '操作人',
    as: '身份',
    comment: '意见',
    rating: '评级',
    system: '系统',
  },
  versions: {
    empty: '还没有已批准的版本：数据局审核通过后，这里会列出批准的版本。',
    list: '批准的版本',
    no: '版本',
    kind: '类型',
    approvedAt: '批准时间',
    compare: '比较',
    from: '基准版本',
    to: '对比对象',
    current: '当前内容（未批准）',
    show: '查看差异',
    versionN: (n: number) => `第 ${n} 版`,
    pickTwo: '选择一个已批准版本作为基准，再选择另一个版本或当前内容，查看两者的差异。',
  },
  adjustment: {
    title: (v: number) => `本次调整相对已批准的第 ${v} 版的变化`,
    hint: '审核前请核对以下变化；未列出的内容与已批准版本相同。',
  },
  export: {
    button: '导出 Excel',
    busy: '正在导出…',
    progress: (kb: string) => `已下载 ${kb} KB`,
    done: (name: string) => `已导出「${name}」`,
    failed: '导出失败，请稍后重试',
  },
} as const;
