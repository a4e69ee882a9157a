import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, programAvailable } from '@anbinh/db/testing';

/** Debian's nginx, in front of the hub with TLS, as a province's IT team deploys it. */
export const nginxAvailable = programAvailable(
  'nginx',
  ['-v'],
  'NGINX_TESTS',
  'nginx not found (Debian: apt-get install nginx): the reverse-proxy tests are skipped.',
);

/** A request over HTTPS that trusts the proxy's own certificate: the body as text, and as the bytes sent. */
export function httpsRequest(
  method: string,
  url: string,
  ca: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<{ status: number; body: string; raw: Buffer; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    request(url, { method, ca, headers }, (res) => {
      const chunks: Buffer[] = [];
      res
        .on('data', (chunk: Buffer) => chunks.push(chunk))
        .on('end', () => {
          const raw = Buffer.concat(chunks);
          resolve({ status: res.statusCode!, body: raw.toString('utf8'), raw, headers: res.headers });
        });
    })
      .on('error', reject)
      .end(body);
  });
}

export const httpsGet = (url: string, ca: string, headers: Record<string, string> = {}) => httpsRequest('GET', url, ca, headers);

export interface Proxy {
  /** https://127.0.0.1:port */
  origin: string;
  /** Its self-signed certificate, for clients to trust. */
  ca: string;
  /** What nginx has written to its access log so far. */
  accessLog(): string;
  stop(): void;
}

/** nginx with a new self-signed certificate, forwarding to `hubs` by the deployment guide's configuration; ready when it returns. */
export async function startProxy(hubs: string[]): Promise<Proxy> {
  const dir = mkdtempSync(join(tmpdir(), 'anbinh-proxy-'));
  chmodSync(dir, 0o777); // nginx's workers run as nobody and write their buffers here
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  const ca = readFileSync(join(dir, 'cert.pem'), 'utf8');
  const port = await freePort();
  const origin = `https://127.0.0.1:${port}`;
  writeFileSync(join(dir, 'nginx.conf'), nginxConfig(dir, port, hubs));
  const nginx = spawn('nginx', ['-p', dir, '-c', join(dir, 'nginx.conf')], { stdio: 'inherit' });
  for (
    let tries = 0;
    (await httpsGet(`${origin}/healthz`, ca).then(
      (r) => r.status,
      () => 0,
    )) !== 200;
    tries++
  ) {
    if (tries === 100) {
      nginx.kill('SIGQUIT');
      throw new Error(`nginx did not answer on ${origin}: ${readFileSync(join(dir, 'error.log'), 'utf8')}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    origin,
    ca,
    accessLog: () => readFileSync(join(dir, 'access.log'), 'utf8'),
    stop() {
      nginx.kill('SIGQUIT');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The deployment guide's nginx configuration (docs/deploy/nginx.conf), run as it is but for its ports, hubs and
 * certificate, inside a main file that keeps nginx's pid, logs and buffers in `dir`.
 */
function nginxConfig(dir: string, port: number, hubs: string[]): string {
  let site = readFileSync(fileURLToPath(new URL('../../docs/deploy/nginx.conf', import.meta.url)), 'utf8');
  const swap = (from: RegExp, to: string | ((...match: string[]) => string)) => {
    if (!from.test(site)) throw new Error(`docs/deploy/nginx.conf no longer has ${from}: update the test with it`);
    site = typeof to === 'string' ? site.replace(from, to) : site.replace(from, to);
  };
  swap(/^ {2}server 127\.0\.0\.1:\d+ (.*);\n(?: {2}server .*;\n)*/m, (_line, options) =>
    hubs.map((hub) => `  server ${new URL(hub).host} ${options};\n`).join(''),
  );
  swap(/listen 443 ssl/, `listen 127.0.0.1:${port} ssl`);
  swap(/ssl_certificate \/etc\/ssl\/anbinh\/fullchain\.pem;/, `ssl_certificate ${dir}/cert.pem;`);
  swap(/ssl_certificate_key \/etc\/ssl\/anbinh\/privkey\.pem;/, `ssl_certificate_key ${dir}/key.pem;`);
  swap(/access_log \/var\/log\/nginx\/anbinh\.access\.log anbinh;/, `access_log ${dir}/access.log anbinh;`);
  return `
daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fastcgi; uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
${site}
}
`;
}
