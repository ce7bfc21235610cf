import { Module } from '@nestjs/common';
import { SecretBox, ServiceConfig } from '@birth/platform';
import type { GatewayConfig } from '../config';
import { AuditLog } from '../security/audit-log';
import { HospitalAuthGuard } from './hospital-auth.guard';
import { HospitalsRepository } from './hospitals.repository';
import { NoncePruner } from './nonce-pruner';
import { SignedMessageVerifier } from './signed-message-verifier';

/**
 * Hospitals and their keys: the signed-request guard (`@UseGuards(HospitalAuthGuard)` with
 * `@CurrentHospital()`), the transport-neutral SignedMessageVerifier (for the Kafka ingress
 * consumer), the repository, the audit log writer and the SecretBox under SECRETS_KEK.
 * Needs ServiceConfig (a GatewayConfig) and the TypeORM DataSource, both from ServiceModule.
 */
@Module({
  providers: [
    {
      provide: SecretBox,
      inject: [ServiceConfig],
      useFactory: (config: ServiceConfig) => SecretBox.fromBase64((config as GatewayConfig).SECRETS_KEK),
    },
    AuditLog,
    HospitalsRepository,
    SignedMessageVerifier,
    HospitalAuthGuard,
    NoncePruner,
  ],
  exports: [SecretBox, AuditLog, HospitalsRepository, SignedMessageVerifier, HospitalAuthGuard],
})
export class HospitalsModule {}
