// What the rest of the gateway uses of hospitals and their signed requests.
export { HospitalsModule } from './hospitals.module';
export { HospitalAuthGuard, type HospitalRequest } from './hospital-auth.guard';
export { CurrentHospital } from './current-hospital.decorator';
export { HospitalsRepository } from './hospitals.repository';
export {
  SignedMessageVerifier,
  AUTH_REFUSAL_CODES,
  type AuthRefusalCode,
  type AuthenticatedHospital,
  type SignedMessage,
  type VerificationResult,
} from './signed-message-verifier';
export { CreateHospitals1764000001000 } from './migrations/1764000001000-create-hospitals';
