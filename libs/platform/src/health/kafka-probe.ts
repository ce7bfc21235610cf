import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { Admin } from '@birth/messaging';
import { MessagingRuntime } from '../messaging-runtime';

/** One long-lived admin client that answers "does the cluster answer a metadata request now?". */
@Injectable()
export class KafkaProbe implements OnApplicationShutdown {
  private admin: Admin | null = null;
  private connecting: Promise<void> | null = null;

  constructor(private readonly runtime: MessagingRuntime) {}

  async ping(timeoutMs: number): Promise<void> {
    if (!this.admin && !this.connecting) {
      const admin = this.runtime.bus.admin();
      this.connecting = admin.connect().then(
        () => {
          this.admin = admin;
        },
        (error: unknown) => {
          this.connecting = null;
          void admin.disconnect().catch(() => undefined);
          throw error;
        },
      );
      this.connecting.catch(() => undefined);
    }
    if (!this.admin) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        this.connecting,
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('Kafka connection timed out')), timeoutMs);
        }),
      ]).finally(() => clearTimeout(timer));
    }
    await this.admin!.ping(timeoutMs);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.admin?.disconnect().catch(() => undefined);
  }
}
