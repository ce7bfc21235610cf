import { groupMembershipError, producerStateLost } from './kafkajs-message-bus';

/** Shaped as kafkajs's errors: a protocol error has a `type`, a wrapper carries it as `cause`. */
function protocolError(type: string): Error & { type: string } {
  return Object.assign(new Error(`broker said ${type}`), { type });
}

describe('groupMembershipError (a commit refused because this member was fenced)', () => {
  it('finds the protocol error inside the non-retriable wrapper of the commit retrier', () => {
    const fenced = protocolError('UNKNOWN_MEMBER_ID');
    const wrapped = Object.assign(new Error('The coordinator is not aware of this member'), { name: 'KafkaJSNonRetriableError', cause: fenced });
    expect(groupMembershipError(wrapped)).toBe(fenced);
  });

  it('knows every answer that means "rejoin": expired session, old generation, rebalance, moved coordinator', () => {
    for (const type of ['UNKNOWN_MEMBER_ID', 'ILLEGAL_GENERATION', 'REBALANCE_IN_PROGRESS', 'NOT_COORDINATOR_FOR_GROUP']) {
      const error = protocolError(type);
      expect(groupMembershipError(error)).toBe(error);
    }
  });

  it('leaves other failures alone', () => {
    expect(groupMembershipError(protocolError('TOPIC_AUTHORIZATION_FAILED'))).toBeNull();
    expect(groupMembershipError(new Error('Connection closed'))).toBeNull();
    expect(groupMembershipError(undefined)).toBeNull();
  });
});

describe('producerStateLost (a send refused because the broker lost this producer\'s sequence)', () => {
  it('finds OUT_OF_ORDER_SEQUENCE_NUMBER inside the retrier\'s wrapper, and the other lost-id answers', () => {
    const outOfOrder = protocolError('OUT_OF_ORDER_SEQUENCE_NUMBER');
    const wrapped = Object.assign(new Error('retries exhausted'), { name: 'KafkaJSNumberOfRetriesExceeded', cause: outOfOrder });
    expect(producerStateLost(wrapped)).toBe(outOfOrder);
    expect(producerStateLost(Object.assign(new Error('wrapped'), { originalError: outOfOrder }))).toBe(outOfOrder);
    for (const type of ['UNKNOWN_PRODUCER_ID', 'INVALID_PRODUCER_EPOCH', 'INVALID_PRODUCER_ID_MAPPING']) expect(producerStateLost(protocolError(type))).not.toBeNull();
  });

  it('leaves an outage and other refusals to the relay\'s own retries', () => {
    expect(producerStateLost(new Error('Connection closed'))).toBeNull();
    expect(producerStateLost(protocolError('NOT_LEADER_FOR_PARTITION'))).toBeNull();
    expect(producerStateLost(undefined)).toBeNull();
  });
});
