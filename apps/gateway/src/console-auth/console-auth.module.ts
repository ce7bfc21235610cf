import { Module } from '@nestjs/common';

/**
 * Console sign-in and rights (issue 15): users, server-side sessions in an httpOnly cookie,
 * CSRF on every change, lockout, and the append-only audit log. Hospitals never sign in here.
 */
@Module({})
export class ConsoleAuthModule {}
