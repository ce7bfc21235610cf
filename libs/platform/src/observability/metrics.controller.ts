import { Controller, Get, Header, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ServiceMetrics } from './service-metrics';

/** `/metrics` on the main port: Prometheus scrapes it (the NetworkPolicy lets only Prometheus and the gateway in). */
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: ServiceMetrics) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  async scrape(@Res() response: Response): Promise<void> {
    const { contentType, body } = await this.metrics.exposition();
    response.type(contentType).send(body);
  }
}
