/** A firm hears in its inbox when the office's import changed its profile, and which fields. */
import type { Notifier } from '../notifications.ts';
import { OWNED_FIELDS } from './field-ownership.ts';
import type { ProfileChange } from './load.ts';

export function tellFirms(notifier: Notifier, changes: ProfileChange[], now: number, extraField?: string): void {
  for (const c of changes) {
    const users = notifier.firmUsers(c.enterpriseId, ['enterprise', 'procurement']);
    if (users.length === 0) continue;
    notifier.notify(users, {
      kind: 'profile.imported', title: '主管部门导入更新了贵企业资料',
      body: `更新的字段：${[...c.fields.map((f) => OWNED_FIELDS[f]), ...(extraField ? [extraField] : [])].join('、')}。如有不符，请在「我的企业」中修改。`, href: '/me',
    }, now);
  }
}
