export { expectEventually } from './eventually';
export { TcpProxy } from './tcp-proxy';
export { TestNamespace } from './test-namespace';
export { testInfrastructure, stopKafka, startKafka, REPO_ROOT } from './infrastructure';
export type { TestInfrastructure } from './infrastructure';
export { spawnNode, type NodeProcess } from './node-process';
export { envelopeMessage, TopicDeliveries } from './topic-deliveries';
export { registeredBirthV1 } from './registered-birth';
export { startServiceProcess, type ServiceProcess } from './service-process';
