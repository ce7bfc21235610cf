import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Topics, type BirthCorrectedV1, type BirthRegisteredV1, type DepartmentCommandV1, type EventEnvelope } from '@birth/contracts';
import type { NumberFormat, ResolvedRules } from '@birth/policy';
import { ItemCommands, ItemRecorder, MessagingRuntime, ReferenceData, ServiceConfig, type ItemChange, type ItemRecord } from '@birth/platform';
import { ISSUING, NEWBORN_NAME_REQUIRED, NUMBER_BLOCK_EXHAUSTED, REASONS } from '../domain/certificate-item';
import { chinaDateOf, isNewerStatement, nextStep, type CertificateFacts } from '../domain/certificate-rules';
import { printedFingerprints, type PrintedFingerprints } from '../domain/printed-facts';
import { CertificateNumberBlocksRepository, type NumberAllocation } from './certificate-number-blocks.repository';

/** A correction kept before the birth opened the item (`pending_prerequisites`, kind `correction`). */
interface KeptCorrection {
  printed: PrintedFingerprints;
  correctedAt: string;
}
const CORRECTION = 'correction';

/**
 * The certificate's use cases (DOMAIN.md §3), each inside the caller's transaction (the inbox's
 * for a consumed message): open on the birth, apply a correction (the name, or a reissue after
 * issue), revoke on a void or the saga's `revoke`, re-check on `retry-step`, and resume an
 * institution's exhausted items after a block was loaded.
 */
@Injectable()
export class CertificatesService {
  private readonly logger = new Logger('Certificates');
  readonly commands: ItemCommands<CertificateFacts>;

  constructor(
    private readonly items: ItemRecorder<CertificateFacts>,
    private readonly blocks: CertificateNumberBlocksRepository,
    private readonly referenceData: ReferenceData,
    private readonly messaging: MessagingRuntime,
    private readonly config: ServiceConfig,
  ) {
    this.commands = new ItemCommands(items, {
      // A stuck step (numbers exhausted): check again; nothing happens when nothing is stuck.
      retryStep: async (manager, item) => {
        await this.settle(manager, item);
      },
      // The number stays taken, voided: never handed out again. Published with `revoked`.
      revoke: async (manager, item) => {
        if (item.facts.certificateNumber) await this.blocks.markVoided(manager, item.facts.certificateNumber);
        return { reason: { zh: '出生登记已作废或撤回，出生医学证明已作废', en: 'The birth was voided or withdrawn: the certificate is void' } };
      },
    });
  }

  /** `birth.registered.v1`: opens the item (only when applied for), then issues or waits for the name. */
  async openOnBirth(manager: EntityManager, event: EventEnvelope<BirthRegisteredV1>): Promise<void> {
    const birth = event.payload;
    if (!birth.application.items.includes('birth-certificate')) return; // not applied for: no item, nothing published
    const caseId = event.caseId!;
    const acceptedOn = chinaDateOf(birth.acceptedAt);
    const rules = this.referenceData.rulesFor(birth.hospital.regionCode, acceptedOn);
    const facts: CertificateFacts = {
      institutionId: birth.hospital.institutionId,
      regionCode: birth.hospital.regionCode,
      acceptedOn,
      printed: printedFingerprints(caseId, birth),
      factsAsOf: birth.acceptedAt,
      printedOnCertificate: null,
      certificateNumber: null,
      replaces: null,
      issuedAt: null,
    };
    const common = { ruleVersion: String(rules.version), prerequisitesMetAt: birth.acceptedAt, facts };
    const opening: ItemChange<CertificateFacts> =
      facts.printed['newborn.name'] === null
        ? { change: 'awaiting-applicant', state: 'awaiting_applicant', waitingFor: ['newborn-name'], reasonCode: NEWBORN_NAME_REQUIRED, reason: REASONS.awaitingName, ...common }
        : { change: 'opened', state: 'in_progress', reasonCode: ISSUING, reason: REASONS.issuing, ...common };
    const opened = await this.items.open(manager, caseId, opening);
    if (!opened.opened) return;
    const item = await this.commands.applyPending(manager, opened, (current, pending) =>
      this.correct(manager, current, pending.facts as unknown as KeptCorrection, pending.cause),
    );
    await this.settle(manager, item);
  }

  /** `birth.corrected.v1`: the latest printed facts; a name ends the wait, a change after issue reissues. */
  async applyCorrection(manager: EntityManager, event: EventEnvelope<BirthCorrectedV1>): Promise<void> {
    const caseId = event.caseId!;
    const correction: KeptCorrection = { printed: printedFingerprints(caseId, event.payload.application), correctedAt: event.payload.correctedAt };
    const item = await this.items.lockOrKeep(manager, caseId, { kind: CORRECTION, facts: correction });
    if (item) await this.correct(manager, item, correction);
  }

  /** `birth.voided.v1` and `revoke` alike. */
  async revoke(manager: EntityManager, caseId: string, reasonCode: string, note: string | null = null): Promise<void> {
    await this.commands.revoke(manager, caseId, { reasonCode, note });
  }

  async command(manager: EntityManager, caseId: string, command: DepartmentCommandV1): Promise<void> {
    await this.commands.handle(manager, caseId, command);
  }

