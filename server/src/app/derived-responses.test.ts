import { beforeAll, describe, expect, it } from 'vitest';
import type { TestData } from '@anbinh/db/testing';
import { Role } from '@anbinh/shared';
import { useRunningHub } from '../testing';

// Aggregates' whole answers are kept until a record changes (derived-responses.ts): these tests
// show that a kept answer never outlives a write, here or through another server, nor crosses rights.
// A commune of the file's own, with no mailbox yet, so the counts below start from nothing.
let commune: Awaited<ReturnType<TestData['newCommune']>>;
let neighbour: Awaited<ReturnType<TestData['newCommune']>>;
const running = useRunningHub({}, async (data) => {
  commune = await data.newCommune({ name: 'Xã Hộp Thư' });
  neighbour = await data.newCommune({ name: 'Xã Láng Giềng', district: '338' });
});
const { token, gql } = running;
let data: TestData; // writes as another server would, unseen by this hub but through the change feed
beforeAll(() => {
  ({ data } = running);
});

type Value = { unit: { code: string }; value: number | null };
const valueOf = async (query: string, code: string, bearer?: string) => {
  const values: Value[] = (await gql(query, {}, bearer)).data.metricValues;
  return values.find((v) => v.unit.code === code)!.value;
};
const mailboxes = (year = 2024) =>
  valueOf(`{ metricValues(metric: "crimeReportMailboxes", level: COMMUNE, year: ${year}, unitCode: "${commune.code}") { unit { code } value } }`, commune.code);
/** Answers served from memory so far, as the hub counts them for its /metrics. */
const keptServed = async () => {
  const line = (await (await fetch(`${running.hub.url}/metrics`)).text())
    .split('\n')
    .find((l) => l.startsWith('anbinh_answer_cache_requests_total{result="hit"} '));
  return Number(line?.split(' ')[1] ?? 0);
};
const newMailbox = async (where: typeof commune, installedOn: string) => {
  const officer = await token(Role.OFFICER, [where.code]);
  const made = await gql(
    `mutation { createReportMailbox(input: { location: { type: "Point", coordinates: [${where.at[0]}, ${where.at[1]}] }, host: MARKET, installedOn: "${installedOn}" }) { id } }`,
    {},
    officer,
  );
  expect(made).not.toHaveProperty('errors');
};
/** The answer is served from memory (true) or computed (false), and says `value`. */
const served = async (read: () => Promise<number | null>, value: number) => {
  const before = await keptServed();
  expect(await read()).toBe(value);
  return (await keptServed()) > before;
};

describe('kept answers of aggregates', () => {
  it('outlive a write in another commune, or in a later period, and not one in their own', async () => {
    const in2022 = () => mailboxes(2022);
    expect(await served(in2022, 0)).toBe(false);
    expect(await served(in2022, 0)).toBe(true);

    // Another district's commune: not this answer's territory.
    await newMailbox(neighbour, '2022-03-01');
    expect(await served(in2022, 0)).toBe(true);

    // This commune, from 2023 on: after this answer's period.
    await newMailbox(commune, '2023-05-01');
    expect(await served(in2022, 0)).toBe(true);

    // This commune in 2022: it counts, so it is computed afresh.
    await newMailbox(commune, '2022-06-01');
    expect(await served(in2022, 1)).toBe(false);
    expect(await served(in2022, 1)).toBe(true);
  });

  it('show a write on the next request, here or through another server', async () => {
    const now = (await mailboxes())!; // those of the test above, still in place in 2024
    expect(await mailboxes()).toBe(now); // kept, and the same

    await newMailbox(commune, '2024-02-01');
    expect(await mailboxes()).toBe(now + 1);

    await data.newReportMailbox({ commune: commune.code });
    await expect.poll(() => mailboxes()).toBe(now + 2);
  });

  it('are kept apart for readers with different rights (the public does not see small counts of people)', async () => {
    const query = `{ metricValues(metric: "peopleUnderCommunityEducation", level: COMMUNE, year: 2021) { unit { code } value } }`;
    const admin = await token(Role.ADMIN);
    const values: Value[] = (await gql(query, {}, admin)).data.metricValues;
    const small = values.find((v) => v.value === 1 || v.value === 2)!;
    expect(small).toBeDefined();
    // The admin's answer is kept now; the public (and an analyst) must still get their own.
    expect(await valueOf(query, small.unit.code)).toBeNull();
    expect(await valueOf(query, small.unit.code, await token(Role.ANALYST))).toBeNull();
    expect(await valueOf(query, small.unit.code, admin)).toBe(small.value);
  });
});
