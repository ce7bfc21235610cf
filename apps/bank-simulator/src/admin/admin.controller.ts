import { Body, Controller, Delete, Get, HttpCode, Post, Put, Query, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { FaultSettings, FaultStore } from '../faults/faults';
import { validatedBody } from '../http/validated-body';
import { Accounts, CloseAccountRequest, OpenAccountRequest } from './accounts';
import { AdminTokenGuard } from './admin-token.guard';
import { Ledger } from './ledger';

/** The operator's side of the simulator: accounts, injected faults and the ledger's figures (README.md). */
@Controller('admin')
@UseGuards(AdminTokenGuard)
export class AdminController {
  constructor(
    private readonly accounts: Accounts,
    private readonly faults: FaultStore,
    private readonly ledger: Ledger,
  ) {}

  @Post('accounts')
  async openAccount(@Body() body: unknown, @Res({ passthrough: true }) response: Response) {
    const { created, account } = await this.accounts.open(validatedBody(OpenAccountRequest, body));
    response.status(created ? 201 : 200);
    return account;
  }

  @Post('accounts/close')
  @HttpCode(200)
  closeAccount(@Body() body: unknown) {
    return this.accounts.close(validatedBody(CloseAccountRequest, body));
  }

  @Get('faults')
  currentFaults() {
    return this.faults.current();
  }

  @Put('faults')
  changeFaults(@Body() body: unknown) {
    return this.faults.change(validatedBody(FaultSettings, body));
  }

  @Delete('faults')
  resetFaults() {
    return this.faults.reset();
  }

  @Get('ledger')
  ledgerSummary(@Query('idempotencyKey') idempotencyKey?: string) {
    return this.ledger.summary(idempotencyKey || undefined);
  }
}
