import { createParamDecorator, InternalServerErrorException, type ExecutionContext } from '@nestjs/common';
import type { HospitalRequest } from './hospital-auth.guard';
import type { AuthenticatedHospital } from './signed-message-verifier';

/**
 * The hospital that signed the request, as HospitalAuthGuard verified it. A handler acts on
 * this hospital's own births only: filter and check every read, correction and void by its id.
 */
export const CurrentHospital = createParamDecorator((_: unknown, context: ExecutionContext): AuthenticatedHospital => {
  const hospital = context.switchToHttp().getRequest<HospitalRequest>().hospital;
  // A route without the guard is a programming error; never answer as if anonymous were a hospital.
  if (!hospital) throw new InternalServerErrorException('@CurrentHospital() used on a route without HospitalAuthGuard');
  return hospital;
});
