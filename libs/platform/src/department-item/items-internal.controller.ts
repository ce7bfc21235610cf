import { Get, Param } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { InternalApiException } from '../internal-api/internal-api-errors';
import { InternalCaller, InternalController, RevealQuery } from '../internal-api/internal-controller';
import type { InternalRequestContext } from '../internal-api/internal-request';
import { PersonalDataReveals } from '../internal-api/personal-data-reveals';
import type { RevealRequest } from '../internal-api/reveal-masking';
import { itemAnswerOf, type ItemAnswer } from './item-answer';
import { ItemRecorder } from './item-recorder';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `GET /internal/items/{caseId}` on the internal port, for every department that registers
 * DepartmentItemModule: 404 when the service has no item for the case (unknown, or not applied
 * for), else the item with its history, personal fields masked unless revealed (audited).
 */
@InternalController('items')
export class ItemsInternalController {
  constructor(
    private readonly recorder: ItemRecorder,
    private readonly dataSource: DataSource,
    private readonly reveals: PersonalDataReveals,
  ) {}

  @Get(':caseId')
  async item(@Param('caseId') caseId: string, @InternalCaller() who: InternalRequestContext, @RevealQuery() reveal: RevealRequest | null): Promise<ItemAnswer> {
    if (!UUID.test(caseId)) {
      throw new InternalApiException(400, { field: 'caseId', code: 'INVALID_CASE_ID', message: { zh: '案件编号须为UUID', en: 'The case id must be a UUID' } });
    }
    const answer = await itemAnswerOf(this.recorder, this.dataSource, caseId.toLowerCase());
    if (!answer) {
      throw new InternalApiException(404, { field: 'caseId', code: 'ITEM_NOT_FOUND', message: { zh: '本部门没有该案件的事项', en: 'This department has no item for the case' } });
    }
    return this.reveals.answer(who, reveal, { kind: 'item', id: answer.caseId }, answer, { masks: this.recorder.definition.masks });
  }
}
