/** What the arguments that recur across the API mean, said once. */
export const argDocs = {
  first: 'How many items from the start (or after `after`), at most 100.',
  after: 'A cursor from a previous page: continue after it.',
  last: 'How many items from the end (or before `before`), at most 100.',
  before: 'A cursor from a previous page: continue backwards before it.',
  from: 'First day of the period (inclusive), YYYY-MM-DD.',
  to: 'Last day of the period (inclusive), YYYY-MM-DD.',
  year: 'A calendar year, instead of from/to.',
  asOf: 'The map to read: the division (and unit versions) in force on this date.',
  unitCode: 'GSO code of a unit at any level (default: the province); read along lineage.',
  filter: 'Which records to list; every condition must hold.',
  level: 'Province, district or commune.',
  search: 'Words of the name, folding case and diacritics (đ→d); also matches former names.',
  code: 'GSO code (mã ĐVHC) of the unit.',
  id: 'A global id from an object’s id field.',
  groupBy: 'What to group by; several keys give one row per combination.',
} as const;
