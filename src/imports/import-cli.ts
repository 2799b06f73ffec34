// `npm run import -- <file> --department <code> [--as <username>] [--dry-run]`: an operator
// imports a summary table (text or our .xlsx) on behalf of a submitter of the department.
// The same code path as the HTTP import, so the same rules, findings and audit records.
import { DEFAULT_LANG } from '../common/i18n';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { createApp } from '../app.factory';
import { AuthService } from '../auth/auth.service';
import { loadConfig } from '../config/app-config';
import { Db } from '../database/db.service';
import { Department } from '../org/department.entity';
import { User } from '../org/user.entity';
import { ImportsService } from './imports.service';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const opt = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const file = args.find((a, i) => !a.startsWith('--') && !['--department', '--as'].includes(args[i - 1]));
  const code = opt('--department');
  if (!file || !code)
    throw new Error('usage: npm run import -- <file> --department <code> [--as <username>] [--dry-run]');
  const app = await createApp(loadConfig({ LOG_LEVEL: 'warn', ...process.env }));
  await app.init();
  try {
    const db = app.get(Db);
    const { dep, user } = await db.read(async (em) => {
      const dep = await em.findOne(Department, { where: { code } });
      if (!dep) throw new Error(`no department with code ${code}`);
      const users = await em.find(User, {
        where: { departmentId: dep.id, disabled: false },
        order: { id: 'ASC' },
      });
      const as = opt('--as');
      const user = users.find((u) => u.roles.includes('submitter') && (!as || u.username === as));
      if (!user)
        throw new Error(
          `no active submitter${as ? ` ${as}` : ''} in department ${code}: the import is made on behalf of one`,
        );
      return { dep, user };
    });
    const authUser = await app.get(AuthService).loadAuthUser(user.id, user.tokenVersion);
    const ctx = { requestId: `cli-${Date.now()}`, ip: null, user: authUser!, lang: DEFAULT_LANG };
    const result = await app
      .get(ImportsService)
      .import(ctx, { data: readFileSync(file), filename: basename(file) }, args.includes('--dry-run'));
    for (const d of result.declarations) {
      const errors = d.findings.filter((f) => f.severity === 'error').length;
      console.log(
        `${'id' in d ? `#${d.id} ` : ''}${d.projectName}: ${d.indicatorCount} indicators, ${errors} errors, ${d.findings.length - errors} other findings`,
      );
    }
    console.log(
      result.dryRun
        ? 'dry run: nothing created'
        : `created ${result.created} drafts in ${dep.name} on behalf of ${user.username}`,
    );
  } finally {
    await app.close();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
