/**
 * npm run token -- --role ROLE [--enterprise USCC] [--name NAME]
 * Creates an API token and prints it alone on the last line (scripts read it from there).
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
    ({ values } = parseArgs({ options: { role: { type: 'string' }, enterprise: { type: 'string' }, name: { type: 'string' } } }));
  } catch (err) {
    console.error((err as Error).message);
    return 2;
  }
  const database = openDatabase(loadConfig().databaseFile);
  try {
    const now = Date.now();
    const name = values.name ?? `${values.role ?? 'token'} ${new Date(now).toISOString().slice(0, 10)}`;
    const result = database.sqlite.transaction(() => {
      const issued = issueApiToken(database.sqlite, new Accounts(database.sqlite), { role: values.role, enterprise: values.enterprise, name }, now, null);
      if (issued.ok) {
        recordAudit(database.sqlite, { actor: { kind: 'system', label: 'cli' }, action: 'token.create', objectType: 'api_token', objectId: issued.id,
          enterpriseId: issued.enterpriseId, after: { name, role: issued.role }, at: now });
      }
      return issued;
    })();
    if (!result.ok) {
      for (const [field, message] of Object.entries(result.errors)) console.error(`--${field}: ${message}`);
      console.error('usage: npm run token -- --role admin|official|procurement|enterprise [--enterprise USCC] [--name NAME]');
      return 2;
    }
    console.log(`created API token #${result.id} (${result.role}${values.enterprise ? `, ${values.enterprise}` : ''}); it is shown only once:`);
    console.log(result.token);
    return 0;
  } finally {
    database.close();
  }
}

process.exitCode = main();
