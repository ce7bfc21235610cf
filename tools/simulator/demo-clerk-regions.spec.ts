import { DEMO_CLERK_REGIONS } from '../../apps/gateway/src/console-auth/demo-users';
import { clerkServes } from '../../apps/gateway/src/console-auth/domain/region-coverage';
import { SEED_REGIONS } from './seed-regions';

describe('the demo console clerk (apps/gateway/src/console-auth/demo-users.ts)', () => {
  it('serves every simulated hospital\'s region, and no region without one', () => {
    for (const region of SEED_REGIONS) expect(clerkServes(DEMO_CLERK_REGIONS, region.county)).toBe(true);
    for (const served of DEMO_CLERK_REGIONS) expect(SEED_REGIONS.some((region) => clerkServes([served], region.county))).toBe(true);
  });
});
