// Prints, as one line of JSON, the answers of the repository calendar to every case of
// calendar-cases.ts: time-zone.spec.ts runs it under several TZ values and compares.
import { Calendar, loadYearFiles } from '../src';
import { CALENDAR_CASES } from './calendar-cases';

const calendar = new Calendar(loadYearFiles());
const answers = Object.fromEntries(CALENDAR_CASES.map((c) => [c.name, c.run(calendar)]));
process.stdout.write(`${JSON.stringify({ timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone, answers })}\n`);
