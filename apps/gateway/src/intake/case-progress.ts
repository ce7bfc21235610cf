import { Injectable, Logger } from '@nestjs/common';
import { InternalApiClient, ServiceConfig } from '@birth/platform';
import type { GatewayConfig } from '../config';

/** A step of the case as a hospital sees its progress: the state and what it waits for, no personal data. */
export interface CaseProgressStep {
  item: string;
  state: string;
  waitingFor: string[];
  /** When the step's working-day deadline ends (+08:00 as the saga gives it); null before its clock starts. */
  deadline: string | null;
}

/** The case's progress from the case saga (its query API), as `GET /api/v1/births/{caseId}` adds it. */
export interface CaseProgress {
  state: string;
  atRisk: boolean;
  breached: boolean;
  steps: CaseProgressStep[];
}

/** What the saga answers that this view reads (it answers more: the view picks, never passes through). */
interface SagaCase {
  state: string;
  atRisk: boolean;
  breached: boolean;
  steps: { item: string; state: string; waitingFor: string[]; deadline: string | null }[];
}

/** Picks what a hospital may see from the saga's answer: states, waits and deadlines only. */
export function caseProgressOf(answer: SagaCase): CaseProgress {
  return {
    state: answer.state,
    atRisk: answer.atRisk,
    breached: answer.breached,
    steps: answer.steps.map((s) => ({ item: s.item, state: s.state, waitingFor: [...s.waitingFor], deadline: s.deadline ?? null })),
  };
}

/**
 * Reads a case's progress from the case saga's internal API (CASE_SAGA_INTERNAL_URL, with the
 * gateway's own token). The birth's own answer never waits long on it: after a short timeout,
 * or when the saga has not opened the case yet, the progress is null and the rest is answered.
 */
@Injectable()
export class CaseProgressReader {
  private readonly logger = new Logger('CaseProgress');
  private readonly client: InternalApiClient;

  constructor(config: ServiceConfig) {
    const { CASE_SAGA_INTERNAL_URL, CASE_SAGA_INTERNAL_TOKEN, CASE_SAGA_TIMEOUT_MS } = config as GatewayConfig;
    this.client = new InternalApiClient({ baseUrl: CASE_SAGA_INTERNAL_URL, token: CASE_SAGA_INTERNAL_TOKEN, timeoutMs: CASE_SAGA_TIMEOUT_MS });
  }

  async of(caseId: string): Promise<CaseProgress | null> {
    try {
      const answer = await this.client.get<SagaCase>(`/internal/cases/${encodeURIComponent(caseId)}`, { actor: 'hospital-intake' });
      if (answer.ok) return caseProgressOf(answer.body);
      if (answer.status !== 404) this.logger.warn(`case saga answered ${answer.status} for a case's progress`);
      return null;
    } catch (error) {
      this.logger.warn(`case saga not reached for a case's progress: ${error instanceof Error ? error.name : 'error'}`);
      return null;
    }
  }
}
