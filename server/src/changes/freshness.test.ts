import { describe, expect, it } from 'vitest';
import { collectReads, Freshness, Reads } from './freshness';

// What a kept value read against what a write changed: its table, its territory (atoms), its period.
describe('kept values against the changes made since', () => {
  const kept = (freshness: Freshness) => {
    let computed = 0;
    const read = () =>
      freshness.memo(
        'key',
        { tables: ['commendation'], atoms: new Set(['a1', 'a2']), period: { from: '2021-01-01', to: '2021-12-31' } },
        async () => ++computed,
      );
    return read;
  };

  it('outlive changes to other tables, elsewhere, or at other times', async () => {
    const freshness = new Freshness();
    const read = kept(freshness);
    expect(await read()).toBe(1);
    freshness.changed(['camera_site']);
    freshness.changed([{ table: 'commendation', atoms: ['b1'] }]);
    freshness.changed([{ table: 'commendation', atoms: ['a1'], days: [{ from: '2022-01-01', to: '2022-01-01' }] }]);
    freshness.changed([{ table: 'commendation', days: [{ from: '2019-01-01', to: '2020-12-31' }] }]);
    expect(await read()).toBe(1);
  });

  it.each([
    ['anywhere, at any time', { table: 'commendation' }],
    ['in its territory', { table: 'commendation', atoms: ['b1', 'a2'] }],
    ['in its period', { table: 'commendation', days: [{ from: '2021-12-31', to: '2021-12-31' }] }],
    ['by a span still open', { table: 'commendation', atoms: ['a1'], days: [{ from: '2020-05-01', to: null }] }],
  ])('are computed afresh after a change %s', async (_, change) => {
    const freshness = new Freshness();
    const read = kept(freshness);
    expect(await read()).toBe(1);
    freshness.changed([change]);
    expect(await read()).toBe(2);
    expect(await read()).toBe(2);
  });

  it('are computed afresh after a change of anything, or when the changes since are forgotten', async () => {
    const freshness = new Freshness();
    const read = kept(freshness);
    await read();
    freshness.changedAnything();
    expect(await read()).toBe(2);
    for (let i = 0; i < 10_000; i++) freshness.changed(['camera_site']);
    expect(await read()).toBe(3);
  });

  it('carry what the kept values they use read, even those used later while computing', async () => {
    const freshness = new Freshness();
    const outer = new Reads(true);
    await collectReads(outer, () =>
      freshness.memo('outer', ['report_mailbox'], async () => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        return freshness.memo('inner', { tables: ['commendation'], atoms: new Set(['a1']) }, async () => 1);
      }),
    );
    const mark = freshness.mark();
    freshness.changed([{ table: 'commendation', atoms: ['b1'] }]);
    expect(freshness.unchangedSince(mark, outer.reaches())).toBe(true);
    freshness.changed([{ table: 'commendation', atoms: ['a1'] }]);
    expect(freshness.unchangedSince(mark, outer.reaches())).toBe(false);
  });

  it("count a write here once: the change feed's report of its row is left to the write", () => {
    const freshness = new Freshness();
    const mark = freshness.mark();
    const reach = [{ tables: ['commendation'], period: { from: '2021-01-01', to: '2021-12-31' } }];
    freshness.writing('commendation:7');
    freshness.fromFeed([{ table: 'commendation', rowKey: 'commendation:7' }]); // before the write tells it, as can happen
    freshness.wrote([{ table: 'commendation', rowKey: 'commendation:7', days: [{ from: '2024-01-02', to: '2024-01-02' }] }]);
    expect(freshness.unchangedSince(mark, reach)).toBe(true);
    // Another server's write to the same row is counted.
    freshness.fromFeed([{ table: 'commendation', rowKey: 'commendation:7' }]);
    expect(freshness.unchangedSince(mark, reach)).toBe(false);
  });

  it("count a failed write, and then another server's report of the same row", () => {
    const freshness = new Freshness();
    freshness.writing('commendation:8');
    freshness.failed([{ table: 'commendation', rowKey: 'commendation:8', days: [{ from: '2024-01-02', to: '2024-01-02' }] }]);
    const mark = freshness.mark();
    freshness.fromFeed([{ table: 'commendation', rowKey: 'commendation:8' }]);
    expect(freshness.unchangedSince(mark, [{ tables: ['commendation'] }])).toBe(false);
  });
});
