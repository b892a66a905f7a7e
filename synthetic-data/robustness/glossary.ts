/**
 * Workplace terms for Chinese–English code-switching ("年假" ↔ "annual leave"), the way bilingual
 * staff mix them in a question. A short list written for this project: no npm package maps
 * terms between the two languages offline. Longer terms first so "带薪年假" wins over "年假".
 */
const TERMS: [zh: string, en: string][] = [
  ['带薪年假', 'paid annual leave'],
  ['年假', 'annual leave'],
  ['病假', 'sick leave'],
  ['产假', 'maternity leave'],
  ['陪产假', 'paternity leave'],
  ['报销', 'reimbursement'],
  ['出差', 'business trip'],
  ['加班', 'overtime'],
  ['远程办公', 'remote work'],
  ['密码', 'password'],
  ['采购', 'purchase'],
  ['审批', 'approval'],
  ['培训', 'training'],
  ['绩效', 'performance'],
  ['考核', 'review'],
  ['电脑', 'laptop'],
  ['离职', 'resignation'],
  ['会议室', 'meeting room'],
  ['备份', 'backup'],
  ['访客', 'visitor'],
  ['工资', 'salary'],
  ['主管', 'manager'],
  ['客户', 'customer'],
  ['补贴', 'allowance'],
  ['停车', 'parking'],
  ['故障', 'outage'],
  ['公司', 'company'],
];

export const CODE_SWITCH_TERMS: readonly (readonly [zh: string, en: string])[] = [...TERMS].sort((a, b) => b[0].length - a[0].length);
