/**
 * Maps a registry topic name to the topic on the broker. Production uses the names as they
 * are; tests give each suite a prefix so suites sharing one broker cannot see each other.
 */
export class TopicNamer {
  constructor(readonly prefix: string = '') {}

  physical(name: string): string {
    return `${this.prefix}${name}`;
  }

  logical(physicalName: string): string {
    return this.prefix && physicalName.startsWith(this.prefix) ? physicalName.slice(this.prefix.length) : physicalName;
  }
}
