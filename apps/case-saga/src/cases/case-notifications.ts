import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { Topics, type CaseNotificationRequestedV1, type NotificationParametersV1 } from '@birth/contracts';
import type { OutboxPublisher } from '@birth/messaging';
import type { NotificationRequest } from './domain/notifications';

/** A request as the case shows it. */
export interface NotificationView {
  notificationId: string;
  event: string;
  item: string;
  template: string;
  channel: string;
  recipient: string;
  parameters: NotificationParametersV1;
  requestedAt: string;
}

/**
 * `case.notification-requested.v1` through the outbox, with a row on the case in the same
 * transaction: the request is durable and visible on the case, and a change seen twice asks once
 * (`dedup_key`). The contact phone is referenced (`application.contactPhone`), never carried.
 */
export class CaseNotifications {
  constructor(private readonly publisher: OutboxPublisher) {}

  /** Requests it unless the case asked for the same thing before; true when it was requested now. */
  async request(manager: EntityManager, caseId: string, caseNumber: string, request: NotificationRequest, requestedAt: string): Promise<boolean> {
    const payload: CaseNotificationRequestedV1 = {
      notificationId: randomUUID(),
      caseNumber,
      event: request.event,
      item: request.item,
      template: request.template,
      channel: 'sms',
      recipient: 'application.contactPhone',
      parameters: request.parameters,
      requestedAt,
    };
    const inserted: unknown[] = await manager.query(
      `INSERT INTO case_notifications (notification_id, case_id, dedup_key, event, item, template, channel, recipient, parameters, requested_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (case_id, dedup_key) DO NOTHING RETURNING notification_id`,
      [payload.notificationId, caseId, request.dedupKey, payload.event, payload.item, payload.template, payload.channel, payload.recipient, JSON.stringify(payload.parameters), requestedAt],
    );
    if (inserted.length === 0) return false;
    await this.publisher.publish(manager, { topic: Topics.caseNotificationRequestedV1, key: caseId, caseId, payload, id: payload.notificationId });
    return true;
  }

  async of(manager: EntityManager, caseId: string): Promise<NotificationView[]> {
    const rows: { notification_id: string; event: string; item: string; template: string; channel: string; recipient: string; parameters: NotificationParametersV1; requested_at: Date }[] =
      await manager.query(`SELECT * FROM case_notifications WHERE case_id = $1 ORDER BY requested_at, notification_id`, [caseId]);
    return rows.map((r) => ({
      notificationId: r.notification_id,
      event: r.event,
      item: r.item,
      template: r.template,
      channel: r.channel,
      recipient: r.recipient,
      parameters: r.parameters,
      requestedAt: r.requested_at.toISOString(),
    }));
  }
}
