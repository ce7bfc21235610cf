// The progress bar on stderr: redrawn in place on a terminal, a line every few seconds otherwise
// (a log file). stdout stays for the summary and the JSON line.

export interface ProgressFigures {
  sent: number;
  planned: number;
  accepted: number;
  rejected: number;
  completed: number;
  pending: number;
  phase: 'sending' | 'follow-ups' | 'draining';
}

const WIDTH = 30;
const PLAIN_EVERY_MS = 5_000;

export function progressLine(f: ProgressFigures): string {
  const share = f.planned === 0 ? 1 : Math.min(1, f.sent / f.planned);
  const filled = Math.round(share * WIDTH);
  return `[${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${Math.round(share * 100)}% ${f.phase}: sent ${f.sent}/${f.planned}, accepted ${f.accepted}, rejected ${f.rejected}, completed ${f.completed}, open ${f.pending}`;
}

export class ProgressBar {
  private lastPlain = 0;
  private drawn = false;

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly enabled: boolean,
  ) {}

  update(figures: ProgressFigures): void {
    if (!this.enabled) return;
    const line = progressLine(figures);
    if (this.stream.isTTY) {
      this.stream.write(`\r${line.padEnd(this.stream.columns ? Math.min(this.stream.columns - 1, 160) : 0)}`);
      this.drawn = true;
    } else if (Date.now() - this.lastPlain >= PLAIN_EVERY_MS) {
      this.lastPlain = Date.now();
      this.stream.write(`${line}\n`);
    }
  }

  done(): void {
    if (this.drawn) this.stream.write('\n');
    this.drawn = false;
  }
}
