/**
 * Example analyst questions, preloaded as tabs of the GraphQL IDE (/graphql in
 * a browser). Each query is a complete document that runs as it stands (with
 * its `variables`, if any). Its first line is a comment saying what it
 * answers in Vietnamese; the second says it in English.
 *
 * The tab shows `title`; GraphiQL itself names a tab after the operation, so
 * every example needs its own operation name (see `operationName`).
 */
export interface Example {
  /** Tab title: Vietnamese · English. */
  title: string;
  query: string;
  /** JSON for the variables pane, when the query declares variables. */
  variables?: string;
}

/** The report's figures, shared by the examples that show a report. */
const reportFigures = `
fragment ReportFigures on MovementReport {
  selfManagementModels
  crimeReportMailboxes
  communityCovidTeams
  outreachSessions
  outreachAttendances
  postersAndBanners
  leaflets
  mediaReports
  valuableTips
  incidentsUncovered
  seizures { item quantity unit }
  peopleUnderCommunityEducation
  peopleProgressed
  householdCommitmentRate
}
`;

export const examples: Example[] = [
  {
    title: 'Báo cáo toàn tỉnh 2021 · Province report 2021',
    query: `# Báo cáo phong trào toàn dân bảo vệ an ninh Tổ quốc của toàn tỉnh năm 2021
# The province's report on the all-people movement for national security, 2021
query ProvinceReport2021 {
  report(year: 2021) {
    ...ReportFigures
  }
}
${reportFigures}`,
  },
  {
    title: 'Camera quanh đền Trần · Cameras near the Trần temple',
    query: `# Bao nhiêu điểm camera nằm trong bán kính 2 km quanh đền Trần, theo từng mô hình?
# How many camera sites lie within 2 km of the Trần temple, by model?
# totalCount là tổng số điểm; đếm theo mô hình bằng cách gom nodes theo model.name.
# totalCount is the number of sites; count them per model by grouping nodes by model.name.
query CamerasNearTranTemple($longitude: Float!, $latitude: Float!, $withinMetres: Float) {
  cameraSites(
    filter: { near: { longitude: $longitude, latitude: $latitude, withinMetres: $withinMetres } }
    orderBy: [DISTANCE_ASC]
    first: 100
  ) {
    totalCount
    nodes {
      name
      cameraCount
      distanceMetres
      installedOn
      removedOn
      model { name kind }
    }
    pageInfo { hasNextPage endCursor }
  }
}
`,
    variables: `{
  "longitude": 106.139722,
  "latitude": 20.601667,
  "withinMetres": 2000
}
`,
  },
  {
    title: 'Thái Thụy: tỷ lệ cảm hóa thành công 2021 · Thái Thụy rehabilitation rate 2021',
    query: `# Xã nào của huyện Thái Thụy (mã 341) có tỷ lệ cảm hóa, giáo dục thành công cao nhất năm 2021?
# Which communes of Thái Thụy (district 341) had the highest rehabilitation success rate in 2021?
# unitCode chỉ giữ các xã của huyện (bỏ đi thì lọc theo unit.parent); API không sắp xếp: client xếp value giảm dần.
# unitCode keeps only the district's communes (without it, filter on unit.parent); the API does not sort:
# the client sorts by value, highest first. value is null where nobody was under community education.
query ThaiThuyRehabilitation2021 {
  metricValues(metric: "rehabilitationSuccessRate", level: COMMUNE, year: 2021, unitCode: "341") {
    unit {
      code
      name
      parent { name }
    }
    value
  }
}
`,
  },
  {
    title: 'Khen thưởng theo huyện, theo năm · Commendations per district per year',
    query: `# Mỗi huyện có bao nhiêu khen thưởng mỗi năm?
# How many commendations did each district receive per year?
# Cấp huyện không còn từ 01/07/2025: asOf lấy các huyện của ngày 30/06/2025 (bỏ asOf thì danh sách rỗng).
# Districts were abolished on 2025-07-01: asOf takes those of 2025-06-30 (without it the list is empty).
query CommendationsPerDistrictPerYear {
  aggregate(measure: "commendations", groupBy: [UNIT, YEAR], level: DISTRICT, asOf: "2025-06-30") {
    unit { code name }
    year
    value
  }
}
`,
  },
  {
    title: 'Tìm theo tên cũ: Hồng Châu · Search by old name: Hồng Châu',
    query: `# Xã Hồng Châu (tên cũ) nay thuộc đơn vị nào? Tìm không dấu, kèm đơn vị kế tục.
# What became of Hồng Châu? Search by the old name, without diacritics, with successors.
query SearchByOldName {
  adminUnits(search: "hong chau", first: 10) {
    totalCount
    nodes {
      code
      name
      level
      validFrom
      validTo
      parent { name }
      formerNames
      successors {
        code
        name
        validFrom
        validTo
        successors { code name validFrom }
      }
    }
  }
}
`,
  },
  {
    title: 'Trang phường Kỳ Bá 2021 · Kỳ Bá ward page 2021',
    query: `# Trang của một xã, phường: phường Kỳ Bá (mã 12442) ngày 30/06/2021 và báo cáo năm 2021
# A commune's page: Kỳ Bá ward (12442) as of 2021-06-30, with its 2021 report
query CommunePage($code: String!, $asOf: Date, $year: Int!) {
  unit: adminUnit(code: $code, asOf: $asOf) {
    code
    name
    kind
    validFrom
    validTo
    areaKm2
    parent { code name }
    formerNames
    predecessors { code name }
    geometry(precision: 5, simplify: 0.0005)
  }
  report(year: $year, unitCode: $code, asOf: $asOf) {
    ...ReportFigures
  }
}
${reportFigures}`,
    variables: `{
  "code": "12442",
  "asOf": "2021-06-30",
  "year": 2021
}
`,
  },
];

/**
 * The name GraphiQL gives a tab: the first operation name outside comments
 * (the same rule as GraphiQL's own `fuzzyExtractOperationName`).
 */
export function operationName(query: string): string | null {
  return /^(?!#).*(query|subscription|mutation)\s+([a-zA-Z0-9_]+)/m.exec(query)?.[2] ?? null;
}
