// A valid application for the unit tests of the intake rules: the contract's own test fixture
// (libs/contracts/test), one birth for both. Fixed instants keep the tests independent of the clock.

export { FATHER_ID, MOTHER_ID, validBirthSubmission as validApplication } from '../../../../../../libs/contracts/test/birth-submission.fixture';

/** The time the fixture is checked: 7 March 2025, 10:00 China time. */
export const NOW = new Date('2025-03-07T10:00:00+08:00');
