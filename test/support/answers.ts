// What an Express app answers to each path, as "status body" lines: for tests that compare two ways of
// mounting the same handlers.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type express from 'express';

export async function answersOf(app: express.Express, paths: string[]): Promise<string[]> {
  const server = http.createServer(app).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    return await Promise.all(paths.map(async (p) => {
      const reply = await fetch(base + p);
      return `${reply.status} ${await reply.text()}`;
    }));
  } finally {
    server.close();
  }
}
