import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { programAvailable, testDatabaseConfig } from '@anbinh/db/testing';
import { loadConfig, startHub, type Hub } from '@anbinh/server';
import { browserAvailable, buildWeb, launchBrowser, mapIdle } from './browser';

/** Screenshots and the printed PDF, for people to look at; git-ignored. README_IMAGES=1 also refreshes the README's images. */
const artifacts = fileURLToPath(new URL('../artifacts/', import.meta.url));
const readmeImages = fileURLToPath(new URL('../../docs/images/', import.meta.url));
function keep(file: string) {
  if (process.env.README_IMAGES === '1') copyFileSync(`${artifacts}${file}`, `${readmeImages}${file}`);
}

/** A screenshot at half its size (the README's images stay small), drawn by the page itself. */
async function halfSize(page: Page, png: Buffer): Promise<Buffer> {
  const data = await page.evaluate(async (base64) => {
    const image = new Image();
    image.src = `data:image/png;base64,${base64}`;
    await image.decode();
    const canvas = Object.assign(document.createElement('canvas'), { width: image.width / 2, height: image.height / 2 });
    const context = canvas.getContext('2d')!;
    context.imageSmoothingQuality = 'high';
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    return canvas.toDataURL('image/png').split(',')[1];
  }, png.toString('base64'));
  return Buffer.from(data, 'base64');
}

const figures = [
  'selfManagementModels',
  'crimeReportMailboxes',
  'valuableTips',
  'incidentsUncovered',
  'peopleUnderCommunityEducation',
  'peopleProgressed',
] as const;
type Figures = Record<(typeof figures)[number] | 'commendations', number | null>;

/** One line of RFC 4180 CSV (no line breaks inside cells). */
function csvCells(line: string): string[] {
  const cells = [''];
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted && ch === '"' && line[i + 1] === '"') {
      cells[cells.length - 1] += '"';
      i++;
    } else if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) cells.push('');
    else cells[cells.length - 1] += ch;
  }
  return cells;
}

/** Vietnamese digits as numbers: "1.234" → 1234, "—" → null. */
const vietnameseNumber = (text: string) => (text.trim() === '—' ? null : Number(text.trim().replace(/\./g, '').replace(',', '.')));

/** poppler's pdfinfo and pdftotext read the printed page back. */
const popplerAvailable = programAvailable(
  'pdftotext',
  ['-v'],
  'PDF_TESTS',
  'poppler’s pdftotext not found (Debian: apt-get install poppler-utils): the printed-briefing test is skipped.',
);

