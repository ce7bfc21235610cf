// Where the bench reads that births are done: the saga's own table of cases (its state and the
// moment its last step was done), through one connection that counts its own transactions so that
// they can be taken out of the services' commits per birth.
import { Client } from 'pg';
import { COMPLETED_STATES } from './whole-system';

export class Completions {
  /** Transactions this reader committed in the services' database (each query is one). */
  queries = 0;

  private client: Client | null = null;

  private constructor(
    private readonly databaseUrl: string,
    private readonly sagaSchema: string,
  ) {}

  static async open(databaseUrl: string, sagaSchema: string): Promise<Completions> {
    const completions = new Completions(databaseUrl, sagaSchema);
    await completions.query('SELECT 1');
    return completions;
  }

  /** One statement; after a failure (PostgreSQL restarted under the recovery measurement) the next one connects again. */
  private async query<T extends object>(text: string, params: unknown[] = []): Promise<T[]> {
    this.queries += 1;
    try {
      if (!this.client) {
        const client = new Client({ connectionString: this.databaseUrl });
        client.on('error', () => undefined);
        await client.connect();
        this.client = client;
      }
      return (await this.client.query<T>(text, params)).rows;
    } catch (error) {
      void this.client?.end().catch(() => undefined);
      this.client = null;
      throw error;
    }
  }

  /** Cases whose every step is done (completed, or completed with rejections). */
  async completed(): Promise<number> {
    const rows = await this.query<{ n: string }>(`SELECT count(*) AS n FROM "${this.sagaSchema}".cases WHERE state = ANY($1)`, [COMPLETED_STATES]);
    return Number(rows[0]!.n);
  }

  /** Of these cases, when each was completed (ms since the epoch, the database's clock on this machine); absent when not yet. */
  async completedAt(caseIds: string[]): Promise<Map<string, number>> {
    const result = new Map<string, number>();
    for (let i = 0; i < caseIds.length; i += 5_000) {
      const rows = await this.query<{ case_id: string; at: string }>(
        `SELECT case_id, extract(epoch FROM completed_at) * 1000 AS at FROM "${this.sagaSchema}".cases WHERE case_id = ANY($1::uuid[]) AND state = ANY($2) AND completed_at IS NOT NULL`,
        [caseIds.slice(i, i + 5_000), COMPLETED_STATES],
      );
      for (const row of rows) result.set(row.case_id, Number(row.at));
    }
    return result;
  }

  /** Where the open cases stand: their steps not done, counted by item and state (e.g. "maternity-allowance in_progress 12"). */
  async openSteps(): Promise<string> {
    const rows = await this.query<{ item: string; state: string; n: number }>(
      `SELECT s.item, s.state, count(*)::int AS n FROM "${this.sagaSchema}".case_steps s JOIN "${this.sagaSchema}".cases c USING (case_id)
        WHERE c.state = 'open' AND s.state NOT IN ('done', 'rejected', 'forwarded') GROUP BY 1, 2 ORDER BY 3 DESC`,
    );
    return rows.map((r) => `${r.item} ${r.state} ${r.n}`).join(', ') || 'none';
  }

  /** Polls until at least `target` cases are completed or `timeoutMs` passes (a failed poll is tried again); the count reached. */
  async waitFor(target: number, timeoutMs: number, interrupted: () => boolean = () => false): Promise<number> {
    const deadline = performance.now() + timeoutMs;
    let done = 0;
    for (;;) {
      done = await this.completed().catch(() => done);
      if (done >= target || performance.now() > deadline || interrupted()) return done;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  async close(): Promise<void> {
    await this.client?.end().catch(() => undefined);
  }
}
