/** Shown at `/` when the web client has not been built (`pnpm build`). */
export const placeholderPage = `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>An Bình</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto">
<h1>An Bình</h1>
<p>Kho dữ liệu phong trào toàn dân bảo vệ an ninh Tổ quốc · Data hub of the all-people movement for national security.</p>
<p>GraphQL: <code>POST /graphql</code>. Bản đồ chưa được dựng · The map has not been built: <code>pnpm build</code>.</p>
</body></html>`;
