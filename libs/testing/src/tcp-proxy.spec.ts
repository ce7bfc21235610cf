import { createServer, connect, type Socket } from 'node:net';
import { spawnNode } from './node-process';
import { abortConnection } from './tcp-proxy';

const CUT_WHILE_ENDING = 'libs/testing/test/fixtures/tcp-proxy-cut-while-ending.ts';

describe('TcpProxy', () => {
  // The process case starts a TypeScript process (compiled on the fly): seconds on a busy machine.
  jest.setTimeout(60_000);

  // In a child process: before the fix the socket's handle was left closing for ever, and the
  // process holding it never exited (Node's exit cleanup spun on it), as jest's parent did.
  it('lets a process end on its own after cutting a connection it was ending', async () => {
    const child = spawnNode(CUT_WHILE_ENDING, {});
    const deadline = setTimeout(() => child.kill('SIGKILL'), 30_000);
    const exited = await child.exited.finally(() => clearTimeout(deadline));
    expect({ exited, output: child.output() }).toEqual({
      exited: { code: 0, signal: null },
      output: 'cut while the proxy was ending the connection: true\nboth proxy sockets closed\nTCP handles at exit: none\n',
    });
  });

  it('resets an open connection, as a crash would: the peer sees ECONNRESET', async () => {
    let accepted!: (socket: Socket) => void;
    const server = createServer((socket) => accepted(socket));
    const socket = new Promise<Socket>((resolve) => (accepted = resolve));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const client = connect((server.address() as { port: number }).port, '127.0.0.1');
    try {
      const peerError = new Promise<string | undefined>((resolve) => client.once('error', (e: NodeJS.ErrnoException) => resolve(e.code)));
      abortConnection(await socket);
      await closed(await socket);
      expect(await peerError).toBe('ECONNRESET');
    } finally {
      client.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

/** Resolves when `socket` emits 'close'; rejects after 5 s (a handle that is never closed). */
function closed(socket: Socket): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the socket did not close within 5 s')), 5_000);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
