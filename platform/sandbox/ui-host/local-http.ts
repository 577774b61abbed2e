import { request } from 'node:http';

/**
 * Plain HTTP to the sandbox on 127.0.0.1. Not `fetch`: inside the sandbox process the Forge
 * runtime replaces the global fetch with its egress check, which must not apply to the host.
 */
export function localHttp(url: string, init: { method: string; headers?: Record<string, string>; body?: Buffer | string }): Promise<{ status: number; contentType: string; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: init.method, headers: init.headers ?? {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? 'application/json'), body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (init.body !== undefined) req.write(init.body);
    req.end();
  });
}
