import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { testDatabaseConfig } from '@anbinh/db/testing';
import { hashPassword, loadConfig, startHub, type Hub } from '@anbinh/server';
import { openOrm, runSql } from '@anbinh/db';
import { browserAvailable, buildWeb, foreign, launchBrowser, mapIdle } from './browser';

/** Screenshots for people to look at; git-ignored. */
const artifacts = fileURLToPath(new URL('../artifacts/', import.meta.url));

/** An officer of Kỳ Bá who can sign in with the password "mật khẩu thử". */
async function addKyBaOfficer(username: string): Promise<void> {
  const orm = await openOrm(testDatabaseConfig().url!, 1);
  await runSql(orm.em.getKnex(), 'insert into app_user (username, display_name, role, units, password_hash) values (?, ?, ?, ?, ?) on conflict (username) do nothing',
    [username, 'Công an phường Kỳ Bá', 'OFFICER', ['12442'], await hashPassword('mật khẩu thử')]);
  await orm.close();
}

/** The open panel's count of commendations in the year (NaN until it shows). */
async function commendationsInPanel(page: Page): Promise<number> {
  const text = await page.getByRole('complementary').locator('#ab-commendations small').textContent();
  return Number(/: (\d+)/.exec(text ?? '')?.[1]);
}

describe.skipIf(!browserAvailable)('the leaders’ map in Chromium', () => {
  let hub: Hub;
  let browser: Browser;
  let web: Awaited<ReturnType<typeof buildWeb>>;
  const requested: string[] = [];

  beforeAll(async () => {
    web = await buildWeb();
    hub = await startHub({ ...loadConfig({}), port: 0, webDir: web.dir, database: testDatabaseConfig(4) }, () => undefined);
    await hub.ready;
    browser = await launchBrowser();
    mkdirSync(artifacts, { recursive: true });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await hub?.stop();
    web?.remove();
  });

  async function open(path: string, viewport = { width: 1280, height: 800 }): Promise<Page> {
    const context = await browser.newContext({ viewport, acceptDownloads: true });
    const page = await context.newPage();
    page.on('request', (r) => requested.push(r.url()));
    await page.goto(`${hub.url}${path}`);
    return page;
  }

  it('reaches idle and draws the choropleth (pixels, not only DOM), asking nothing of another host', async () => {
    const page = await open('/');
    const idle = await mapIdle(page);
    console.log(`[browser] first map idle ${Math.round(idle)} ms after navigation`);
    // Classes in colour: wait until at least three of the ramp's colours cover the canvas.
    const ramp = ['#ffffcc', '#a1dab4', '#41b6c4', '#2c7fb8', '#253494'];
    const counts = await page.waitForFunction((colours) => {
      const canvas = document.querySelector<HTMLCanvasElement>('.maplibregl-canvas');
      if (!canvas) return false;
      const copy = Object.assign(document.createElement('canvas'), { width: canvas.width, height: canvas.height });
      const context = copy.getContext('2d')!;
      context.drawImage(canvas, 0, 0);
      const pixels = context.getImageData(0, 0, copy.width, copy.height).data;
      // Fills are drawn at 0.9 opacity over the background #e8eef2.
      const expected = colours.map((hex) => [1, 3, 5].map((i, j) => 0.9 * parseInt(hex.slice(i, i + 2), 16) + 0.1 * [0xe8, 0xee, 0xf2][j]));
      const found = expected.map(() => 0);
      for (let p = 0; p < pixels.length; p += 16) { // every fourth pixel is plenty
        expected.forEach((rgb, k) => {
          if (Math.abs(pixels[p] - rgb[0]) + Math.abs(pixels[p + 1] - rgb[1]) + Math.abs(pixels[p + 2] - rgb[2]) < 18) found[k]++;
        });
      }
      return found.filter((n) => n > 200).length >= 3 ? found : false;
    }, ramp, { timeout: 60_000 });
    expect((await counts.jsonValue()) as number[]).toHaveLength(5);
    // Labels come from the bundled Noto Sans, Vietnamese included.
    const fonts = requested.filter((u) => /noto-sans-(latin|vietnamese)-\d+-normal.*\.woff2$/.test(u));
    expect(fonts.some((u) => u.includes('vietnamese'))).toBe(true);
    await page.screenshot({ path: `${artifacts}map-desktop.png` });
    await page.context().close();
  });

  it('finds "ky ba" as you type and opens Kỳ Bá’s panel with its commendations and rehabilitation successes', async () => {
    const page = await open('/');
    await mapIdle(page);
    await page.locator('input[type=search]').fill('ky ba');
    await page.getByRole('option', { name: /Phường Kỳ Bá/ }).waitFor();
    await page.locator('input[type=search]').press('Enter');
    const panel = page.getByRole('complementary');
    await expect.poll(() => panel.getByRole('heading', { level: 2 }).textContent()).toBe('Phường Kỳ Bá');
    await expect.poll(() => page.url()).toContain('place=12442');
    // …and the map flew there: Kỳ Bá lies around 106.34° E, 20.44° N.
    await expect.poll(() => page.url(), { timeout: 10_000 }).toMatch(/at=106\.3[3-5]\d*,20\.4[3-5]\d*,1[2-9]\./);
    const text = await panel.textContent();
    expect(text).toContain('Khen thưởng');
    expect(text).toContain('Cảm hóa, giáo dục người lầm lỗi');
    expect(await panel.locator('.ab-list li').count()).toBeGreaterThan(0); // commendations and models listed
    expect(await panel.locator('dd').first().textContent()).toMatch(/^\d+$/); // people placed
    expect(await panel.getByRole('img', { name: 'Diễn biến theo năm' }).count()).toBe(1);
    await page.context().close();
  });

  it('finds "hong chau" on the 2008–2020 map, and on later maps the unit it became', async () => {
    const page = await open('/?metric=commendations&year=2021');
    await page.locator('input[type=search]').fill('hong chau');
    await expect.poll(() => page.locator('[role=listbox] [role=option]').first().textContent()).toContain('Xã Hồng Bạch, trước là Xã Hồng Châu');
    await page.getByLabel('Địa giới', { exact: true }).selectOption('D2008');
    await page.locator('input[type=search]').fill('hong cha');
    await page.locator('input[type=search]').fill('hong chau');
    await expect.poll(() => page.locator('[role=listbox] [role=option]').first().textContent()).toMatch(/^Xã Hồng Châu ·/);
    await page.context().close();
  });

  it('restores a shared view from its link, after a reload, and through Back and Forward', async () => {
    const page = await open('/?metric=cameraSites&year=2019&place=12442&at=106.3400,20.4500,12.00&lang=en');
    await mapIdle(page);
    const check = async (metric: string) => {
      await expect.poll(() => page.getByLabel('Metric', { exact: true }).inputValue()).toBe(metric);
      expect(await page.getByLabel('Year', { exact: true }).inputValue()).toBe('2019');
      await expect.poll(() => page.getByRole('complementary').getByRole('heading', { level: 2 }).textContent()).toBe('Phường Kỳ Bá');
    };
    await check('cameraSites');
    const center = await page.evaluate(() => new URL(location.href).searchParams.get('at'));
    expect(center).toBe('106.3400,20.4500,12.00');
    await page.reload();
    await check('cameraSites');
    await page.getByLabel('Metric', { exact: true }).selectOption('commendations');
    await expect.poll(() => page.url()).toContain('metric=commendations');
    await page.goBack();
    await check('cameraSites');
    await page.goForward();
    await check('commendations');
    await page.context().close();
  });

  it('offers the unit a place became when the map shown is a later one', async () => {
    const page = await open('/?year=2025&place=12442');
    const panel = page.getByRole('complementary');
    await expect.poll(() => panel.getByRole('status').textContent()).toContain('không có trên bản đồ đang xem');
    await panel.getByRole('button', { name: 'Phường Trần Lãm' }).click();
    await expect.poll(() => panel.getByRole('heading', { level: 2 }).textContent()).toBe('Phường Trần Lãm');
    await page.context().close();
  });

  it('can be used with the keyboard alone, with a visible focus', async () => {
    const page = await open('/');
    await mapIdle(page);
    for (let i = 0; i < 20; i++) {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement;
        const style = getComputedStyle(el);
        return { role: el.getAttribute('role'), outline: style.outlineStyle !== 'none' && style.outlineWidth !== '0px' };
      });
      expect(focused.outline).toBe(true);
      if (focused.role === 'combobox') break;
    }
    expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('combobox');
    await page.keyboard.type('ky ba');
    await page.getByRole('option', { name: /Phường Kỳ Bá/ }).waitFor();
    await page.keyboard.press('Enter');
    // Focus lands on the panel's heading; the close button is the previous stop.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Phường Kỳ Bá');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('complementary').count()).toBe(0);
    // The table is the map's non-visual alternative: reachable, sortable.
    await page.getByRole('button', { name: 'Xem bảng' }).focus();
    await page.keyboard.press('Enter');
    const table = page.getByRole('table').first();
    expect(await table.getByRole('row').count()).toBeGreaterThan(200);
    await page.context().close();
  });

  it('lays out on a 390×844 phone with the panel as a bottom sheet', async () => {
    const page = await open('/?place=12442', { width: 390, height: 844 });
    await mapIdle(page);
    const panel = page.getByRole('complementary');
    await expect.poll(() => panel.getByRole('heading', { level: 2 }).textContent()).toBe('Phường Kỳ Bá');
    const box = (await panel.boundingBox())!;
    expect(Math.round(box.width)).toBe(390);
    expect(Math.round(box.y + box.height)).toBe(844);
    expect(box.height).toBeLessThan(844 * 0.6);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    expect(overflow).toBe(false);
    await page.screenshot({ path: `${artifacts}map-mobile.png` });
    await page.context().close();
  });

  it('downloads the table as CSV (with BOM) and the map as PNG', async () => {
    const page = await open('/?metric=rehabilitationSuccessRate&year=2021');
    await mapIdle(page);
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Tải bảng (CSV)' }).click()]);
    const csvBytes = readFileSync((await csv.path())!);
    expect([...csvBytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csvBytes.toString('utf8')).toContain('Phường Kỳ Bá');
    expect(csv.suggestedFilename()).toBe('anbinh-rehabilitationSuccessRate-2021.csv');
    const [png] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Tải ảnh bản đồ (PNG)' }).click()]);
    const pngBytes = readFileSync((await png.path())!);
    expect([...pngBytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(pngBytes.length).toBeGreaterThan(20_000); // a drawn map, not an empty canvas
    await page.context().close();
  });

  it('opens the bundled GraphQL IDE from a browser and runs an example', async () => {
    const page = await open('/graphql');
    await page.locator('.graphiql-container').waitFor({ timeout: 60_000 });
    // The editor shows the first example once Monaco is up; running before that would send nothing.
    await expect.poll(() => page.locator('.graphiql-query-editor').textContent(), { timeout: 60_000 }).toContain('report');
    await page.locator('.graphiql-execute-button').click();
    await expect.poll(() => page.locator('.result-window').textContent(), { timeout: 30_000 }).toContain('"data"');
    await page.context().close();
  });

  it('updates the open panel when a commendation is awarded elsewhere, without a reload (the change feed)', async () => {
    await addKyBaOfficer('kyba.live');
    const page = await open('/?metric=commendations&year=2024&place=12442');
    await mapIdle(page);
    const total = () => commendationsInPanel(page);
    await expect.poll(total).toBeGreaterThanOrEqual(0); // waits for the panel's figure
    const before = await total();
    // Another officer, somewhere else, through the API.
    const api = (query: string, token?: string) => fetch(`${hub.url}/graphql`, {
      method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify({ query }),
    }).then((r) => r.json() as Promise<{ data: any }>);
    const { data: { signIn: { token } } } = await api('mutation { signIn(username: "kyba.live", password: "mật khẩu thử") { token } }');
    const awarded = await api('mutation { awardCommendation(input: { unitCode: "12442", recipientKind: COLLECTIVE, recipientName: "Tổ dân phố 6", form: LETTER_OF_COMMENDATION, awardedOn: "2024-05-05", reason: "Giữ gìn an ninh trật tự" }) { id } }', token);
    expect(awarded.data.awardCommendation.id).toBeTruthy();
    await expect.poll(total, { timeout: 15_000 }).toBe(before + 1);
    await page.context().close();
  });

  it('lets an officer sign in and record a commendation from the panel, errors beside the fields, the map updated', async () => {
    await addKyBaOfficer('kyba.map');
    const page = await open('/?metric=commendations&year=2021&place=12442');
    await mapIdle(page);
    const panel = page.getByRole('complementary');
    const totalIn2021 = () => commendationsInPanel(page);
    await expect.poll(totalIn2021).toBeGreaterThanOrEqual(0); // waits for the panel's figure
    const before = await totalIn2021();
    const tableValue = async () => {
      await page.getByRole('button', { name: /Xem bảng|Xem bản đồ/ }).click();
      const value = await page.getByRole('row', { name: /Phường Kỳ Bá/ }).getByRole('cell').last().textContent();
      await page.getByRole('button', { name: /Xem bảng|Xem bản đồ/ }).click();
      return Number(value);
    };
    const valueBefore = await tableValue();
    expect(await panel.getByRole('form', { name: 'Ghi nhận khen thưởng' }).count()).toBe(0); // the public gets no form

    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByLabel('Tên đăng nhập').fill('kyba.map');
    await page.getByLabel('Mật khẩu').fill('mật khẩu thử');
    await page.getByRole('form', { name: 'Đăng nhập' }).getByRole('button', { name: 'Đăng nhập' }).click();
    await expect.poll(() => page.locator('.ab-session').textContent()).toContain('kyba.map');

    const form = panel.getByRole('form', { name: 'Ghi nhận khen thưởng' });
    await form.getByLabel('Ngày khen thưởng').fill('2021-06-15');
    await form.getByRole('button', { name: 'Lưu' }).click();
    const nameField = form.getByLabel('Tên tập thể, cá nhân');
    await expect.poll(() => nameField.getAttribute('aria-invalid')).toBe('true');
    const described = await nameField.getAttribute('aria-describedby');
    // The sentence comes from the client's catalogue by extensions.field and extensions.reason, in the reader's language.
    expect(await page.locator(`[id="${described}"]`).textContent()).toBe('Cần điền «Tên tập thể, cá nhân».');

    await nameField.fill('Chi hội Cựu chiến binh tổ dân phố 3');
    await form.getByLabel('Lý do, thành tích').fill('Tích cực tham gia tuần tra, giữ gìn an ninh trật tự');
    await form.getByRole('button', { name: 'Lưu' }).click();
    await expect.poll(() => form.getByRole('status').textContent()).toContain('Đã ghi nhận');
    await expect.poll(totalIn2021).toBe(before + 1);
    await expect.poll(tableValue).toBe(valueBefore + 1);

    // A person who made good: the officer closes the oldest open case, and that year's "progressed" in the trend rises.
    const caseForm = panel.getByRole('form', { name: 'Ghi nhận kết quả giáo dục tại cộng đồng' });
    const options = await caseForm.getByLabel('Hồ sơ (mã bí danh)').locator('option').allTextContents();
    const oldest = [...options].sort((a, b) => a.split(' · ')[1].localeCompare(b.split(' · ')[1]))[0];
    const placedOn = oldest.split(' · ')[1];
    const year = placedOn.slice(0, 4);
    const progressedIn = async () => Number(await panel.locator('.ab-trend table tr', { has: page.locator(`th:text-is("${year}")`) }).locator('td').nth(1).textContent());
    const progressedBefore = await progressedIn().catch(() => 0);
    await caseForm.getByLabel('Hồ sơ (mã bí danh)').selectOption({ label: oldest });
    await caseForm.getByLabel('Ngày kết thúc').fill('2008-01-02');
    await caseForm.getByRole('button', { name: 'Lưu' }).click();
    await expect.poll(() => caseForm.getByLabel('Ngày kết thúc').getAttribute('aria-invalid')).toBe('true');
    expect(await caseForm.getByRole('alert').textContent()).toContain('«Ngày kết thúc»');
    await caseForm.getByLabel('Ngày kết thúc').fill(placedOn);
    await caseForm.getByRole('button', { name: 'Lưu' }).click();
    await expect.poll(() => caseForm.getByRole('status').textContent()).toContain('Đã ghi nhận');
    await expect.poll(progressedIn).toBe(progressedBefore + 1);
    await page.context().close();
  });

  it('asked nothing of any other host, on any page of the tests above', () => {
    expect(requested.length).toBeGreaterThan(50);
    expect(foreign(requested, hub.url)).toEqual([]);
  });
});
