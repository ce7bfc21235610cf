import { IsInt, Matches, Min } from 'class-validator';
import { Default, ServiceConfig } from '@birth/platform';

export class MedicalInsuranceConfig extends ServiceConfig {
  @Default(8083)
  @IsInt()
  override PORT!: number;

  @Default('medical_insurance')
  @Matches(/^[a-z_][a-z0-9_]*$/)
  override DATABASE_SCHEMA!: string;

  /**
   * After a calendar year is loaded, the windows it changes are re-decided at once and once more
   * this much later: a birth decided on the old calendar whose transaction committed after the
   * first pass read the table is caught by the second.
   */
  @Default(5000)
  @IsInt()
  @Min(0)
  WINDOW_REDECISION_SETTLE_MS!: number;
}
