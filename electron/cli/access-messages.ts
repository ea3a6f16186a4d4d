/** The command line's words for issue F's refusals (sign-in, permissions, grants), zh and en. */
type Params = Record<string, string | number>;
type Text = Record<'zh' | 'en', (p: Params) => string>;

const REASONS: Record<'zh' | 'en', Record<string, string>> = {
  zh: { role: '您的角色无此权限', department: '该录像不属于您所在科室', clearance: '超出您的保密权限', 'head-only': '须由单位负责人办理', 'own-record': '不能处理本人的申请或录像', 'not-owner': '仅限录像所属警员本人', 'last-admin': '不能停用或降级最后一名管理员' },
  en: { role: 'your role does not include this', department: 'the clip belongs to another department', clearance: 'above your clearance', 'head-only': 'only the head of the agency may', 'own-record': 'not on your own request or footage', 'not-owner': 'only the officer whose footage it is', 'last-admin': 'the last administrator cannot be disabled or lose the role' },
};

export const ACCESS_ERRORS: Record<string, Text> = {
  UNAUTHENTICATED: { zh: () => '请先登录（--user 用户名，密码见环境变量 EVIDENCE_STATION_PASSWORD）。', en: () => 'Sign in first (--user NAME, password in EVIDENCE_STATION_PASSWORD).' },
  FORBIDDEN: { zh: (p) => `无权执行此操作（${p.action ?? ''}）：${REASONS.zh[String(p.reason)] ?? p.reason}。`, en: (p) => `Not allowed (${p.action ?? ''}): ${REASONS.en[String(p.reason)] ?? p.reason}.` },
  LOGIN_FAILED: { zh: (p) => `用户名与密码不符。${p.attemptsLeft !== undefined ? `还可尝试 ${p.attemptsLeft} 次。` : ''}`, en: (p) => `Wrong username or password.${p.attemptsLeft !== undefined ? ` ${p.attemptsLeft} tries left.` : ''}` },
  ACCOUNT_LOCKED: { zh: (p) => `连续登录失败次数过多，账号已锁定至 ${p.until ?? ''}；管理员可用 users unlock 解锁。`, en: (p) => `Too many failed sign-ins: locked until ${p.until ?? ''}; an administrator can run users unlock.` },
  ACCOUNT_DISABLED: { zh: () => '该账号已停用。', en: () => 'This account is disabled.' },
  SETUP_ALREADY_DONE: { zh: () => '工作站已有账号：users create-admin 只能在首次启动时使用，之后由管理员添加用户。', en: () => 'The station already has accounts: users create-admin works only at first start; an administrator adds users.' },
  USER_EXISTS: { zh: () => '该用户名或警号已被使用。', en: () => 'That username or badge number is already taken.' },
  USER_NOT_FOUND: { zh: () => '没有该用户。', en: () => 'No such user.' },
  PASSWORD_WEAK: { zh: (p) => `密码至少 ${p.min ?? 8} 个字符。`, en: (p) => `A password has at least ${p.min ?? 8} characters.` },
  PIN_INVALID: { zh: () => 'PIN 须为 4 至 8 位数字。', en: () => 'A PIN is 4 to 8 digits.' },
  GRANT_REQUIRED: { zh: () => '查看此录像须经审批（R5.1）。', en: () => 'Viewing this clip needs approval (R5.1).' },
  GRANT_NOT_FOUND: { zh: (p) => `没有查看申请 ${p.id ?? ''}。`, en: (p) => `No viewing request ${p.id ?? ''}.` },
  CASE_NOT_FOUND: { zh: (p) => `没有您可查看的案件 ${p.caseNumber ?? ''} 的录像。`, en: (p) => `No clips of case ${p.caseNumber ?? ''} that you may see.` },
  GRANT_INVALID: { zh: () => '查看授权无效、已过期或不属于您。', en: () => 'The viewing grant is not valid, has ended or is not yours.' },
};
