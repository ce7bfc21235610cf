import type { DestinationStream } from 'pino';

const LEVEL_WIDTH = 5;

/**
 * LOG_FORMAT=text: each JSON line as `time LEVEL [context] message {other fields}` for a
 * person at a terminal or reading a test's output. The same fields as in JSON, nothing dropped.
 */
export function textDestination(out: NodeJS.WritableStream): DestinationStream {
  return {
    write(line: string): void {
      let record: Record<string, unknown>;
      try {
        record = JSON.parse(line) as Record<string, unknown>;
      } catch {
        out.write(line);
        return;
      }
      const { time, level, msg, context, service, ...rest } = record;
      const where = context ? `${String(service)}/${String(context)}` : String(service);
      const extra = Object.keys(rest).length ? ` ${JSON.stringify(rest)}` : '';
      out.write(`${String(time)} ${String(level).toUpperCase().padEnd(LEVEL_WIDTH)} [${where}] ${String(msg ?? '')}${extra}\n`);
    },
  };
}
