import { z } from 'zod';

// Default validation messages in Chinese for every schema built with this package (client, server and CLI alike).
z.config(z.locales.zhCN());

/** Chinese labels of request fields, so that an error can name the field a user sees. */
export const FIELD_LABELS: Record<string, string> = {
  username: '用户名',
  password: '密码',
  currentPassword: '当前密码',
  newPassword: '新密码',
  displayName: '姓名',
  role: '角色',
  regionCode: '所属区域',
  code: '区划代码',
  phone: '联系电话',
  disabled: '停用',
  field: '字段',
  reason: '查看原因',
  q: '关键词',
  limit: '数量',
  page: '页码',
  pageSize: '每页条数',
  from: '开始日期',
  to: '结束日期',
  entity: '对象类型',
  action: '操作',
  id: '编号',
  key: '参数',
  value: '数值',
  validFrom: '生效日期',
  validTo: '失效日期',
  source: '依据',
  // registry (households and members)
  urbanRural: '城市/农村', hukouAddress: '户籍地址', residenceAddress: '居住地址',
  povertyReasons: '家庭贫困原因', categories: '保障类别', assistance: '已享受救助情况', personCategories: '人员类别',
  cashDeposits: '现金存款', housing: '住房房产情况', vehicles: '机动车（船）', otherAssets: '其他财产', needs: '困难群体诉求',
  surveyedBy: '入户调查人员', surveyedOn: '调查日期', members: '家庭成员',
  name: '姓名', relation: '与户主关系', idNumber: '身份证号码', gender: '性别', birthDate: '出生日期', health: '健康状况',
  disabilityType: '残疾类别', disabilityGrade: '残疾等级', workAbility: '劳动能力', selfCare: '生活自理能力',
  schoolOrEmployer: '工作单位或学校', yearlyIncome: '年收入', pension: '退休金', pensionInsurance: '养老保险',
  medicalInsurance: '医疗保险', tags: '人员标识', kind: '类别', startDate: '开始日期', endDate: '结束日期',
  status: '状态', yearlyAmount: '年救助金额', area: '建筑面积', nature: '房屋性质', address: '地址', type: '车型', use: '用途',
  version: '版本', mode: '导入方式', category: '保障类别', tag: '人员标识', povertyReason: '家庭贫困原因', incomeBand: '收入区间',
  note: '说明', memberId: '成员', householdId: '家庭',
};

const LIST_LABELS: Record<string, string> = {
  members: '名家庭成员', categories: '项保障类别', assistance: '项救助', housing: '处住房', vehicles: '辆机动车',
};

/**
 * The label a user sees for a field path: `members.2.idNumber` → `第3名家庭成员的身份证号码`, `phone` → `联系电话`.
 */
export function fieldLabel(path: string): string {
  const parts = path.split(/[./]/).filter(Boolean);
  const last = parts[parts.length - 1] ?? path;
  const label = FIELD_LABELS[last] ?? last;
  for (let i = parts.length - 2; i >= 1; i--) {
    const index = Number(parts[i]);
    const list = LIST_LABELS[parts[i - 1]!];
    if (Number.isInteger(index) && list) return `第${index + 1}${list}的${label}`;
  }
  return label;
}
