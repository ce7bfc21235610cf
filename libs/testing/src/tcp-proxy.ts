import { createServer, connect, type Server, type Socket } from 'node:net';
import { trackOpen } from './open-resources';

/**
 * A TCP proxy in front of a real server (PostgreSQL) that a test can cut and restore: cutting
 * resets every open connection and refuses new ones, as a database crash or a network
 * partition would, without stopping the server other suites share.
 */
export class TcpProxy {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private cut = false;
  private untrack: (() => void) | null = null;
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  async start(): Promise<number> {
    this.server = createServer((client) => {
      if (this.cut) {
        client.destroy();
        return;
      }
      const upstream = connect(this.targetPort, this.targetHost);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream);
      upstream.pipe(client);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server!.address() as { port: number }).port;
    this.untrack = trackOpen({ what: `TcpProxy on port ${this.port}`, closing: () => false, close: () => this.stop() });
    return this.port;
  }

  /** Resets every open connection and refuses new ones until restore(). */
  cutConnections(): void {
    this.cut = true;
    for (const socket of this.sockets) abortConnection(socket);
    this.sockets.clear();
  }

  restore(): void {
    this.cut = false;
  }

  async stop(): Promise<void> {
    this.cutConnections();
    const server = this.server;
    this.server = null;
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    this.untrack?.();
  }

  /** `url` with its host and port replaced by this proxy's. */
  urlThrough(url: string): string {
    const u = new URL(url);
    u.hostname = '127.0.0.1';
    u.port = String(this.port);
    return u.toString();
  }
}

/**
 * Closes `socket` as a crash would: with a reset (RST) where one can be sent, otherwise plainly.
 * Not with a reset once its end() has begun (the peer ended its side and the pipe or Node ended
 * ours, or the proxy is stopping): libuv refuses a reset while the shutdown is queued (EINVAL), yet
 * Node then marks the handle closing without closing it, never emits 'close', and its exit
 * cleanup later spins on that handle at 100% CPU for ever. That was the jest parent's hang of
 * issue 9 (a TCPSocketWrap left at its 'exit' event). A socket still connecting has nothing to reset.
 */
export function abortConnection(socket: Socket): void {
  if (socket.connecting || socket.writableEnded) socket.destroy();
  else socket.resetAndDestroy();
}
