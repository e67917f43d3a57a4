/**
 * npm run token -- --role ROLE [--enterprise USCC] [--name NAME] [--scope-chains auto,equipment] [--scope-regions 420606,420607]
 * Creates an API token and prints it alone on the last line (scripts read it from there). An official token
 * may be limited to chains and counties (ids, comma-separated), as an official user may.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../server/config.ts';
import { openDatabase } from '../db/client.ts';
import { Accounts } from '../server/auth/accounts.ts';
import { issueApiToken } from '../server/auth/api-tokens.ts';
import { recordAudit } from '../server/audit.ts';

function main(): number {
  let values;
  try {
    ({ values } = parseArgs({ options: {
      role: { type: 'string' }, enterprise: { type: 'string' }, name: { type: 'string' }, 'scope-chains': { type: 'string' }, 'scope-regions': { type: 'string' },
    } }));
  } catch (err) {
    console.error((err as Error).message);
    return 2;
  }
  const database = openDatabase(loadConfig().databaseFile);
  try {
    const now = Date.now();
    const name = values.name ?? `${values.role ?? 'token'} ${new Date(now).toISOString().slice(0, 10)}`;
    const result = database.sqlite.transaction(() => {
      const list = (v: string | undefined) => (v ?? '').split(',').map((x) => x.trim()).filter(Boolean);
      const issued = issueApiToken(database.sqlite, new Accounts(database.sqlite), {
        role: values.role, enterprise: values.enterprise, name, scopeChains: list(values['scope-chains']), scopeRegions: list(values['scope-regions']),
      }, now, null);
      if (issued.ok) {
        recordAudit(database.sqlite, { actor: { kind: 'system', label: 'cli' }, action: 'token.create', objectType: 'api_token', objectId: issued.id,
          enterpriseId: issued.enterpriseId, after: { name, role: issued.role, scopeChains: issued.scopeChains, scopeRegions: issued.scopeRegions }, at: now });
      }
      return issued;
    })();
    if (!result.ok) {
      const flag = (field: string) => `--${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
      for (const [field, message] of Object.entries(result.errors)) console.error(`${flag(field)}: ${message}`);
      console.error('usage: npm run token -- --role admin|official|procurement|enterprise [--enterprise USCC] [--name NAME] [--scope-chains ID,...] [--scope-regions CODE,...]');
      return 2;
    }
    const scope = [...result.scopeChains, ...result.scopeRegions];
    console.log(`created API token #${result.id} (${result.role}${values.enterprise ? `, ${values.enterprise}` : ''}${scope.length ? `, scope ${scope.join('/')}` : ''}); it is shown only once:`);
    console.log(result.token);
    return 0;
  } finally {
    database.close();
  }
}

process.exitCode = main();
