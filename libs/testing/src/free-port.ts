import { createServer } from 'node:net';

/**
 * A TCP port free on 127.0.0.1 now, for a process that must know its own port before it starts
 * (a callback URL handed to another program). Another process may take it in between: rare, and
 * the start then fails loudly.
 */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
