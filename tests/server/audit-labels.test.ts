import { describe, expect, it } from 'vitest';
import { auditActionLabel, auditChanges, objectLabel } from '../../server/audit-labels.ts';

describe('the audit log in words', () => {
  it('names actions in Chinese, with the stage a deal or project moved to', () => {
    expect(auditActionLabel('login.success')).toBe('登录成功');
    expect(auditActionLabel('login.failure')).toBe('登录失败（密码错误）');
    expect(auditActionLabel('logout')).toBe('退出登录');
    expect(auditActionLabel('deal.signed')).toBe('商机 → 签约');
    expect(auditActionLabel('project.operating')).toBe('招商项目 → 投产运营');
    expect(auditActionLabel('enterprise.import_update')).toBe('企业导入更新');
    expect(auditActionLabel('problem.assign')).toBe('问题分办');
    // an unknown code is shown as it is
    expect(auditActionLabel('robot.dance')).toBe('robot.dance');
    expect(objectLabel('user', '4')).toBe('用户 4');
  });

  it('lists only the fields a change touched, by name and in words', () => {
    const before = JSON.stringify({ ref: 'WT-1', status: 'submitted', departmentId: null, version: 1 });
    const after = JSON.stringify({ ref: 'WT-1', status: 'assigned', departmentId: 'jxj', version: 2 });
    expect(auditChanges('problem', before, after)).toEqual([
      { field: '状态', before: '待分办', after: '办理中' },
      { field: '承办部门', before: '—', after: 'jxj' },
    ]);
  });

  it('shows what a creation set, times in city time, and text that is not JSON as it is', () => {
    expect(auditChanges('listing', null, JSON.stringify({ title: '承接压铸（铝合金）', processes: ['压铸', 'CNC加工'] }))).toEqual([
      { field: '标题', before: '', after: '承接压铸（铝合金）' },
      { field: '工艺', before: '', after: '压铸、CNC加工' },
    ]);
    expect(auditChanges('user', JSON.stringify({ disabledAt: null }), JSON.stringify({ disabledAt: Date.UTC(2026, 11, 3, 1, 30) }))).toEqual([
      { field: '停用时间', before: '—', after: '2026-12-03 09:30' },
    ]);
    expect(auditChanges('import', null, 'file.xlsx')).toEqual([{ field: '值', before: '', after: 'file.xlsx' }]);
  });
});