describe.skipIf(!browserAvailable)('the printable briefing in Chromium', () => {
  let hub: Hub;
  let browser: Browser;
  let web: Awaited<ReturnType<typeof buildWeb>>;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    web = await buildWeb();
    hub = await startHub({ ...loadConfig({}), port: 0, webDir: web.dir, database: testDatabaseConfig(4) }, () => undefined);
    await hub.ready;
    browser = await launchBrowser();
    mkdirSync(artifacts, { recursive: true });
    mkdirSync(readmeImages, { recursive: true });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await hub?.stop();
    web?.remove();
  });

  // Any error the page logs or throws fails the test it happened in.
  afterEach(() => {
    const errors = consoleErrors.splice(0);
    expect(errors).toEqual([]);
  });

  async function open(path: string, viewport = { width: 1280, height: 800 }): Promise<Page> {
    const context = await browser.newContext({ viewport, acceptDownloads: true });
    const page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(e.message));
    await page.goto(`${hub.url}${path}`);
    return page;
  }

  async function graphql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const res = await fetch(`${hub.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data: T; errors?: unknown[] };
    expect(body.errors).toBeUndefined();
    return body.data;
  }

  /** The movement's figures as the API gives them, for a unit (null: the province) on the map of `asOf`. */
  async function report(unitCode: string | null, year: number, asOf: string): Promise<Figures> {
    const data = await graphql<{ report: Figures; commendations: { totalCount: number } }>(
      `query ($unitCode: String, $year: Int!, $asOf: Date!, $from: Date!, $to: Date!) {
      report(unitCode: $unitCode, year: $year, asOf: $asOf) { ${figures.join(' ')} }
      commendations(filter: { unitCode: $unitCode, asOf: $asOf, from: $from, to: $to }, first: 0) { totalCount }
    }`,
      { unitCode, year, asOf, from: `${year}-01-01`, to: `${year}-12-31` },
    );
    return { ...data.report, commendations: data.commendations.totalCount };
  }

  /** The band's figures and changes as shown. */
  async function band(page: Page): Promise<Record<string, { value: number | null; change: string }>> {
    await page.locator('.ab-headline [data-figure="commendations"]').waitFor();
    const shown = await page.locator('.ab-headline [data-figure]').evaluateAll((items) =>
      items.map((el) => ({
        key: el.getAttribute('data-figure')!,
        value: el.querySelector('strong')!.textContent,
        change: el.querySelector('dd span')?.textContent ?? '',
      })),
    );
    return Object.fromEntries(shown.map((s) => [s.key, { value: vietnameseNumber(s.value), change: s.change }]));
  }

  const changeOf = (now: number | null, before: number | null) =>
    now === null || before === null ? '' : `${now > before ? '▲' : now < before ? '▼' : '='} ${new Intl.NumberFormat('vi-VN').format(Math.abs(now - before))}`;

  it('shows the province’s headline figures for the year, equal to the report query, with their changes; a chosen place’s likewise', async () => {
    const page = await open('/?metric=commendations&year=2021');
    await mapIdle(page);
    const [now, before] = await Promise.all([report(null, 2021, '2021-12-31'), report(null, 2020, '2021-12-31')]);
    const shown = await band(page);
    expect(Object.keys(shown)).toEqual([...figures, 'commendations']);
    for (const key of Object.keys(shown) as (keyof Figures)[]) {
      expect(shown[key].value, key).toBe(now[key]);
      expect(shown[key].change, key).toBe(changeOf(now[key], before[key]));
    }
    expect(now.valuableTips).toBeGreaterThan(0); // the sample has figures to compare
    expect(await page.locator('#ab-headline-title').textContent()).toContain('Toàn tỉnh');
    writeFileSync(`${artifacts}briefing.png`, await halfSize(page, await page.screenshot({ path: `${artifacts}briefing-full.png` })));
    keep('briefing.png');

    // Kỳ Bá on the 2020–2024 map: the band follows the place.
    await page.goto(`${hub.url}/?metric=commendations&year=2022&place=12442`);
    await expect.poll(() => page.locator('#ab-headline-title').textContent()).toContain('Phường Kỳ Bá');
    const [place, placeBefore] = await Promise.all([report('12442', 2022, '2022-12-31'), report('12442', 2021, '2022-12-31')]);
    await expect.poll(async () => (await band(page)).valuableTips?.value).toBe(place.valuableTips);
    const placeShown = await band(page);
    for (const key of Object.keys(placeShown) as (keyof Figures)[]) {
      expect(placeShown[key].value, key).toBe(place[key]);
      expect(placeShown[key].change, key).toBe(changeOf(place[key], placeBefore[key]));
    }
    await page.context().close();
  });

  it('closes the panel with Escape and gives focus back to where it came from (the search box, a table row)', async () => {
    const page = await open('/');
    await mapIdle(page);
    const search = page.locator('input[type=search]');
    await search.fill('ky ba');
    await page.getByRole('option', { name: /Phường Kỳ Bá/ }).waitFor();
    await search.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Phường Kỳ Bá');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('complementary').count()).toBe(0);
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type)).toBe('search');
    expect(page.url()).not.toContain('place=');

    await page.getByRole('button', { name: 'Xem bảng' }).click();
    const row = page.getByRole('table', { name: /Bảng số liệu/ }).getByRole('button', { name: 'Phường Kỳ Bá' });
    await row.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Phường Kỳ Bá');
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H2');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('complementary').count()).toBe(0);
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest('table')?.caption?.textContent ?? null)).toMatch(/Bảng số liệu/);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Phường Kỳ Bá');
    await page.context().close();
  });

  it('takes the hidden map out of the tab order while the table is shown', async () => {
    const page = await open('/');
    await mapIdle(page);
    const stopsOnMap = async () => {
      await page.locator('body').focus();
      let onMap = 0;
      for (let i = 0; i < 40; i++) {
        await page.keyboard.press('Tab');
        if (await page.evaluate(() => Boolean(document.activeElement?.closest('.ab-map, .ab-legend')))) onMap++;
      }
      return onMap;
    };
    expect(await stopsOnMap()).toBeGreaterThan(0); // the map and its legend are reachable when shown…
    await page.getByRole('button', { name: 'Xem bảng' }).click();
    await page.getByRole('table', { name: /Bảng số liệu/ }).waitFor();
    expect(await stopsOnMap()).toBe(0); // …and not while the table covers them
    // Inert: nothing in it takes focus, even when asked to (screen readers skip it too).
    expect(
      await page.evaluate(() => {
        document.querySelector<HTMLElement>('.maplibregl-canvas')!.focus();
        return document.activeElement?.className ?? '';
      }),
    ).not.toContain('maplibregl-canvas');
    await page.getByRole('button', { name: 'Xem bản đồ' }).click();
    expect(await stopsOnMap()).toBeGreaterThan(0); // back again with the map
    await page.context().close();
  });

  it('ranks the communes with last year’s value, the change and the district, under district subtotals that list their communes', async () => {
    const page = await open('/?metric=valuableTips&year=2021');
    await page.getByRole('button', { name: 'Xem bảng' }).click();
    const places = page.getByRole('table', { name: /Bảng số liệu/ });
    await places.waitFor();
    expect(await places.getByRole('columnheader').allTextContents()).toEqual(['Hạng ↕', 'Địa phương ↕', 'Huyện ↕', 'Giá trị ▼', 'năm 2020 ↕', 'Thay đổi ↕']);
    const values = (year: number, level: string) =>
      graphql<{ metricValues: { value: number | null; unit: { code: string; name: string } }[] }>(
        `query ($year: Int!) { metricValues(metric: "valuableTips", level: ${level}, year: $year, asOf: "2021-12-31") { value unit { code name } } }`,
        { year },
      );
    const [now, before, districts] = await Promise.all([values(2021, 'COMMUNE'), values(2020, 'COMMUNE'), values(2021, 'DISTRICT')]);
    const kyBa = (list: typeof now) => list.metricValues.find((v) => v.unit.code === '12442')!.value!;
    const higher = now.metricValues.filter((v) => v.value !== null && v.value > kyBa(now)).length;
    await expect
      .poll(
        async () =>
          (
            await places
              .getByRole('row', { name: /Phường Kỳ Bá/ })
              .getByRole('cell')
              .allTextContents()
          )[3],
      )
      .not.toBe('—');
    const cells = await places
      .getByRole('row', { name: /Phường Kỳ Bá/ })
      .getByRole('cell')
      .allTextContents();
    expect(cells.map((c, i) => (i === 1 ? c : i === 4 ? c : vietnameseNumber(c)))).toEqual([
      higher + 1,
      'Thành phố Thái Bình',
      kyBa(now),
      kyBa(before),
      changeOf(kyBa(now), kyBa(before)),
    ]);

    const subtotals = page.getByRole('table', { name: /Theo huyện/ });
    expect(await subtotals.getByRole('row').count()).toBe(districts.metricValues.length + 1);
    const quynhPhu = districts.metricValues.find((d) => d.unit.name === 'Huyện Quỳnh Phụ')!;
    expect(
      vietnameseNumber(
        (
          await subtotals
            .getByRole('row', { name: /Huyện Quỳnh Phụ/ })
            .getByRole('cell')
            .allTextContents()
        )[0],
      ),
    ).toBe(quynhPhu.value);
    await subtotals.getByRole('button', { name: 'Huyện Quỳnh Phụ' }).click();
    const listed = await places.locator('tbody tr td:nth-child(3)').allTextContents();
    expect(listed.length).toBeGreaterThan(10);
    expect(new Set(listed)).toEqual(new Set(['Huyện Quỳnh Phụ']));
    // The district's figure is the sum of its communes' (a count).
    const shownSum = (await places.locator('tbody tr td:nth-child(4)').allTextContents()).reduce((s, c) => s + (vietnameseNumber(c) ?? 0), 0);
    expect(shownSum).toBe(quynhPhu.value);
    await page.screenshot({ path: `${artifacts}briefing-table.png` });
    await page.context().close();
  });

  it('downloads a CSV with year, unit code, name, district, the value as shown and a note for withheld cells', async () => {
    const page = await open('/?metric=rehabilitationSuccessRate&year=2021');
    await page.getByRole('button', { name: 'Tải bảng (CSV)' }).waitFor();
    await expect.poll(() => page.getByRole('button', { name: 'Tải bảng (CSV)' }).isEnabled()).toBe(true);
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Tải bảng (CSV)' }).click()]);
    const bytes = readFileSync(await csv.path());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).trimEnd().split('\r\n').map(csvCells);
    expect(lines[0]).toEqual(['Năm', 'Mã đơn vị', 'Địa phương', 'Huyện', 'Tỷ lệ cảm hóa, giáo dục thành công (%)', 'Ghi chú']);
    const api = await graphql<{ metricValues: { value: number | null; unit: { code: string } }[] }>(
      '{ metricValues(metric: "rehabilitationSuccessRate", level: COMMUNE, year: 2021, asOf: "2021-12-31") { value unit { code } } }',
    );
    expect(lines.length - 1).toBe(api.metricValues.length);
    const byCode = new Map(lines.slice(1).map((l) => [l[1], l]));
    for (const v of api.metricValues) {
      const line = byCode.get(v.unit.code)!;
      expect(line[0]).toBe('2021');
      if (v.value === null) {
        expect(line[4]).toBe('');
        expect(line[5]).toMatch(/^Không (công bố|tính được)/);
      } else {
        expect(line[4]).toBe(String(Math.round(v.value * 1000) / 10)); // as the table shows it, not 0.6666666666666666
        expect(line[5]).toBe('');
      }
    }
    expect(api.metricValues.some((v) => v.value === null)).toBe(true); // the sample has withheld cells to note
    expect(byCode.get('12442')!.slice(2, 4)).toEqual(['Phường Kỳ Bá', 'Thành phố Thái Bình']);
    await page.context().close();
  });

  it('downloads a PNG with the title above the map, a legend and a scale bar on it', async () => {
    const page = await open('/?metric=valuableTips&year=2021');
    await mapIdle(page);
    const [png] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Tải ảnh bản đồ (PNG)' }).click()]);
    const bytes = readFileSync(await png.path());
    expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const canvas = await page.evaluate(() => {
      const c = document.querySelector<HTMLCanvasElement>('.maplibregl-canvas')!;
      return { width: c.width, height: c.height };
    });
    expect([bytes.readUInt32BE(16), bytes.readUInt32BE(20)]).toEqual([canvas.width, canvas.height + 52 + 26]);
    // Dark (text) pixels where the title, the legend and the scale bar are drawn.
    const dark = await page.evaluate(async (data) => {
      const image = new Image();
      image.src = `data:image/png;base64,${data}`;
      await image.decode();
      const c = Object.assign(document.createElement('canvas'), { width: image.width, height: image.height });
      const context = c.getContext('2d')!;
      context.drawImage(image, 0, 0);
      const count = (x: number, y: number, w: number, h: number) => {
        const p = context.getImageData(x, y, w, h).data;
        let n = 0;
        for (let i = 0; i < p.length; i += 4) if (p[i] + p[i + 1] + p[i + 2] < 150) n++;
        return n;
      };
      return {
        title: count(0, 0, 600, 52),
        legend: count(0, image.height - 26 - 160, 260, 160),
        scale: count(image.width - 160, image.height - 26 - 40, 160, 40),
        north: count(image.width - 50, 52, 50, 50),
      };
    }, bytes.toString('base64'));
    expect(dark.title).toBeGreaterThan(300);
    expect(dark.legend).toBeGreaterThan(300);
    expect(dark.scale).toBeGreaterThan(100);
    expect(dark.north).toBeGreaterThan(50);
    writeFileSync(`${artifacts}briefing-map.png`, bytes);
    await page.context().close();
  });

  it.skipIf(!popplerAvailable)(
    'prints one or two A4 pages with the map, the headline figures and their changes, the top and bottom five, the source and the sample notice',
    async () => {
      const page = await open('/?metric=valuableTips&year=2021');
      await mapIdle(page);
      await page.locator('.ab-headline [data-figure="commendations"]').waitFor();
      // The button draws the map for print and then opens the browser's print dialog; here the PDF stands in for the printer.
      await page.evaluate(() => {
        window.print = () => {
          document.body.dataset.printed = 'yes';
        };
      });
      await page.getByRole('button', { name: 'In báo cáo' }).click();
      await expect.poll(() => page.evaluate(() => document.body.dataset.printed)).toBe('yes');
      expect(await page.evaluate(() => document.querySelector<HTMLImageElement>('.ab-print img')!.naturalWidth)).toBeGreaterThan(500);
      const pdf = `${artifacts}briefing.pdf`;
      await page.pdf({ path: pdf, format: 'A4', printBackground: true });
      const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1]);
      expect(pages).toBeGreaterThanOrEqual(1);
      expect(pages).toBeLessThanOrEqual(2);
      expect(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' })).toMatch(/Page size:.* pts \(A4\)/);
      const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
      const [now, before] = await Promise.all([report(null, 2021, '2021-12-31'), report(null, 2020, '2021-12-31')]);
      const format = new Intl.NumberFormat('vi-VN');
      for (const [label, key] of [
        ['Nguồn tin có giá trị', 'valuableTips'],
        ['Vụ việc phát hiện', 'incidentsUncovered'],
        ['Mô hình tự quản', 'selfManagementModels'],
        ['Khen thưởng', 'commendations'],
      ] as const) {
        expect(text).toContain(`${label} ${format.format(now[key]!)} ${changeOf(now[key], before[key])}`);
      }
      for (const phrase of ['An Bình · Nguồn tin có giá trị · 2021', '5 địa phương cao nhất', '5 địa phương thấp nhất', 'Nguồn: An Bình', 'Dữ liệu mẫu'])
        expect(text).toContain(phrase);
      expect(text).not.toContain('Xem bảng'); // the screen's controls are not printed
      execFileSync('pdftoppm', ['-png', '-r', '40', '-f', '1', '-l', '1', '-singlefile', pdf, `${artifacts}briefing-print`]);
      keep('briefing-print.png');
      await page.context().close();
    },
  );
});
