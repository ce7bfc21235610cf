import { Injectable } from '@nestjs/common';
import { IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';
import { BankDatabase } from '../database/bank-database';
import { bankError } from '../http/bank-api-errors';
import { maskAccount } from '@birth/contracts';

export class OpenAccountRequest {
  @IsString() @Matches(/^[0-9]{8,30}$/, { message: 'number must be 8 to 30 digits' }) number!: string;
  @IsString() @IsNotEmpty() @MaxLength(100) holderName!: string;
}

export class CloseAccountRequest {
  @IsString() @Matches(/^[0-9]{8,30}$/, { message: 'number must be 8 to 30 digits' }) number!: string;
}

interface AccountRow {
  number: string;
  state: 'open' | 'closed';
}

const view = (row: AccountRow) => ({ number: maskAccount(row.number), state: row.state });

/** The bank's accounts, opened and closed by the admin API (the only way in: no customer side). */
@Injectable()
export class Accounts {
  constructor(private readonly db: BankDatabase) {}

  /** Opens the account; the same number and holder again is the same account (created false). */
  async open(request: OpenAccountRequest): Promise<{ created: boolean; account: ReturnType<typeof view> }> {
    const [inserted] = await this.db.query<AccountRow>(
      `INSERT INTO accounts (number, holder_name) VALUES ($1, $2) ON CONFLICT (number) DO NOTHING RETURNING number, state`,
      [request.number, request.holderName],
    );
    if (inserted) return { created: true, account: view(inserted) };
    const [existing] = await this.db.query<AccountRow & { holder_name: string }>(`SELECT number, state, holder_name FROM accounts WHERE number = $1`, [request.number]);
    if (!existing || existing.holder_name !== request.holderName) throw bankError('ACCOUNT_EXISTS');
    return { created: false, account: view(existing) };
  }

  async close(request: CloseAccountRequest): Promise<ReturnType<typeof view>> {
    const [row] = await this.db.query<AccountRow>(
      `WITH closed AS (UPDATE accounts SET state = 'closed', closed_at = COALESCE(closed_at, now()) WHERE number = $1 RETURNING number, state) SELECT * FROM closed`,
      [request.number],
    );
    if (!row) throw bankError('ACCOUNT_NOT_FOUND');
    return view(row);
  }
}
