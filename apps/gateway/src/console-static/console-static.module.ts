import { Module } from '@nestjs/common';
import { ConsoleStaticController } from './console-static.controller';

/** Serves the built console (apps/console, built by Vite) as static files under /console. */
@Module({ controllers: [ConsoleStaticController] })
export class ConsoleStaticModule {}
