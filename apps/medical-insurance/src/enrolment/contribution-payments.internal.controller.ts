import { HttpCode, Param, Post } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { InternalApiException, InternalController, ItemRecorder, itemAnswerOf, type ItemAnswer } from '@birth/platform';
import type { InsuranceFacts } from './enrolment-facts';
import { EnrolmentService } from './enrolment.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * POST /internal/items/{caseId}/contribution-payment (internal port): records that the first-year
 * contribution was paid (`contribution-paid`); `npm run cli -- insurance record-payment` calls it.
 * Repeating it answers the payment first recorded.
 */
@InternalController('items')
export class ContributionPaymentsController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly enrolments: EnrolmentService,
    private readonly items: ItemRecorder<InsuranceFacts>,
  ) {}

  @Post(':caseId/contribution-payment')
  @HttpCode(200)
  async recordPayment(@Param('caseId') caseId: string): Promise<ItemAnswer | null> {
    if (!UUID.test(caseId)) {
      throw new InternalApiException(400, { field: 'caseId', code: 'INVALID_CASE_ID', message: { zh: '案件编号须为UUID', en: 'The case id must be a UUID' } });
    }
    const outcome = await this.dataSource.transaction((manager) => this.enrolments.recordPayment(manager, caseId, new Date().toISOString()));
    if (!outcome.ok && outcome.code === 'ITEM_NOT_FOUND') {
      throw new InternalApiException(404, { field: 'caseId', code: 'ITEM_NOT_FOUND', message: { zh: '该案件没有医保参保事项', en: 'No medical insurance item for this case' } });
    }
    if (!outcome.ok) {
      throw new InternalApiException(409, {
        field: 'caseId',
        code: 'NOT_ENROLLED',
        message: { zh: '新生儿尚未参保，不能登记缴费', en: 'The newborn is not enrolled: a contribution cannot be recorded' },
      });
    }
    // The insurance item holds no personal data: the answer needs no masking.
    return itemAnswerOf(this.items, this.dataSource, caseId);
  }
}
