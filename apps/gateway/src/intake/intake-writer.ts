import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ReferenceData } from '@birth/platform';
import { AccountSealer } from './account-sealer';
import { IntakeCrypto } from './intake-crypto';
import { IntakeQueries } from './intake-queries.service';
import { IntakeRepository } from './intake.repository';

/**
 * What the two services that write a whole application (a submission and a correction) work
 * with: the record store, its sealing, the sealed bank accounts and the rules. One constructor
 * for both: Nest injects a subclass through the constructor it inherits.
 */
@Injectable()
export abstract class IntakeWriter {
  constructor(
    protected readonly dataSource: DataSource,
    protected readonly records: IntakeRepository,
    protected readonly queries: IntakeQueries,
    protected readonly crypto: IntakeCrypto,
    protected readonly accounts: AccountSealer,
    /** The gateway's copy of the rules (repository files and policy.versions.v1): the intake window and the settlement rule. */
    protected readonly referenceData: ReferenceData,
  ) {}
}
