/**
 * Every label of the console, in one place. Enumerations the API knows (states, roles,
 * finding codes) will come from its reference-data route once it has one; until then the
 * console shows only the labels below.
 */
export const zhCN = {
  app: {
    name: '绩效目标管理系统',
    owner: '财政项目支出绩效目标管理',
  },
  areas: {
    declarations: '申报',
    reviews: '审核',
    monitoring: '监控',
    evaluation: '自评',
    audit: '审计',
    admin: '管理',
    dashboard: '年度看板',
  },
  areaTitles: {
    declarations: '绩效目标申报',
    reviews: '审核任务',
    monitoring: '绩效运行监控',
    evaluation: '绩效自评',
    audit: '审计日志',
    admin: '部门与用户管理',
    dashboard: '年度看板',
  },
  roles: {
    submitter: '填报人',
    dept_reviewer: '单位内部审核',
    bureau_reviewer: '数据局审核',
    auditor: '审计',
    admin: '管理员',
  },
  shell: {
    menu: '功能菜单',
    changePassword: '修改密码',
    logout: '退出登录',
    loggedOut: '您已退出登录',
    skipToContent: '跳到正文',
  },
  login: {
    title: '用户登录',
    username: '用户名',
    password: '密码',
    usernameRequired: '请输入用户名',
    passwordRequired: '请输入密码',
    submit: '登录',
    submitting: '正在登录…',
    failed: '登录失败',
    reLogin: '请重新登录',
  },
  password: {
    title: '修改密码',
    current: '当前密码',
    next: '新密码',
    confirm: '确认新密码',
    currentRequired: '请输入当前密码',
    nextRequired: '请输入新密码',
    confirmRequired: '请再次输入新密码',
    mismatch: '两次输入的新密码不一致',
    submit: '确认修改',
    cancel: '返回',
    done: '密码已修改，请使用新密码重新登录',
    note: '修改后，当前登录及在其他设备上的登录都将失效，需要用新密码重新登录。',
  },
  placeholder: {
    title: '功能建设中',
    body: '本模块正在建设中，敬请期待。',
  },
  errors: {
    notFoundTitle: '页面不存在',
    notFoundBody: '您访问的页面不存在，请检查地址或从左侧菜单进入。',
    forbiddenTitle: '无权访问',
    forbiddenBody: '您的账号没有访问该模块的权限，如需开通请联系管理员。',
    backHome: '返回首页',
    network: '无法连接到服务，请检查网络后重试',
    unknown: '操作失败，请稍后重试',
  },
} as const;

export const t = zhCN;
