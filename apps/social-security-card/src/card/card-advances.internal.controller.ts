import { Body, HttpCode, Param, Post } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CARD_ADVANCE_STATES, type CardAdvanceState } from '@birth/contracts';
import { InternalApiException, InternalCaller, InternalController, ItemRecorder, itemAnswerOf, PersonalDataReveals, type InternalRequestContext } from '@birth/platform';
import type { CardFacts } from './card-facts';
import { CardsService } from './cards.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * POST /internal/items/{caseId}/card-advance `{ "cardState"?: "in_production" | "ready" | "issued" }`
 * (internal port): the physical card one state on (to the state given, or the next), as the
 * `advance-card` command does; a repeat of the current state changes nothing;
 * `npm run cli -- card advance` calls it. Answers the item, the number masked.
 */
@InternalController('items')
export class CardAdvancesController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cards: CardsService,
    private readonly items: ItemRecorder<CardFacts>,
    private readonly reveals: PersonalDataReveals,
  ) {}

  @Post(':caseId/card-advance')
  @HttpCode(200)
  async advance(@Param('caseId') caseId: string, @Body() body: unknown, @InternalCaller() who: InternalRequestContext): Promise<unknown> {
    if (!UUID.test(caseId)) {
      throw new InternalApiException(400, { field: 'caseId', code: 'INVALID_CASE_ID', message: { zh: '案件编号须为UUID', en: 'The case id must be a UUID' } });
    }
    const to = (body as { cardState?: unknown } | null)?.cardState;
    if (to !== undefined && (typeof to !== 'string' || !(CARD_ADVANCE_STATES as readonly string[]).includes(to))) {
      throw new InternalApiException(400, {
        field: 'cardState',
        code: 'INVALID_CARD_STATE',
        message: { zh: `cardState须为${CARD_ADVANCE_STATES.join('、')}之一`, en: `cardState must be one of ${CARD_ADVANCE_STATES.join(', ')}` },
      });
    }
    const id = caseId.toLowerCase();
    const outcome = await this.dataSource.transaction((manager) => this.cards.advance(manager, id, to as CardAdvanceState | undefined));
    if (!outcome.ok && outcome.code === 'ITEM_NOT_FOUND') throw new InternalApiException(404, { field: 'caseId', code: outcome.code, message: outcome.message });
    if (!outcome.ok) throw new InternalApiException(409, { field: 'cardState', code: outcome.code, message: outcome.message });
    const answer = await itemAnswerOf(this.items, this.dataSource, id);
    return this.reveals.answer(who, null, { kind: 'item', id }, answer, { masks: this.items.definition.masks });
  }
}
