import { SecretBox } from '@birth/platform';

/**
 * The social security number is the citizen ID number (DOMAIN.md §6): kept sealed at rest
 * (SecretBox under this service's SECRETS_KEK), bound to its case, opened only to answer the
 * internal read, where it is masked unless a reveal is asked for and audited.
 */
export class SocialSecurityNumbers {
  constructor(private readonly box: SecretBox) {}

  static fromKek(kekBase64: string): SocialSecurityNumbers {
    return new SocialSecurityNumbers(SecretBox.fromBase64(kekBase64));
  }

  seal(caseId: string, citizenIdNumber: string): string {
    return this.box.seal(citizenIdNumber, contextOf(caseId));
  }

  open(caseId: string, sealed: string): string {
    return this.box.open(sealed, contextOf(caseId)).toString('utf8');
  }
}

function contextOf(caseId: string): string {
  return `social-security-card:socialSecurityNumber:${caseId}`;
}

/**
 * The instance the item kit's answer uses: the kit's definition is given when the module is
 * declared, before the configuration is loaded, so the provider fills this in at boot.
 */
export class LateBound<T> {
  private value: T | undefined;

  set(value: T): T {
    this.value = value;
    return value;
  }

  get(): T {
    if (this.value === undefined) throw new Error('used before the service booted');
    return this.value;
  }
}
