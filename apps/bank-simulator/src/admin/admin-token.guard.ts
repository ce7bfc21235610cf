import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import { BankSimulatorConfig } from '../config';
import { bankError } from '../http/bank-api-errors';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** `Authorization: Bearer <BANK_ADMIN_TOKEN>` on every /admin route; compared in constant time. */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  private readonly expected: Buffer;

  constructor(config: BankSimulatorConfig) {
    this.expected = digest(config.BANK_ADMIN_TOKEN);
  }

  canActivate(context: ExecutionContext): boolean {
    const header = context.switchToHttp().getRequest<Request>().headers.authorization ?? '';
    const match = /^Bearer (.+)$/.exec(header);
    if (!match || !timingSafeEqual(digest(match[1]!), this.expected)) throw bankError('ADMIN_TOKEN_INVALID');
    return true;
  }
}