  /** The items of an institution waiting for numbers, oldest first (for the resume after a load). */
  async exhaustedItemsOf(db: { query(sql: string, params?: unknown[]): Promise<unknown> }, institutionId: string): Promise<string[]> {
    const rows = (await db.query(
      `SELECT case_id FROM items WHERE state = 'in_progress' AND reason_code = $1 AND facts->>'institutionId' = $2 ORDER BY updated_at, case_id`,
      [NUMBER_BLOCK_EXHAUSTED, institutionId],
    )) as { case_id: string }[];
    return rows.map((r) => r.case_id);
  }

  /** After a block was loaded: one exhausted item, checked again under its lock (it may have moved on meanwhile). */
  async resume(manager: EntityManager, caseId: string): Promise<boolean> {
    const item = await this.items.lock(manager, caseId);
    if (!item || item.state !== 'in_progress' || item.reasonCode !== NUMBER_BLOCK_EXHAUSTED) return false;
    const after = await this.settle(manager, item, {}, null);
    return after.state === 'done';
  }

  /** The number format in force for the item (national unless a region overrides it), and the rules' version. */
  private rulesOf(facts: CertificateFacts): ResolvedRules {
    return this.referenceData.rulesFor(facts.regionCode, facts.acceptedOn);
  }

  private async correct(manager: EntityManager, item: ItemRecord<CertificateFacts>, correction: KeptCorrection, cause?: string | null): Promise<ItemRecord<CertificateFacts>> {
    // A redelivered or overtaken correction is not newer than what the item holds: nothing changes.
    if (item.state === 'revoked' || !isNewerStatement(item.facts.factsAsOf, correction.correctedAt)) return item;
    return this.settle(manager, item, { printed: correction.printed, factsAsOf: correction.correctedAt }, cause);
  }

  /**
   * Takes the certificate to where its facts lead (domain `nextStep`), recording `update` with
   * that change: waits for the name, issues, reissues, or waits for numbers. Facts that lead
   * nowhere new are not stored (so a correction changing nothing printed publishes nothing).
   */
  private async settle(manager: EntityManager, item: ItemRecord<CertificateFacts>, update: Partial<CertificateFacts> = {}, cause?: string | null): Promise<ItemRecord<CertificateFacts>> {
    const facts = { ...item.facts, ...update };
    const step = nextStep(item.state, facts);
    switch (step.kind) {
      case 'none':
        // A reissue waiting for numbers whose change was corrected back: the certificate stands as issued.
        if (item.state === 'in_progress' && facts.certificateNumber) return this.record(manager, item, { change: 'issued', state: 'done', facts, cause });
        return item;
      case 'await-name':
        if (item.state === 'awaiting_applicant') return item;
        return this.record(manager, item, { change: 'awaiting-applicant', state: 'awaiting_applicant', waitingFor: ['newborn-name'], reasonCode: NEWBORN_NAME_REQUIRED, reason: REASONS.awaitingName, facts, cause });
      case 'issue':
      case 'reissue': {
        const rules = this.rulesOf(facts);
        const allocation = await this.allocate(manager, item.caseId, facts, rules.values.certificates.birthCertificateNumber);
        if (allocation.kind === 'exhausted') {
          return this.record(manager, item, { change: 'in-progress', state: 'in_progress', reasonCode: NUMBER_BLOCK_EXHAUSTED, reason: allocation.reason, facts, cause });
        }
        const issuedAt = new Date().toISOString();
        const previous = step.kind === 'reissue' ? facts.certificateNumber : null;
        if (previous) await this.blocks.markReplaced(manager, previous, allocation.certificateNumber);
        const issued = { ...facts, certificateNumber: allocation.certificateNumber, replaces: previous, issuedAt, printedOnCertificate: facts.printed };
        return this.record(manager, item, { change: previous ? 'reissued' : 'issued', state: 'done', ruleVersion: String(rules.version), facts: issued, cause });
      }
    }
  }

  private async record(manager: EntityManager, item: ItemRecord<CertificateFacts>, change: ItemChange<CertificateFacts>): Promise<ItemRecord<CertificateFacts>> {
    return (await this.items.apply(manager, item, change)).item;
  }

  /** The next number of the institution; outside production its first birth gets a demo block. Raises the low-water event. */
  private async allocate(manager: EntityManager, caseId: string, facts: CertificateFacts, format: NumberFormat): Promise<NumberAllocation> {
    const request = { institutionId: facts.institutionId, caseId };
    let allocation = await this.blocks.allocate(manager, request, format);
    if (allocation.kind === 'exhausted' && this.config.NODE_ENV !== 'production') {
      const demo = await this.blocks.ensureDemoBlock(manager, facts.institutionId, format);
      if (demo?.kind === 'added') {
        this.logger.log(`demo block ${demo.block.prefix}${demo.block.from}-${demo.block.to} loaded for institution ${facts.institutionId} (not in production)`);
        allocation = await this.blocks.allocate(manager, request, format);
      }
    }
    if (allocation.kind === 'allocated' && allocation.crossedLowWater) {
      const block = (await this.blocks.blocksOf(manager, facts.institutionId)).find((b) => b.id === allocation.blockId)!;
      await this.messaging.publisher.publish(manager, {
        topic: Topics.birthCertificateNumberBlockLowV1,
        key: facts.institutionId,
        caseId,
        payload: {
          institutionId: facts.institutionId,
          blockId: block.id,
          prefix: block.prefix,
          from: block.from,
          to: block.to,
          remainingInBlock: allocation.remainingInBlock,
          remainingInLaterBlocks: allocation.remainingInLaterBlocks,
          crossedAt: new Date().toISOString(),
        },
      });
    }
    return allocation;
  }
}
