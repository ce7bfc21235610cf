import { Controller, Get, Inject, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CONSOLE_DIST, consoleFileFor } from './console-files';

const NOT_BUILT = {
  code: 'CONSOLE_NOT_BUILT',
  zh: '控制台尚未构建：请运行 npm run console:build（npm start 会自动构建）',
  en: 'The console has not been built: run npm run console:build (npm start builds it)',
};

/**
 * The console's static files under /console/ (built by apps/console/build.ts into dist/console).
 * Not part of the API: no session is needed to load the app; every call it makes is checked.
 */
@ApiExcludeController()
@Controller('console')
export class ConsoleStaticController {
  constructor(@Inject(CONSOLE_DIST) private readonly distDir: string) {}

  /** `/console` and `/console/` (Express matches both here): the first is sent to the second, where the app's relative URLs work. */
  @Get()
  root(@Req() req: Request, @Res() res: Response): void {
    if (!req.path.endsWith('/')) return res.redirect(301, '/console/');
    this.send('', req, res);
  }

  @Get('*path')
  file(@Param('path') path: string[] | string, @Req() req: Request, @Res() res: Response): void {
    this.send(Array.isArray(path) ? path.join('/') : path, req, res);
  }

  private send(relative: string, req: Request, res: Response): void {
    const answer = consoleFileFor(relative, this.distDir);
    if (answer.kind === 'not-built') {
      res.status(503).setHeader('Cache-Control', 'no-store');
      if (req.accepts(['html', 'json']) === 'html') {
        res.type('html').send(`<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>${NOT_BUILT.code}</title><p>${NOT_BUILT.zh}</p><p>${NOT_BUILT.en}</p></html>`);
      } else {
        res.json({ errors: [{ field: 'console', code: NOT_BUILT.code, message: { zh: NOT_BUILT.zh, en: NOT_BUILT.en } }] });
      }
      return;
    }
    if (answer.kind === 'missing-asset') {
      res.status(404).setHeader('Cache-Control', 'no-store');
      res.type('text').send('not found');
      return;
    }
    res.setHeader('Cache-Control', answer.cache);
    res.sendFile(answer.path, { cacheControl: false, dotfiles: 'deny' });
  }
}
