import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { HospitalsRepository } from './hospitals.repository';
import { NONCE_RETENTION_MS } from './signed-message-verifier';

/** How often the seen nonces older than the window are deleted. */
export const NONCE_PRUNE_INTERVAL_MS = 60_000;

/**
 * Keeps seen_nonces small: every minute, deletes the nonces seen more than 10 minutes ago (a
 * request that old is refused for its timestamp anyway). The timer does not keep the process alive.
 */
@Injectable()
export class NoncePruner implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('NoncePruner');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;

  constructor(private readonly hospitals: HospitalsRepository) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.pruneOnce(), NONCE_PRUNE_INTERVAL_MS);
    this.timer.unref();
    void this.pruneOnce();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One pass; never throws (the next pass tries again). Returns how many nonces were deleted. */
  async pruneOnce(now: number = Date.now()): Promise<number> {
    if (this.running) return this.running;
    this.running = this.hospitals
      .pruneNonces(new Date(now - NONCE_RETENTION_MS))
      .catch((error: Error) => {
        this.logger.warn(`pruning seen nonces failed (next try in ${NONCE_PRUNE_INTERVAL_MS / 1000} s): ${error.message}`);
        return 0;
      })
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }
}
