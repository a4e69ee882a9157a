import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
type Box = { x: number; y: number; width: number; height: number };
import { testData, testDatabaseConfig } from '@anbinh/db/testing';
import { hashPassword, loadConfig, startHub, type Hub } from '@anbinh/server';
import { openOrm } from '@anbinh/db';
import { browserAvailable, buildWeb, failOnConsoleProblems, foreign, launchBrowser, mapIdle, pagePoint, pixelsNear } from './browser';

/** Screenshots for people to look at; git-ignored. */
const artifacts = fileURLToPath(new URL('../artifacts/', import.meta.url));

/** An officer of Kỳ Bá who can sign in with the password "mật khẩu thử". */
async function addKyBaOfficer(username: string): Promise<void> {
  const orm = await openOrm(testDatabaseConfig().url!, 1);
  await testData(orm.em.getKnex()).newUser({
    username,
    displayName: 'Công an phường Kỳ Bá',
    units: ['12442'],
    passwordHash: await hashPassword('mật khẩu thử'),
  });
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

  /** Each page's console check: a test fails on any error or warning its pages logged. */
  let consoleChecks: (() => void)[] = [];
  afterEach(() => {
    const checks = consoleChecks;
    consoleChecks = [];
    for (const check of checks) check();
  });

  async function open(path: string, viewport = { width: 1280, height: 800 }, phone = false): Promise<Page> {
    const context = await browser.newContext({ viewport, acceptDownloads: true, ...(phone ? { hasTouch: true } : {}) });
    const page = await context.newPage();
    consoleChecks.push(failOnConsoleProblems(page));
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
    const counts = await page.waitForFunction(
      (colours) => {
        const canvas = document.querySelector<HTMLCanvasElement>('.maplibregl-canvas');
        if (!canvas) return false;
        const copy = Object.assign(document.createElement('canvas'), { width: canvas.width, height: canvas.height });
        const context = copy.getContext('2d')!;
        context.drawImage(canvas, 0, 0);
        const pixels = context.getImageData(0, 0, copy.width, copy.height).data;
        // Fills are drawn at 0.9 opacity over the background #e8eef2.
        const expected = colours.map((hex) => [1, 3, 5].map((i, j) => 0.9 * parseInt(hex.slice(i, i + 2), 16) + 0.1 * [0xe8, 0xee, 0xf2][j]));
        const found = expected.map(() => 0);
        for (let p = 0; p < pixels.length; p += 16) {
          // every fourth pixel is plenty
          expected.forEach((rgb, k) => {
            if (Math.abs(pixels[p] - rgb[0]) + Math.abs(pixels[p + 1] - rgb[1]) + Math.abs(pixels[p + 2] - rgb[2]) < 18) found[k]++;
          });
        }
        return found.filter((n) => n > 200).length >= 3 ? found : false;
      },
      ramp,
      { timeout: 60_000 },
    );
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
    // The ranked table of communes (below the districts' subtotals), read when first shown.
    const table = page.locator('table.ab-places');
    await expect.poll(() => table.getByRole('row').count()).toBeGreaterThan(200);
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
    const csvBytes = readFileSync(await csv.path());
    expect([...csvBytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csvBytes.toString('utf8')).toContain('Phường Kỳ Bá');
    expect(csv.suggestedFilename()).toBe('anbinh-rehabilitationSuccessRate-2021.csv');
    const [png] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Tải ảnh bản đồ (PNG)' }).click()]);
    const pngBytes = readFileSync(await png.path());
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
    const api = (query: string, token?: string) =>
      fetch(`${hub.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query }),
      }).then((r) => r.json() as Promise<{ data: any }>);
    const {
      data: {
        signIn: { token },
      },
    } = await api('mutation { signIn(username: "kyba.live", password: "mật khẩu thử") { token } }');
    const awarded = await api(
      'mutation { awardCommendation(input: { unitCode: "12442", recipientKind: COLLECTIVE, recipientName: "Tổ dân phố 6", form: LETTER_OF_COMMENDATION, awardedOn: "2024-05-05", reason: "Giữ gìn an ninh trật tự" }) { id } }',
      token,
    );
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
      // Cells of a ranked row: rank, district, value, last year, change (the name is the row's header).
      const row = page.locator('table.ab-places').getByRole('row', { name: /Phường Kỳ Bá/ });
      await row.waitFor();
      const value = await row.getByRole('cell').nth(2).textContent();
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
    const progressedIn = async () =>
      Number(
        await panel
          .locator('.ab-trend table tr', { has: page.locator(`th:text-is("${year}")`) })
          .locator('td')
          .nth(1)
          .textContent(),
      );
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

  // The map answers the pointer, says why a unit is grey, and keeps colours comparable.
  const gql = (query: string) =>
    fetch(`${hub.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
    }).then((r) => r.json() as Promise<{ data: any }>);
  type Label = { properties: { code: string; name: string; exemplary: boolean }; geometry: { coordinates: [number, number] } };
  const labels = async (level: 'COMMUNE' | 'DISTRICT', asOf: string): Promise<Label[]> =>
    ((await (await fetch(`${hub.url}/geo/labels.geojson?level=${level}&asOf=${asOf}`)).json()) as { features: Label[] }).features;
  /** A map centred on a place's label point at a zoom; the page position of a point `dx` pixels east of it. */
  async function openAt(label: Label, zoom: number, query = '', viewport?: { width: number; height: number }, phone = false) {
    const [lon, lat] = label.geometry.coordinates.map((v) => Number(v.toFixed(4))) as [number, number];
    const page = await open(`/?at=${lon.toFixed(4)},${lat.toFixed(4)},${zoom.toFixed(2)}${query}`, viewport, phone);
    await mapIdle(page);
    const beside = async (dx: number) => {
      const p = await pagePoint(page, [lon, lat], zoom, label.geometry.coordinates);
      return { x: p.x + dx, y: p.y };
    };
    return { page, beside };
  }
  /** Points off, so the pointer meets the units beneath. */
  async function hidePoints(page: Page, language: 'vi' | 'en' = 'vi', timeout?: number) {
    for (const name of language === 'vi' ? ['Mô hình tự quản', 'Di tích'] : ['Self-management models', 'Heritage sites']) {
      await page.getByRole('checkbox', { name, exact: true }).uncheck({ timeout });
    }
  }
  const heading = (page: Page) => page.getByRole('complementary').getByRole('heading', { level: 2 }).textContent();
  /** A locator's text now, '' while it is absent (textContent() would wait for it without end). */
  const textOf = async (locator: Locator) => (await locator.allTextContents()).join('');
  /** Whether two boxes on the page share any area. */
  const overlap = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
  /** The canvas's pixels filled in one of the ramp's classes (drawn at 0.9 opacity over the background). */
  const classFills = async (page: Page) => {
    const blend = (hex: string) =>
      `#${[1, 3, 5]
        .map((i, j) =>
          Math.round(0.9 * parseInt(hex.slice(i, i + 2), 16) + 0.1 * [0xe8, 0xee, 0xf2][j])
            .toString(16)
            .padStart(2, '0'),
        )
        .join('')}`;
    return (await Promise.all(['#ffffcc', '#a1dab4', '#41b6c4', '#2c7fb8', '#253494'].map((hex) => pixelsNear(page, blend(hex), 18, 3)))).flat();
  };

  it('shows a commune’s name and value beside the pointer, and opens its panel on a click; an exemplary place’s marker opens that place', async () => {
    const { data } = await gql(
      '{ metricValues(metric: "selfManagementModels", level: COMMUNE, year: 2021, asOf: "2021-12-31") { value status unit { code } } }',
    );
    const kyBaValue = data.metricValues.find((v: any) => v.unit.code === '12442');
    expect(kyBaValue.status).toBe('PUBLISHED');
    const communes = await labels('COMMUNE', '2021-12-31');
    const kyBa = communes.find((f) => f.properties.code === '12442')!;
    const { page, beside } = await openAt(kyBa, 14, '&year=2021');
    await hidePoints(page);
    const point = await beside(16); // off the exemplary marker, if any
    await page.mouse.move(point.x, point.y);
    await expect.poll(() => page.getByRole('tooltip').textContent()).toBe(`Phường Kỳ Bá: ${kyBaValue.value} mô hình`);
    await page.screenshot({ path: `${artifacts}map-hover.png` });
    await page.mouse.click(point.x, point.y);
    await expect.poll(() => heading(page)).toBe('Phường Kỳ Bá');
    expect(page.url()).toContain('place=12442');
    await page.context().close();

    const exemplary = communes.find((f) => f.properties.exemplary)!;
    const marked = await openAt(exemplary, 13, '&year=2021');
    await hidePoints(marked.page);
    const centre = await marked.beside(0);
    await marked.page.mouse.click(centre.x, centre.y);
    await expect.poll(() => marked.page.url()).toContain(`place=${exemplary.properties.code}`);
    await expect.poll(() => heading(marked.page)).toBe(exemplary.properties.name);
    await marked.page.context().close();
  });

  it('on a phone: the province fits above the sheet, the legend folds into a button, a tap shows the value and opens the panel, and the commune stays above the sheet', async () => {
    const phone = { width: 390, height: 844 };
    const sheetTop = async (page: Page) => (await page.getByRole('complementary').boundingBox())!.y;
    // Opened on a place: the province fits in the map above the sheet.
    const fitted = await open('/?year=2021&place=12442', phone, true);
    await mapIdle(fitted);
    await expect.poll(() => textOf(fitted.getByRole('complementary').getByRole('heading', { level: 2 }))).toBe('Phường Kỳ Bá');
    const canvas = (await fitted.locator('.maplibregl-canvas').boundingBox())!;
    // The controls leave most of the screen to the map.
    expect((await fitted.locator('.ab-controls').boundingBox())!.height).toBeLessThan(phone.height / 3);
    expect(canvas.height).toBeGreaterThan(phone.height / 2);
    const top = await sheetTop(fitted);
    const slider = (await fitted.locator('.ab-timeline').boundingBox())!;
    expect(slider.height).toBeLessThan(50); // one row
    // The province lies between the time slider and the sheet (nothing of it under either), filling that room in at least one direction.
    const extent = async () => {
      const fills = await classFills(fitted);
      const ys = fills.map((p) => p.y);
      const xs = fills.map((p) => p.x);
      return {
        pixels: fills.length,
        top: Math.min(...ys),
        bottom: Math.max(...ys),
        fill: Math.max((Math.max(...ys) - Math.min(...ys)) / (top - slider.y - slider.height), (Math.max(...xs) - Math.min(...xs)) / canvas.width),
      };
    };
    await expect
      .poll(
        async () => {
          const e = await extent();
          return e.pixels > 200 && e.top > slider.y + slider.height && e.bottom < top && e.fill > 0.75 ? true : e;
        },
        { timeout: 10_000 },
      )
      .toBe(true);
    // The selectors show their whole text.
    const clipped = await fitted.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLSelectElement>('.ab-controls select, .ab-timeline select')).flatMap((select) => {
        const style = getComputedStyle(select);
        const context = document.createElement('canvas').getContext('2d')!;
        context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
        const text = select.selectedOptions[0]?.textContent ?? '';
        const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 16; // the arrow
        return context.measureText(text).width > room || select.scrollWidth > select.clientWidth ? [text] : [];
      }),
    );
    expect(clipped).toEqual([]);
    expect(await fitted.evaluate(() => document.documentElement.scrollWidth > window.innerWidth)).toBe(false);
    await fitted.screenshot({ path: `${artifacts}phone-map.png` });
    await fitted.context().close();

    const kyBa = (await labels('COMMUNE', '2021-12-31')).find((f) => f.properties.code === '12442')!;
    const { page, beside } = await openAt(kyBa, 12, '&year=2021', phone, true);
    const toggle = page.getByRole('button', { name: 'Chú giải' });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect((await page.locator('.ab-legend').boundingBox())!.height).toBeLessThan(50);
    await toggle.tap({ timeout: 10_000 });
    await expect.poll(async () => (await page.locator('.ab-legend').boundingBox())!.height, { timeout: 10_000 }).toBeGreaterThan(100);
    expect(overlap((await page.locator('.ab-legend').boundingBox())!, (await page.locator('.ab-timeline').boundingBox())!)).toBe(false);
    await hidePoints(page, 'vi', 10_000);
    await toggle.tap({ timeout: 10_000 });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    const point = await beside(16);
    await page.touchscreen.tap(point.x, point.y);
    await expect.poll(() => textOf(page.getByRole('complementary').getByRole('heading', { level: 2 })), { timeout: 10_000 }).toBe('Phường Kỳ Bá');
    await expect.poll(() => textOf(page.getByRole('tooltip')), { timeout: 10_000 }).toMatch(/^Phường Kỳ Bá: \d+ mô hình$/);
    const sheet = await sheetTop(page);
    expect(sheet).toBeGreaterThan(phone.height / 3);
    // The tapped point, projected by the map as it flies, lands above the sheet; so does the selected commune's outline (orange).
    await expect.poll(async () => (await page.getByRole('tooltip').boundingBox())!.y, { timeout: 10_000 }).toBeLessThan(sheet);
    await expect
      .poll(
        async () => {
          const outline = await pixelsNear(page, '#ff6f00', 30, 2);
          return outline.length > 20 && outline.filter((p) => p.y < sheet).length / outline.length;
        },
        { timeout: 15_000 },
      )
      .toBeGreaterThan(0.95);
    expect(overlap((await page.locator('.ab-legend').boundingBox())!, (await page.getByRole('complementary').boundingBox())!)).toBe(false);
    await page.screenshot({ path: `${artifacts}phone-sheet.png` });
    await page.context().close();
  });

  it('speaks the reader’s language everywhere, the credit line included, and says “Dữ liệu mẫu” once', async () => {
    const vi = await open('/');
    await mapIdle(vi);
    expect(((await vi.locator('.ab-sample').textContent()) ?? '').split('Dữ liệu mẫu')).toHaveLength(2);
    await expect.poll(() => vi.locator('.maplibregl-ctrl-attrib').textContent()).toContain('Ranh giới');
    expect(await vi.locator('.maplibregl-ctrl-zoom-in').getAttribute('title')).toBe('Phóng to');
    await vi.getByRole('button', { name: 'Chuyển sang tiếng Anh' }).click();
    await expect.poll(() => vi.locator('.maplibregl-ctrl-attrib').textContent()).toContain('Boundaries');
    expect(await vi.locator('.maplibregl-ctrl-attrib').textContent()).not.toContain('Ranh giới');
    expect(await vi.locator('.maplibregl-ctrl-zoom-in').getAttribute('title')).toBe('Zoom in');
    expect(await vi.locator('.ab-sample').textContent()).toBe('Sample data · synthetic figures for illustration, not real records');
    await vi.context().close();
  });

  it('hatches units whose value is withheld, with the reason in the legend and beside the pointer', async () => {
    const { data } = await gql(
      '{ metricValues(metric: "peopleUnderCommunityEducation", level: COMMUNE, year: 2021, asOf: "2021-12-31") { value status unit { code } } }',
    );
    const withheld = data.metricValues.filter((v: any) => v.status === 'WITHHELD').map((v: any) => v.unit.code);
    expect(withheld.length).toBeGreaterThan(0);
    const place = (await labels('COMMUNE', '2021-12-31')).find((f) => withheld.includes(f.properties.code) && !f.properties.exemplary)!;
    const { page, beside } = await openAt(place, 12.5, '&metric=peopleUnderCommunityEducation&year=2021');
    await expect.poll(() => pixelsNear(page, '#546e7a', 12, 2).then((p) => p.length), { timeout: 20_000 }).toBeGreaterThan(30);
    expect(await page.locator('.ab-legend').textContent()).toContain('Không công bố: dưới 3 người');
    await hidePoints(page);
    const point = await beside(8);
    await page.mouse.move(point.x, point.y);
    await expect.poll(() => page.getByRole('tooltip').textContent()).toBe(`${place.properties.name}: Không công bố: dưới 3 người, để không lộ danh tính`);
    await page.screenshot({ path: `${artifacts}map-withheld.png` });
    await page.context().close();
  });

  it('colours with the metric’s fixed edges in every year, labels never overlapping, and explains how the metric is computed', async () => {
    const { data } = await gql('{ metrics { id definition definitionEn breaks(level: COMMUNE) } }');
    const metric = data.metrics.find((m: any) => m.id === 'commendations');
    const page = await open('/?metric=commendations&year=2019');
    await mapIdle(page);
    const rows = () => page.locator('.ab-legend .ab-classes').first().locator('li').allTextContents();
    await expect.poll(async () => (await rows()).length).toBeGreaterThan(2);
    const in2019 = await rows();
    const classes = in2019.filter((r) => /^\d/.test(r));
    expect(classes).toHaveLength(metric.breaks.length - 1);
    // Whole numbers, each class starting above the previous one's end.
    const bounds = classes.map((r) => r.split(' – ').map((n) => Number(n.replace(/\./g, ''))));
    for (let i = 1; i < bounds.length; i++) expect(bounds[i][0]).toBeGreaterThan(bounds[i - 1][bounds[i - 1].length - 1]);
    await page.getByLabel('Năm', { exact: true }).selectOption('2023');
    await expect.poll(() => page.url()).toContain('year=2023');
    expect(await rows()).toEqual(in2019);
    await page.getByText('Cách tính').click();
    await expect.poll(() => page.locator('.ab-definition p').textContent()).toBe(metric.definition);
    await page.getByRole('checkbox', { name: 'Phân lớp theo phân vị của năm này' }).check();
    await expect.poll(() => page.url()).toContain('classes=quantile');
    await page.getByRole('button', { name: 'Chuyển sang tiếng Anh' }).click();
    await expect.poll(() => page.locator('.ab-definition summary').textContent()).toBe('How it is computed');
    expect(await page.locator('.ab-definition p').textContent()).toBe(metric.definitionEn);
    await page.context().close();
  });

  it('fills districts with level=district; clicking one zooms to it and lists its communes', async () => {
    const district = (await labels('DISTRICT', '2021-12-31'))[0];
    const { data } = await gql(`{ metricValues(metric: "selfManagementModels", level: COMMUNE, year: 2021, asOf: "2021-12-31") { unit { parent { code } } } }`);
    const communeCount = data.metricValues.filter((v: any) => v.unit.parent?.code === district.properties.code).length;
    const { page, beside } = await openAt(district, 10, '&year=2021&level=district');
    expect(await page.getByLabel('Cấp hiển thị', { exact: true }).inputValue()).toBe('district');
    await hidePoints(page);
    const point = await beside(30);
    await page.mouse.move(point.x, point.y);
    await expect.poll(() => page.getByRole('tooltip').textContent()).toMatch(new RegExp(`^${district.properties.name}: \\d+ mô hình$`));
    await page.mouse.click(point.x, point.y);
    await expect.poll(() => page.url()).toContain(`place=${district.properties.code}`);
    await expect.poll(() => page.url()).toMatch(/at=[\d.]+,[\d.]+,10\.30/);
    const list = page.getByRole('navigation', { name: `Các xã, phường của ${district.properties.name}` });
    await expect.poll(() => list.getByRole('button').count()).toBe(communeCount);
    await page.screenshot({ path: `${artifacts}map-district.png` });
    await list.getByRole('button').first().click();
    await expect.poll(() => page.url()).not.toContain('level=district');
    await page.context().close();
  });

  it('shows the change since an earlier year on the chosen map in a diverging palette, and plays through the years', async () => {
    const desktop = { width: 1024, height: 700 };
    const page = await open('/?metric=selfManagementModels&year=2025&since=2019', desktop);
    await mapIdle(page);
    // PuOr at the fill's 0.9 opacity over the background: falls in orange, rises in purple.
    const blend = (hex: string) =>
      `#${[1, 3, 5]
        .map((i, j) =>
          Math.round(0.9 * parseInt(hex.slice(i, i + 2), 16) + 0.1 * [0xe8, 0xee, 0xf2][j])
            .toString(16)
            .padStart(2, '0'),
        )
        .join('')}`;
    const puOr = ['#b35806', '#f1a340', '#fee0b6', '#f7f7f7', '#d8daeb', '#998ec3', '#542788'];
    await expect
      .poll(
        async () => {
          const found = await Promise.all(puOr.map((c) => pixelsNear(page, blend(c), 15, 3).then((p) => p.length)));
          return found.filter((n) => n > 100).length;
        },
        { timeout: 30_000 },
      )
      .toBeGreaterThanOrEqual(2);
    expect(await page.locator('.ab-legend h2').textContent()).toContain('so với 2019');
    expect((await page.locator('.ab-legend .ab-classes').first().textContent()) ?? '').toMatch(/\+\d/);
    await page.screenshot({ path: `${artifacts}map-change.png` });
    await page.locator('.ab-timeline select').nth(1).selectOption('ratio');
    await expect.poll(() => page.url()).toContain('change=ratio');
    await expect.poll(() => page.locator('.ab-legend .ab-classes').first().textContent()).toContain('×');
    // The time slider and the legend (its title included) never cover each other.
    expect(overlap((await page.locator('.ab-legend').boundingBox())!, (await page.locator('.ab-timeline').boundingBox())!)).toBe(false);
    await page.context().close();

    // With a place's panel beside it, the map is narrower and the slider wraps: still apart.
    const slider = await open('/?metric=selfManagementModels&year=2019&since=2024&place=12442', desktop);
    await mapIdle(slider);
    await expect.poll(() => textOf(slider.getByRole('complementary').getByRole('heading', { level: 2 }))).toBe('Phường Kỳ Bá');
    expect(overlap((await slider.locator('.ab-legend').boundingBox())!, (await slider.locator('.ab-timeline').boundingBox())!)).toBe(false);
    await slider.screenshot({ path: `${artifacts}map-slider-legend.png` });
    await slider.getByRole('button', { name: 'Chạy qua các năm' }).click();
    await expect.poll(() => slider.url(), { timeout: 10_000 }).toContain('year=2021');
    await slider.getByRole('button', { name: 'Dừng' }).click();
    const stopped = slider.url();
    await slider.waitForTimeout(2_000);
    expect(slider.url()).toBe(stopped);
    expect(await slider.getByRole('slider').inputValue()).toBe(new URL(stopped).searchParams.get('year'));
    await slider.context().close();
  });

  /** A model of 2021 with patrol routes (and camera sites, when one has both): its routes and its count of sites. */
  async function patrolledModels(): Promise<any[]> {
    const routes = await gql('{ patrolRoutes(first: 100, filter: { from: "2021-01-01", to: "2021-12-31" }) { nodes { model { id } } } }');
    const ids = [...new Set<string>(routes.data.patrolRoutes.nodes.flatMap((r: any) => (r.model ? [r.model.id] : [])))].slice(0, 12);
    expect(ids.length).toBeGreaterThan(0);
    const models = [];
    for (const id of ids) {
      const { data } = await gql(`{ node(id: "${id}") { ... on SecurityModel { id name cameraSites(first: 0) { totalCount }
        patrolRoutes(first: 20) { totalCount nodes { name lengthKm location(precision: 6) } } } } }`);
      models.push(data.node);
    }
    // Those with camera sites first, so a panel lists both kinds.
    return models.sort((a: any, b: any) => Number(b.cameraSites.totalCount > 0) - Number(a.cameraSites.totalCount > 0));
  }
  const routeColour = '#c51b7d';

  it('lists the hub’s line layers in the legend, off by default: on, the year’s patrol routes are drawn, named beside the pointer, and a route opens its model', async () => {
    const [model] = await patrolledModels();
    const route = model.patrolRoutes.nodes[0];
    const line: [number, number][] = route.location.type === 'LineString' ? route.location.coordinates : route.location.coordinates[0];
    const middle = line[Math.floor(line.length / 2)];
    const { page, beside } = await openAt({ properties: { code: '', name: '', exemplary: false }, geometry: { coordinates: middle } }, 15, '&year=2021');
    await hidePoints(page);
    const toggle = page.getByRole('checkbox', { name: 'Tuyến tuần tra', exact: true });
    expect(await toggle.isChecked()).toBe(false);
    expect(await pixelsNear(page, routeColour, 24, 2)).toHaveLength(0);
    await toggle.check();
    await expect.poll(async () => (await pixelsNear(page, routeColour, 24, 2)).length, { timeout: 20_000 }).toBeGreaterThan(50);
    await page.screenshot({ path: `${artifacts}map-patrols.png` });
    const at = await beside(0);
    await page.mouse.move(at.x, at.y);
    const length = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 }).format(route.lengthKm);
    await expect.poll(() => textOf(page.getByRole('tooltip'))).toContain(route.name);
    expect(await textOf(page.getByRole('tooltip'))).toContain(`${length} km`);
    await page.mouse.click(at.x, at.y);
    await expect.poll(() => heading(page)).toBe(model.name);
    expect(await textOf(page.getByRole('complementary'))).toContain(route.name);
    // In English, the layer has its English name.
    await page.getByRole('button', { name: 'Chuyển sang tiếng Anh' }).click();
    expect(await page.getByRole('checkbox', { name: 'Patrol routes', exact: true }).isChecked()).toBe(true);
    await page.context().close();
  });

  it('opens a model’s panel from its point, listing the records naming it: its camera sites and its patrol routes with their lengths', async () => {
    // The province's models are few enough to load whole: the map draws the GeoJSON export, each feature by its global id.
    const tileJson = (await (await fetch(`${hub.url}/tiles/models.json?from=2021-01-01&to=2021-12-31`)).json()) as { geojson: string };
    const features = (
      (await (await fetch(tileJson.geojson)).json()) as { features: { id: string; geometry: { type: string; coordinates: [number, number] } | null }[] }
    ).features;
    const [model, drawn] = (await patrolledModels())
      .map((m) => [m, features.find((f) => f.id === m.id && f.geometry?.type === 'Point')] as const)
      .find(([, f]) => f)!;
    const { page, beside } = await openAt({ properties: { code: '', name: '', exemplary: false }, geometry: drawn!.geometry! }, 15, '&year=2021');
    const point = await beside(0);
    // Its point drawn (the GeoJSON arrives after the map's first idle): the models' green under the pointer.
    const near = async () => (await pixelsNear(page, '#238b45', 24)).filter((p) => Math.hypot(p.x - point.x, p.y - point.y) < 3).length;
    await expect.poll(near, { timeout: 20_000 }).toBeGreaterThan(0);
    await page.mouse.click(point.x, point.y);
    const panel = page.getByRole('complementary');
    await expect.poll(() => textOf(panel.getByRole('heading', { level: 2 })), { timeout: 10_000 }).toBe(model.name);
    const routes = panel.getByRole('region', { name: /^Tuyến tuần tra/ });
    await expect.poll(() => textOf(routes.getByRole('heading'))).toBe(`Tuyến tuần tra (${model.patrolRoutes.totalCount})`);
    const items = await routes.getByRole('listitem').allTextContents();
    for (const r of model.patrolRoutes.nodes)
      expect(items).toContain(`${r.name} · ${new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 }).format(r.lengthKm)} km`);
    expect(await textOf(panel.getByRole('region', { name: /^Điểm camera giám sát/ }).getByRole('heading'))).toBe(
      `Điểm camera giám sát (${model.cameraSites.totalCount})`,
    );
    await page.screenshot({ path: `${artifacts}map-model-panel.png` });
    await page.keyboard.press('Escape');
    await expect.poll(() => panel.count()).toBe(0);
    await page.context().close();
  });

  it('offers the metrics record types declare: patrolKm from the menu colours the map by it, and its link survives a reload', async () => {
    const { data } = await gql('{ metrics { id label definition breaks(level: COMMUNE) } }');
    const patrolKm = data.metrics.find((m: any) => m.id === 'patrolKm');
    const page = await open('/?year=2021');
    await mapIdle(page);
    const byClass = async () => (await classFills(page)).length;
    await expect.poll(byClass, { timeout: 20_000 }).toBeGreaterThan(1000);
    const colours = async () =>
      page.evaluate(() => {
        const canvas = document.querySelector<HTMLCanvasElement>('.maplibregl-canvas')!;
        const copy = Object.assign(document.createElement('canvas'), { width: canvas.width, height: canvas.height });
        copy.getContext('2d')!.drawImage(canvas, 0, 0);
        const pixels = copy.getContext('2d')!.getImageData(0, 0, copy.width, copy.height).data;
        let sum = 0;
        for (let p = 0; p < pixels.length; p += 64) sum = (sum * 31 + pixels[p] + pixels[p + 1] * 7 + pixels[p + 2] * 13) % 1_000_000_007;
        return sum;
      });
    const before = await colours();
    await page.getByLabel('Chỉ tiêu', { exact: true }).selectOption({ label: patrolKm.label });
    await expect.poll(() => page.url()).toContain('metric=patrolKm');
    await expect.poll(() => textOf(page.locator('#ab-legend-title'))).toContain(patrolKm.label);
    const rows = () => page.locator('.ab-legend .ab-classes').first().locator('li').allTextContents();
    await expect.poll(async () => (await rows()).filter((r) => /^\d/.test(r)).length).toBe(patrolKm.breaks.length - 1);
    await expect.poll(colours, { timeout: 20_000 }).not.toBe(before);
    await page.getByText('Cách tính').click();
    await expect.poll(() => page.locator('.ab-definition p').textContent()).toBe(patrolKm.definition);
    await page.reload();
    await mapIdle(page);
    await expect.poll(() => page.getByLabel('Chỉ tiêu', { exact: true }).inputValue()).toBe('patrolKm');
    await expect.poll(() => textOf(page.locator('#ab-legend-title'))).toContain(patrolKm.label);
    expect(page.url()).toContain('metric=patrolKm');
    await page.context().close();
  });

  it('asked nothing of any other host, on any page of the tests above', () => {
    expect(requested.length).toBeGreaterThan(50);
    expect(foreign(requested, hub.url)).toEqual([]);
  });
});
