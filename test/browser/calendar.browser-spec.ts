import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ADMIN_PASSWORD, here, login, newPage, snap, startConsole, type Console } from './browser';

/**
 * 管理 → 节假日 (issue 18 item 6): the administrator sees the years whose holiday calendars the
 * review deadlines count with (2026 正式 from the State Council notice, 2027 暂定), a year's
 * month calendar with its 休 and 班 days, and loads 2027 from a table: a wrong line is refused
 * in words naming the line, a right one replaces the provisional year.
 */

let c: Console;

beforeAll(async () => {
  c = await startConsole();
}, 120_000);
afterAll(async () => {
  await c?.stop();
});

describe('节假日', () => {
  it('the administrator reads the calendars and loads a year from a table', async () => {
    const { page, context, problems } = await newPage(c);
    await page.goto('/login');
    await login(page, 'admin', ADMIN_PASSWORD);
    await page.getByRole('navigation', { name: '功能菜单' }).getByRole('link', { name: '管理' }).click();
    await page.getByRole('tab', { name: '节假日' }).click();
    expect(here(page)).toBe('/admin?tab=calendar');
    const years = page.locator('[data-test=calendar-years] .el-table__body-wrapper tr.el-table__row');
    await years.nth(1).waitFor();
    const rows = [];
    for (let i = 0; i < (await years.count()); i++)
      rows.push((await years.nth(i).innerText()).replace(/\s+/g, ' '));
    expect(rows[0]).toMatch(/^2027 年 暂定 暂定：按《全国年节及纪念日放假办法》/);
    expect(rows[0]).toContain('放假 13 天，上班 0 天');
    expect(rows[1]).toMatch(/^2026 年 正式 国务院办公厅关于2026年部分节假日安排的通知/);
    expect(rows[1]).toContain('放假 33 天，上班 6 天');
    expect(rows[1]).toContain('随系统发布');
    // The newest year opens first: 2027, provisional, said in words.
    await page.getByRole('heading', { name: /2027 年节假日安排/ }).waitFor();
    await page.getByText(/尚未按国务院办公厅的放假通知录入/).waitFor();
    await snap(page, 'calendar-2027-provisional');

    // 2026: 国庆 10/1–10/7 off, Saturday 10/10 works; an ordinary weekend is grey.
    await years.nth(1).click();
    await page.getByRole('heading', { name: /2026 年节假日安排/ }).waitFor();
    const day = (date: string) => page.locator(`[data-test=calendar-year] [data-date="${date}"]`);
    await expect(day('2026-10-01').getAttribute('class')).resolves.toContain('off');
    await expect(day('2026-10-01').getAttribute('title')).resolves.toBe('2026-10-01 国庆节 放假');
    await expect(day('2026-10-10').getAttribute('class')).resolves.toContain('work');
    await expect(day('2026-10-17').getAttribute('class')).resolves.toContain('weekend');
    await expect(day('2026-10-12').getAttribute('class')).resolves.toContain('weekday');
    await day('2026-10-01').scrollIntoViewIfNeeded();
    await snap(page, 'calendar-2026');

    // Upload 2027 from a table: a 上班 day on a Monday is refused, naming the line.
    await page.locator('[data-test=calendar-upload]').click();
    const dialog = page.getByRole('dialog', { name: /上传节假日安排/ });
    await dialog.waitFor();
    await dialog
      .locator('[data-test=calendar-year-input] input, input[data-test=calendar-year-input]')
      .fill('2027');
    await dialog
      .locator('input[data-test=calendar-source], [data-test=calendar-source] input')
      .fill('国务院办公厅关于2027年部分节假日安排的通知（测试）');
    const table = dialog.locator('textarea[data-test=calendar-table], [data-test=calendar-table] textarea');
    await table.fill('日期\t类型\t名称\n2027-01-01\t放假\t元旦\n2027-01-04\t上班\t元旦');
    await dialog.locator('[data-test=calendar-save]').click();
    const failure = dialog.locator('[data-test=calendar-failure]');
    await failure.waitFor();
    await expect(failure.innerText()).resolves.toContain(
      '节假日表第 3 行：日期：2027-01-04 是周一，本来就上班',
    );
    await snap(page, 'calendar-upload-refused');
    await table.fill(
      '日期\t类型\t名称\n2027-01-01\t放假\t元旦\n2027-01-02\t放假\t元旦\n2027-01-03\t放假\t元旦',
    );
    await dialog.locator('[data-test=calendar-save]').click();
    await page.getByText('已上传 2027 年节假日安排，审核期限即按新安排计算').waitFor();
    await dialog.waitFor({ state: 'hidden' });
    await expect(years.first().innerText()).resolves.toMatch(/2027 年\s+正式/);
    await expect(years.first().innerText()).resolves.toContain('管理员上传');
    await snap(page, 'calendar-uploaded');
    expect(problems).toEqual([]);
    await context.close();
  }, 120_000);
});
