import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { BirthRegisteredV1, EventEnvelope } from '@birth/contracts';
import { ReferenceData } from '@birth/platform';
import { decideEnrolmentWindow, type EnrolmentWindowDecision } from './domain/enrolment-window';

/**
 * Decides a birth's on-time enrolment window with this service's own copy of the rules and the
 * calendar (ReferenceData: the repository's files plus whatever operators imported since), and
 * records it with the versions used, in the inbox transaction of the message.
 */
@Injectable()
export class EnrolmentWindows {
  constructor(private readonly referenceData: ReferenceData) {}

  async record(manager: EntityManager, event: EventEnvelope<BirthRegisteredV1>): Promise<EnrolmentWindowDecision> {
    const { hospital, newborn, acceptedAt } = event.payload;
    const calendar = this.referenceData.calendar;
    const decision = decideEnrolmentWindow(
      { regionCode: hospital.regionCode, bornAt: newborn.bornAt, acceptedAt },
      (region, onDate) => this.referenceData.rulesFor(region, onDate),
      (start, days) => calendar.endOfCalendarPeriod(start, days),
    );
    // A redelivery keeps the decision first taken, whatever rules have arrived since.
    await manager.query(
      `INSERT INTO enrolment_windows (case_id, region_code, born_on, applied_on, window_days, nominal_last_day, last_day, on_time, provisional,
                                      policy_version, calendar_version, decided_by_message)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (case_id) DO NOTHING`,
      [
        event.caseId,
        decision.regionCode,
        decision.bornOn,
        decision.appliedOn,
        decision.windowDays,
        decision.nominalLastDay,
        decision.lastDay,
        decision.onTime,
        decision.provisional,
        decision.policyVersion,
        decision.calendarVersion,
        event.id,
      ],
    );
    return decision;
  }
}
