import { NOW, validApplication } from './validation/birth-application.fixture';
import { checkHospitalSubmission } from './submitting-hospital';

const application = validApplication();
const ownHospital = { id: application.hospital.institutionId, regionCode: application.hospital.regionCode };
const plain = () => JSON.parse(JSON.stringify(validApplication())) as Record<string, unknown>;

describe('checkHospitalSubmission', () => {
  it('accepts the hospital\'s own valid birth', () => {
    expect(checkHospitalSubmission(ownHospital, plain(), { now: NOW })).toEqual({ ok: true, value: expect.objectContaining({ birthRecordId: application.birthRecordId }) });
  });

  it('refuses a broken form with 400 and every error, before looking at the hospital', () => {
    const body = { ...plain(), nickname: 'x' };
    const result = checkHospitalSubmission({ id: 'someone-else', regionCode: '999999' }, body, { now: NOW });
    expect(result).toEqual({ ok: false, status: 400, errors: [expect.objectContaining({ code: 'UNKNOWN_FIELD', field: 'nickname' })] });
  });

  it('refuses another institution\'s birth with 403', () => {
    const result = checkHospitalSubmission({ ...ownHospital, id: 'another-hospital' }, plain(), { now: NOW });
    expect(result).toEqual({ ok: false, status: 403, errors: [expect.objectContaining({ code: 'HOSPITAL_MISMATCH', field: 'hospital.institutionId' })] });
  });

  it('refuses a region other than the hospital\'s with 400', () => {
    const result = checkHospitalSubmission({ ...ownHospital, regionCode: '110101' }, plain(), { now: NOW });
    expect(result).toEqual({ ok: false, status: 400, errors: [expect.objectContaining({ code: 'HOSPITAL_REGION_MISMATCH', field: 'hospital.regionCode' })] });
  });
});
