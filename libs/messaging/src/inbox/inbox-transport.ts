import { Catch, type RpcExceptionFilter } from '@nestjs/common';
import { BaseRpcContext, CustomTransportStrategy, Server } from '@nestjs/microservices';
import { lastValueFrom, throwError, type Observable } from 'rxjs';
import type { EventEnvelope, TopicDefinition } from '@birth/contracts';
import type { InboxConsumer, InboxContext, MessageHandler } from './inbox-consumer';

/** `@Ctx()` of an `@EventPattern` handler running under the inbox transport. */
export class InboxRpcContext extends BaseRpcContext<[InboxContext]> {
  get inbox(): InboxContext {
    return this.args[0];
  }
}

/**
 * A NestJS transport strategy: handlers stay ordinary `@EventPattern('<topic>')` methods,
 * while the inbox consumer underneath decides transactions, offsets, retries and dead letters.
 * The pattern is the registry topic name; `resolveTopic` maps it to its definition.
 */
export class InboxTransport extends Server implements CustomTransportStrategy {
  constructor(
    private readonly createConsumer: (handlers: MessageHandler[]) => InboxConsumer,
    private readonly resolveTopic: (pattern: string) => TopicDefinition | undefined,
  ) {
    super();
  }

  private consumer: InboxConsumer | null = null;

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      const handlers: MessageHandler[] = [];
      for (const [pattern, nestHandler] of this.messageHandlers) {
        const topic = this.resolveTopic(pattern);
        if (!topic) throw new Error(`@EventPattern('${pattern}') names no topic of the registry`);
        handlers.push({
          topic,
          handle: async (envelope: EventEnvelope, context: InboxContext) => {
            const result = this.transformToObservable(await nestHandler(envelope, new InboxRpcContext([context])));
            await lastValueFrom(result, { defaultValue: undefined });
          },
        });
      }
      this.consumer = this.createConsumer(handlers);
      await this.consumer.start();
      callback();
    } catch (error) {
      callback(error);
    }
  }

  async close(): Promise<void> {
    await this.consumer?.stop();
  }

  on(): never {
    throw new Error('InboxTransport has no client events to listen to');
  }

  unwrap<T>(): T {
    return this.consumer as T;
  }
}

/**
 * Nest's default RPC exception filter turns every unknown error into `{ status: 'error',
 * message: 'Internal server error' }`. The inbox consumer needs the error itself: a
 * PermanentError goes to the DLQ at once, a database error pauses the consumer. Register this
 * filter on the microservice so handlers' errors reach it untouched.
 */
@Catch()
export class RethrowToInbox implements RpcExceptionFilter<unknown> {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}
