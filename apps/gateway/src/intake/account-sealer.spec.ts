import { FieldOpener, FieldSealer, generateSealingKeyPair, SealingPrivateKeyring, SealingPublicKeyring } from '@birth/platform';
import { AccountSealer } from './account-sealer';
import { validApplication } from './domain/validation/birth-application.fixture';

describe('AccountSealer', () => {
  it('seals each account for the allowance service, bound to the case and the field', async () => {
    const { publicKey, privateKey } = await generateSealingKeyPair();
    const sealer = new AccountSealer(new FieldSealer(await SealingPublicKeyring.fromRawKeys({ 'k-1': publicKey }, 'k-1')));
    const opener = new FieldOpener(await SealingPrivateKeyring.fromRawKeys({ 'k-1': privateKey }));
    const application = validApplication();
    const sealed = await sealer.sealAccounts('case-1', application);
    expect(sealed.mother!.kid).toBe('k-1');
    expect(await opener.openJson(sealed.mother!, { caseId: 'case-1', fieldPath: 'mother.bankAccount' })).toEqual(application.mother.bankAccount);
    expect(await opener.openJson(sealed.father!, { caseId: 'case-1', fieldPath: 'father.bankAccount' })).toEqual(application.father!.bankAccount);
    await expect(opener.openJson(sealed.mother!, { caseId: 'case-2', fieldPath: 'mother.bankAccount' })).rejects.toMatchObject({ code: 'SEALED_VALUE_NOT_AUTHENTIC' });
    await expect(opener.openJson(sealed.mother!, { caseId: 'case-1', fieldPath: 'father.bankAccount' })).rejects.toMatchObject({ code: 'SEALED_VALUE_NOT_AUTHENTIC' });
  });

  it('seals nothing for a parent without an account', async () => {
    const { publicKey } = await generateSealingKeyPair();
    const sealer = new AccountSealer(new FieldSealer(await SealingPublicKeyring.fromRawKeys({ 'k-1': publicKey }, 'k-1')));
    const application = validApplication();
    delete application.father!.bankAccount;
    expect(Object.keys(await sealer.sealAccounts('case-1', application))).toEqual(['mother']);
  });
});
