import type { AddressInfo } from "node:net";
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

/**
 * A real SMTP server on loopback for tests (port 0: the system picks a free one). It keeps what
 * arrives, parsed; `refuse = true` makes it answer 451 (a temporary failure) to every message.
 */
export type TestSmtp = {
  url: string;
  inbox: ParsedMail[];
  refuse: boolean;
  /** Resolves once `count` messages have arrived (polls; generous timeout for slow machines). */
  waitFor(count: number, timeoutMs?: number): Promise<ParsedMail[]>;
  close(): Promise<void>;
};

export async function startTestSmtp(): Promise<TestSmtp> {
  const state: TestSmtp = {
    url: "",
    inbox: [],
    refuse: false,
    async waitFor(count, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (state.inbox.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} mails, got ${state.inbox.length}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      return state.inbox;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, _session, callback) {
      if (state.refuse) {
        stream.resume();
        stream.on("end", () =>
          callback(Object.assign(new Error("Tijdelijk niet beschikbaar"), { responseCode: 451 })),
        );
        return;
      }
      simpleParser(stream).then(
        (mail) => {
          state.inbox.push(mail);
          callback();
        },
        (err: Error) => callback(err),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  state.url = `smtp://127.0.0.1:${port}`;
  return state;
}
