/** A division of the province: the set of units in force between two reorganisations. */
export interface Division {
  id: 'D2008' | 'D2020' | 'D2024' | 'D2025';
  validFrom: string;
  validTo: string | null;
  unitCount: number;
  label: { vi: string; en: string };
}

/**
 * The four divisions the hub knows. The 286-unit division is older than the
 * data; 2008-01-01 is where the hub's geography starts.
 */
export const divisions: readonly Division[] = [
  {
    id: 'D2008',
    validFrom: '2008-01-01',
    validTo: '2020-03-01',
    unitCount: 286,
    label: { vi: '2008–2020 (286 xã, phường, thị trấn)', en: '2008–2020 (286 communes)' },
  },
  {
    id: 'D2020',
    validFrom: '2020-03-01',
    validTo: '2024-11-01',
    unitCount: 260,
    label: { vi: '2020–2024 (260 xã, phường, thị trấn)', en: '2020–2024 (260 communes)' },
  },
  {
    id: 'D2024',
    validFrom: '2024-11-01',
    validTo: '2025-07-01',
    unitCount: 242,
    label: { vi: '2024–2025 (242 xã, phường, thị trấn)', en: '2024–2025 (242 communes)' },
  },
  {
    id: 'D2025',
    validFrom: '2025-07-01',
    validTo: null,
    unitCount: 66,
    label: { vi: 'Từ 07/2025 (66 xã, phường thuộc tỉnh Hưng Yên)', en: 'Since 07/2025 (66 communes of Hưng Yên)' },
  },
];

/** The first date the hub has geography for. */
export const geographyStart = divisions[0].validFrom;

/** The division in force on an ISO date (YYYY-MM-DD), or undefined before the geography starts. */
export function divisionOn(date: string): Division | undefined {
  return divisions.find((d) => d.validFrom <= date && (d.validTo === null || date < d.validTo));
}
