import { Module } from '@nestjs/common';
import { maskIdNumber, Topics, type SocialSecurityCardItemChangedV1 } from '@birth/contracts';
import { DepartmentItemModule, ServiceConfig, ServiceModule } from '@birth/platform';
import { CardAdvancesController } from './card/card-advances.internal.controller';
import { cardAnswerFields, cardEventFacts, type CardFacts } from './card/card-facts';
import { CardsConsumer } from './card/cards.consumer';
import { CardsService } from './card/cards.service';
import { cardItem } from './card/domain/card-item';
import { LateBound, SocialSecurityNumbers } from './card/social-security-numbers';
import type { SocialSecurityCardConfig } from './config';
import { service } from './service';

const numbers = new LateBound<SocialSecurityNumbers>();

@Module({
  imports: [
    ServiceModule.forRoot(service),
    DepartmentItemModule.register<CardFacts, SocialSecurityCardItemChangedV1>({
      transitions: cardItem,
      topic: Topics.socialSecurityCardItemChangedV1,
      eventFacts: cardEventFacts,
      answerFields: (facts) => cardAnswerFields(facts, numbers.get()),
      masks: { socialSecurityNumber: maskIdNumber },
    }),
  ],
  controllers: [CardsConsumer, CardAdvancesController],
  providers: [
    CardsService,
    {
      provide: SocialSecurityNumbers,
      inject: [ServiceConfig],
      useFactory: (config: ServiceConfig) => numbers.set(SocialSecurityNumbers.fromKek((config as SocialSecurityCardConfig).SECRETS_KEK)),
    },
  ],
})
export class AppModule {}
