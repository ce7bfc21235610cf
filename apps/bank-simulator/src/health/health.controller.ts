import { Controller, Get, Res } from '@nestjs/common';
import type { Response } from 'express';
import { BankDatabase } from '../database/bank-database';

const TIMEOUT_MS = 1_500;

/** Liveness: the process answers. Readiness: the database answers and the bank's migrations are at head. */
@Controller('health')
export class HealthController {
  constructor(private readonly db: BankDatabase) {}

  @Get('live')
  live() {
    return { status: 'ok', details: { process: { status: 'up', pid: process.pid } } };
  }

  @Get('ready')
  async ready(@Res({ passthrough: true }) response: Response) {
    const database = await this.database();
    const ok = database.status === 'up';
    response.status(ok ? 200 : 503);
    return { status: ok ? 'ok' : 'error', details: { database } };
  }

  private async database(): Promise<Record<string, unknown>> {
    try {
      const pending = await Promise.race([
        this.db.dataSource.showMigrations(),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`database did not answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS).unref()),
      ]);
      return pending ? { status: 'down', migrations: 'pending: run npm run infra:db' } : { status: 'up', migrations: 'at head' };
    } catch (error) {
      return { status: 'down', message: (error as Error).message };
    }
  }
}
