// `npm run import -- <file> --department <code> [--as <username>] [--dry-run] [--lang en]`: an
// operator imports a summary table (text or our .xlsx) on behalf of a submitter of the department.
// The same code path as the HTTP import, so the same rules, findings and audit records. What it
// prints is in Chinese, or in English with `--lang en` (imports.messages.ts).
import { AppError } from '../common/errors';
import { langFromHeader, render, type Lang } from '../common/i18n';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { createApp } from '../app.factory';
import { AuthService } from '../auth/auth.service';
import { loadConfig } from '../config/app-config';
import { Db } from '../database/db.service';
import { Department } from '../auth/department.entity';
import { User } from '../auth/user.entity';
import { ImportsService } from './imports.service';

/** A failure the operator reads, in their language. */
class CliError extends Error {}

const args = process.argv.slice(2);
const opt = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const lang: Lang = langFromHeader(opt('--lang') ?? 'zh');
const say = (code: string, params: object = {}) => render(code, params, lang);

async function main(): Promise<void> {
  const file = args.find(
    (a, i) => !a.startsWith('--') && !['--department', '--as', '--lang'].includes(args[i - 1]),
  );
  const code = opt('--department');
  if (!file || !code) throw new CliError(say('IMPORT_CLI_USAGE'));
  const app = await createApp(loadConfig({ LOG_LEVEL: 'warn', ...process.env }));
  await app.init();
  try {
    const db = app.get(Db);
    const { dep, user } = await db.read(async (em) => {
      const dep = await em.findOne(Department, { where: { code } });
      if (!dep) throw new CliError(say('IMPORT_CLI_NO_DEPARTMENT', { code }));
      const users = await em.find(User, {
        where: { departmentId: dep.id, disabled: false },
        order: { id: 'ASC' },
      });
      const as = opt('--as');
      const user = users.find((u) => u.roles.includes('submitter') && (!as || u.username === as));
      if (!user) throw new CliError(say('IMPORT_CLI_NO_SUBMITTER', { code, as }));
      return { dep, user };
    });
    const authUser = await app.get(AuthService).loadAuthUser(user.id, user.tokenVersion);
    const ctx = { requestId: `cli-${Date.now()}`, ip: null, user: authUser!, lang };
    const result = await app
      .get(ImportsService)
      .import(ctx, { data: readFileSync(file), filename: basename(file) }, args.includes('--dry-run'));
    for (const d of result.declarations) {
      const errors = d.findings.filter((f) => f.severity === 'error').length;
      console.log(
        say('IMPORT_CLI_DECLARATION', {
          id: 'id' in d ? d.id : undefined,
          projectName: d.projectName,
          indicators: d.indicatorCount,
          errors,
          others: d.findings.length - errors,
        }),
      );
    }
    console.log(
      result.dryRun
        ? say('IMPORT_CLI_DRY_RUN')
        : say('IMPORT_CLI_CREATED', { count: result.created, department: dep.name, username: user.username }),
    );
  } finally {
    await app.close();
  }
}

main().catch((e) => {
  // A refusal of the file (a line it cannot read) in the operator's language, with its code.
  if (e instanceof AppError) console.error(`${e.body(lang).message} [${e.code}]`);
  else console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
