import { Module } from '@nestjs/common';
import { Topics, type BirthCertificateItemChangedV1 } from '@birth/contracts';
import { DepartmentItemModule, ServiceModule } from '@birth/platform';
import { CertificateBlocksController } from './certificates/certificate-blocks.controller';
import { CertificateNumberBlocksRepository } from './certificates/certificate-number-blocks.repository';
import { CertificatesConsumer } from './certificates/certificates.consumer';
import { CertificatesService } from './certificates/certificates.service';
import { certificateItem } from './domain/certificate-item';
import type { CertificateFacts } from './domain/certificate-rules';
import { service } from './service';

/** The certificate's three fields, in the event and the internal answer alike (no personal data: the item keeps only digests of the printed facts). */
const certificateFields = (facts: CertificateFacts) => ({
  certificateNumber: facts.certificateNumber ?? null,
  replaces: facts.replaces ?? null,
  issuedAt: facts.issuedAt ?? null,
});

@Module({
  imports: [
    ServiceModule.forRoot(service),
    DepartmentItemModule.register<CertificateFacts, BirthCertificateItemChangedV1>({
      transitions: certificateItem,
      topic: Topics.birthCertificateItemChangedV1,
      eventFacts: certificateFields,
      answerFields: (facts) => ({ ...certificateFields(facts), institutionId: facts.institutionId }),
    }),
  ],
  controllers: [CertificatesConsumer, CertificateBlocksController],
  providers: [CertificatesService, CertificateNumberBlocksRepository],
})
export class AppModule {}
