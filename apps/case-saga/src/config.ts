import { IsInt, Matches, Max, Min } from 'class-validator';
import { Default, ServiceConfig } from '@birth/platform';

export class CaseSagaConfig extends ServiceConfig {
  @Default(8086)
  @IsInt()
  override PORT!: number;

  @Default('case_saga')
  @Matches(/^[a-z_][a-z0-9_]*$/)
  override DATABASE_SCHEMA!: string;

  /** SLA (src/sla): a step is at risk within its last this many working days (DOMAIN.md §8). */
  @Default(2)
  @IsInt()
  @Min(1)
  @Max(30)
  SLA_AT_RISK_WORKING_DAYS!: number;

  /** A step in progress with no change for this long gets `retry-step`. */
  @Default(86_400_000)
  @IsInt()
  @Min(1_000)
  SLA_STUCK_AFTER_MS!: number;

  /** Still no change this long after `retry-step`: escalated to operators. */
  @Default(86_400_000)
  @IsInt()
  @Min(1_000)
  SLA_STUCK_ESCALATE_AFTER_MS!: number;

  /** After a void, a step not revoked within this long gets `revoke`. */
  @Default(3_600_000)
  @IsInt()
  @Min(1_000)
  SLA_REVOKE_AFTER_MS!: number;

  /** Still not revoked this long after `revoke`: escalated to operators. */
  @Default(86_400_000)
  @IsInt()
  @Min(1_000)
  SLA_REVOKE_ESCALATE_AFTER_MS!: number;

  /** Longest wait between timer ticks when nothing falls due sooner. */
  @Default(1_000)
  @IsInt()
  @Min(10)
  SLA_TICK_IDLE_MS!: number;
}
