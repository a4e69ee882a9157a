import { beforeAll, describe, expect, it } from 'vitest';
import type { TestData } from '@anbinh/db/testing';
import { Role } from '@anbinh/shared';
import { useRunningHub } from '../testing';

// Aggregates' whole answers are kept until a record changes (derived-responses.ts): these tests
// show that a kept answer never outlives a write, here or through another server, nor crosses rights.
// A commune of the file's own, with no mailbox yet, so the counts below start from nothing.
let commune: Awaited<ReturnType<TestData['newCommune']>>;
const running = useRunningHub({}, async (data) => {
  commune = await data.newCommune({ name: 'Xã Hộp Thư' });
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
const mailboxes = () =>
  valueOf(`{ metricValues(metric: "crimeReportMailboxes", level: COMMUNE, year: 2024, unitCode: "${commune.code}") { unit { code } value } }`, commune.code);

describe('kept answers of aggregates', () => {
  it('show a write on the next request, here or through another server', async () => {
    expect(await mailboxes()).toBe(0);
    expect(await mailboxes()).toBe(0); // kept, and the same

    const officer = await token(Role.OFFICER, [commune.code]);
    const made = await gql(
      `mutation { createReportMailbox(input: { location: { type: "Point", coordinates: [${commune.at[0]}, ${commune.at[1]}] }, host: MARKET, installedOn: "2024-02-01" }) { id } }`,
      {},
      officer,
    );
    expect(made).not.toHaveProperty('errors');
    expect(await mailboxes()).toBe(1);

    await data.newReportMailbox({ commune: commune.code });
    await expect.poll(mailboxes).toBe(2);
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
