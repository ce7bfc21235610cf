import { Injectable } from '@nestjs/common';
import { DEPARTMENT_SERVICES, type ConsoleManualReviewItem, type ConsoleManualReviewResponse, type DepartmentService } from '@birth/contracts';
import type { ConsoleUser } from '../console-auth';
import { consoleError, ConsoleRejection } from './console-errors';
import { maySee } from './console-cases.service';
import { ConsoleUpstreams } from './console-upstreams';

interface SagaManualWork {
  steps: Omit<ConsoleManualReviewItem, 'department'>[];
}

/**
 * A department's queue of manual work for a clerk (`GET /api/console/manual-review?department=`),
 * read from the saga's mirror of the item blocks: steps of open cases kept in progress with the
 * reason a person must look. A clerk sees the queue of the regions they serve (one read per
 * region, merged, the longest waiting first); an admin every region's. Resolving an item is the
 * department's own work: no department offers an API for it yet (docs/console.md).
 */
@Injectable()
export class ConsoleManualReview {
  constructor(private readonly upstreams: ConsoleUpstreams) {}

  async queue(user: ConsoleUser, department: unknown): Promise<ConsoleManualReviewResponse> {
    if (typeof department !== 'string' || !(DEPARTMENT_SERVICES as readonly string[]).includes(department)) {
      throw new ConsoleRejection(400, [consoleError('department', 'INVALID_DEPARTMENT', `部门须为 ${DEPARTMENT_SERVICES.join('、')} 之一`, `department must be one of ${DEPARTMENT_SERVICES.join(', ')}`)]);
    }
    const item = department as DepartmentService; // each department's item carries its name
    const regions = user.role === 'clerk' ? user.regions : [null];
    const items: ConsoleManualReviewItem[] = [];
    for (const region of regions) {
      const answer = await this.upstreams.get<SagaManualWork>('saga', `/internal/cases/manual-work?item=${item}${region ? `&region=${region}` : ''}`, { actor: user.username });
      if (!answer.ok) throw new ConsoleRejection(502, answer.errors);
      for (const step of answer.body.steps) if (maySee(user, step.regionCode) && !items.some((i) => i.caseId === step.caseId)) items.push({ ...step, department: item });
    }
    items.sort((a, b) => a.changedAt.localeCompare(b.changedAt) || a.caseId.localeCompare(b.caseId));
    return { department: item, items, nextCursor: null };
  }
}
