import { describe, expect, it } from 'vitest';
import { runSql } from '@anbinh/db';
import { Role } from '@anbinh/shared';
import { useTestHub, viewerAs } from '../testing';

const hub = useTestHub();
const as = viewerAs;
const officer = as(Role.OFFICER, ['12442']);
const kyBa = [106.345426, 20.445976];
const record = `mutation ($input: RecordCameraSiteInput!) { recordCameraSite(input: $input) { id name cameraCount installedOn location unit { code name } } }`;
const input = (over: Record<string, unknown> = {}) => ({
  input: { location: { type: 'Point', coordinates: kyBa }, name: 'Camera ngã tư tổ dân phố 5', cameraCount: 2, installedOn: '2021-03-01', ...over },
});
const count = async () => (await runSql(hub.orm.em.getKnex(), 'select count(*)::int as n from camera_site')).rows[0].n;

describe('recordCameraSite', () => {
  it('files a point under the commune that holds it, on the install date', async () => {
    const result = await hub.query(record, input(), officer);
    expect(result.errors).toBeUndefined();
    expect((result.data as any).recordCameraSite).toMatchObject({
      unit: { code: '12442', name: 'Phường Kỳ Bá' },
      cameraCount: 2,
      location: { type: 'Point', coordinates: kyBa },
    });
  });

  it.each([
    [{ location: { type: 'Point', coordinates: [kyBa[1], kyBa[0]] } }, /looks like \[latitude, longitude\].*send \[106.345426, 20.445976\]/],
    [{ location: { type: 'Point', coordinates: [2.35, 48.85] } }, /outside Vietnam/],
    [{ location: { type: 'Point', coordinates: [105.85, 21.03] } }, /outside the province's communes/],
    [{ location: { type: 'Point', coordinates: [106.3] } }, /location/],
    [{ location: { type: 'Point', coordinates: [200, 20] } }, /location/],
    [{ location: { type: 'LineString', coordinates: [kyBa, [106.35, 20.45]] } }, /must be a GeoJSON Point/],
    [{ unitCode: '12778' }, /lies in Phường Kỳ Bá, not in Xã Hồng/],
    [{ installedOn: '2099-01-01' }, /in the future/],
    [{ name: '' }, /name is empty/],
    [{ cameraCount: 0 }, /cameraCount must be/],
  ])('refuses %j with a sentence, writing nothing', async (over, message) => {
    const before = await count();
    const result = await hub.query(record, input(over), officer);
    expect(result.errors?.[0].message).toMatch(message);
    expect(await count()).toBe(before);
  });

  it('refuses an officer of another commune, and anyone who does not record', async () => {
    const before = await count();
    expect((await hub.query(record, input(), as(Role.OFFICER, ['12778']))).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await hub.query(record, input(), as(Role.ANALYST))).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await hub.query(record, input())).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(await count()).toBe(before);
  });
});
