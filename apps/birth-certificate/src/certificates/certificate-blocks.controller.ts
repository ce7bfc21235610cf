import { Body, Get, HttpCode, Post, Query } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { InternalApiException, InternalCaller, InternalController, ReferenceData, type InternalRequestContext } from '@birth/platform';
import { chinaDateOf } from '../domain/certificate-rules';
import { CertificateNumberBlocksRepository, type NumberBlock } from './certificate-number-blocks.repository';
import { CertificatesService } from './certificates.service';

/**
 * Operators' number blocks (`npm run cli -- certificate-blocks add|list`), on the internal port.
 * Loading a block resumes the institution's items that waited with NUMBER_BLOCK_EXHAUSTED, each
 * in its own transaction after the load committed (the case's lock, then the institution's, as
 * a consumed message takes them: no deadlock).
 */
@InternalController('certificate-blocks')
export class CertificateBlocksController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly blocks: CertificateNumberBlocksRepository,
    private readonly certificates: CertificatesService,
    private readonly referenceData: ReferenceData,
  ) {}

  @Post()
  @HttpCode(201)
  async add(@Body() body: unknown, @InternalCaller() who: InternalRequestContext): Promise<{ block: NumberBlock; resumed: number }> {
    const request = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    const block = { institutionId: request['institutionId'] as string, prefix: request['prefix'] as string, from: request['from'] as number, to: request['to'] as number };
    const loadedBy = who.actor ? `${who.caller}:${who.actor}` : who.caller;
    const result = await this.dataSource.transaction((manager) => this.blocks.addBlock(manager, { ...block, loadedBy }, this.numberFormat()));
    if (result.kind === 'invalid') throw new InternalApiException(400, ...result.problems);
    if (result.kind === 'overlaps') {
      const existing = result.existing;
      throw new InternalApiException(409, {
        field: 'from',
        code: 'BLOCK_OVERLAPS',
        message: {
          zh: `号段与已加载的号段 ${existing.prefix}${existing.from}–${existing.to}（机构 ${existing.institutionId}）重叠`,
          en: `the block overlaps the loaded block ${existing.prefix}${existing.from}–${existing.to} (institution ${existing.institutionId})`,
        },
      });
    }
    let resumed = 0;
    for (const caseId of await this.certificates.exhaustedItemsOf(this.dataSource, result.block.institutionId)) {
      if (await this.dataSource.transaction((manager) => this.certificates.resume(manager, caseId))) resumed += 1;
    }
    return { block: result.block, resumed };
  }

  @Get()
  async list(@Query('institution') institutionId: unknown): Promise<{ institutionId: string; blocks: NumberBlock[] }> {
    if (typeof institutionId !== 'string' || !/^\S{1,64}$/.test(institutionId)) {
      throw new InternalApiException(400, { field: 'institution', code: 'INSTITUTION_ID_INVALID', message: { zh: '机构编号须为 1–64 个非空白字符', en: 'the institution id must be 1–64 non-blank characters' } });
    }
    return { institutionId, blocks: await this.dataSource.transaction((manager) => this.blocks.blocksOf(manager, institutionId)) };
  }

  /** The national number format in force today (blocks are loaded ahead of use; every number is checked again against its case's rules when taken). */
  private numberFormat() {
    const today = chinaDateOf(new Date().toISOString());
    const region = this.referenceData.policy.servedPrefectures(today)[0];
    return this.referenceData.rulesFor(region, today).values.certificates.birthCertificateNumber;
  }
}
