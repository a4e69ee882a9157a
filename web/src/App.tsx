import { useState } from 'react';
import { useQuery } from 'urql';
import { reportFigures, seizureItemLabels, type SeizureItem } from '@anbinh/shared';

const ReportQuery = `query Report($year: Int!) {
  report(year: $year) {
    selfManagementModels crimeReportMailboxes communityCovidTeams outreachSessions outreachAttendances
    postersAndBanners leaflets mediaReports valuableTips incidentsUncovered
    seizures { item quantity unit }
    peopleUnderCommunityEducation peopleProgressed householdCommitmentRate
  }
}`;

type Figures = Record<keyof typeof reportFigures, number | null> & { seizures: { item: SeizureItem; quantity: number; unit: string }[] };

const number = new Intl.NumberFormat('vi-VN');
const years = [2019, 2020, 2021, 2022, 2023, 2024, 2025];

/** The province's yearly report; the map comes with the leaders' map issue. */
export function App() {
  const [year, setYear] = useState(2021);
  const [{ data, fetching, error }] = useQuery<{ report: Figures }>({ query: ReportQuery, variables: { year } });
  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', maxWidth: '48rem', margin: '2rem auto', padding: '0 1rem' }}>
      <h1>An Bình</h1>
      <p>Phong trào toàn dân bảo vệ an ninh Tổ quốc · <i>All-people movement for national security</i></p>
      <p><small>Dữ liệu mẫu (tổng hợp, không phải số liệu thật) · Sample data (synthetic)</small></p>
      <label>
        Năm · Year{' '}
        <select value={year} onChange={(e) => setYear(Number(e.target.value))}>
          {years.map((y) => <option key={y}>{y}</option>)}
        </select>
      </label>
      {fetching && <p>Đang tải… · Loading…</p>}
      {error && <p role="alert">{error.message}</p>}
      {data && (
        <table>
          <tbody>
            {(Object.keys(reportFigures) as (keyof typeof reportFigures)[]).map((key) => (
              <tr key={key}>
                <th style={{ textAlign: 'left' }}>{reportFigures[key].vi} <small>· {reportFigures[key].en}</small></th>
                <td style={{ textAlign: 'right' }}>
                  {key === 'householdCommitmentRate'
                    ? data.report[key] === null ? '—' : `${Math.round(data.report[key]! * 100)} %`
                    : number.format(data.report[key] ?? 0)}
                </td>
              </tr>
            ))}
            {data.report.seizures.map((s) => (
              <tr key={s.item}>
                <th style={{ textAlign: 'left' }}>{seizureItemLabels[s.item].vi} <small>· {seizureItemLabels[s.item].en}</small></th>
                <td style={{ textAlign: 'right' }}>{number.format(s.quantity)} {s.unit === 'KILOGRAM' ? 'kg' : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
