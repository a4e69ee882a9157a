import { describe, expect, it } from 'vitest';
import { headlines, headlineVariables } from './headline';

const figures = {
  selfManagementModels: 10,
  crimeReportMailboxes: 5,
  valuableTips: 3,
  incidentsUncovered: 2,
  peopleUnderCommunityEducation: null,
  peopleProgressed: 4,
};

describe('the headline figures', () => {
  it('asks for the year before only when the data holds it', () => {
    expect(headlineVariables(null, '2019-12-31', 2019)).toMatchObject({ year: 2019, hasPrevious: false });
    expect(headlineVariables('12442', '2021-12-31', 2021)).toMatchObject({ year: 2021, previous: 2020, hasPrevious: true, previousFrom: '2020-01-01' });
  });

  it('gives each figure its change, and none in the first year or where a year is withheld', () => {
    const first = headlines({ current: figures, currentCommendations: { totalCount: 7 } });
    expect(first.every((h) => h.change === null)).toBe(true);
    expect(first.find((h) => h.key === 'commendations')?.value).toBe(7);
    const later = headlines({
      current: figures,
      previous: { ...figures, selfManagementModels: 12 },
      currentCommendations: { totalCount: 7 },
      previousCommendations: { totalCount: 4 },
    });
    expect(later.find((h) => h.key === 'selfManagementModels')?.change).toBe(-2);
    expect(later.find((h) => h.key === 'commendations')?.change).toBe(3);
    expect(later.find((h) => h.key === 'peopleUnderCommunityEducation')?.change).toBeNull();
  });
});
