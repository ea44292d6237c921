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
  /**
   * A slow server: each step (greeting, MAIL FROM, RCPT TO, the answer to the message) of a
   * connection opened while this is > 0 waits this long before its answer. Read at connect time,
   * so a slow and a prompt conversation can run side by side.
   */
  stepDelayMs: number;
  /** Connections the server accepted. */
  connected: number;
  /** Connections the server saw close (a sender that gave up closes its own). */
  closed: number;
  /** Resolves once `count` messages have arrived (polls; generous timeout for slow machines). */
  waitFor(count: number, timeoutMs?: number): Promise<ParsedMail[]>;
  close(): Promise<void>;
};

export async function startTestSmtp(): Promise<TestSmtp> {
  const state: TestSmtp = {
    url: "",
    inbox: [],
    refuse: false,
    stepDelayMs: 0,
    connected: 0,
    closed: 0,
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
  const delays = new Map<string, number>();
  const step = (sessionId: string) =>
    new Promise<void>((resolve) => setTimeout(resolve, delays.get(sessionId) ?? 0));
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onConnect(session, callback) {
      delays.set(session.id, state.stepDelayMs);
      state.connected++;
      step(session.id).then(() => callback());
    },
    onClose(session) {
      delays.delete(session.id);
      state.closed++;
    },
    onMailFrom(_address, session, callback) {
      step(session.id).then(() => callback());
    },
    onRcptTo(_address, session, callback) {
      step(session.id).then(() => callback());
    },
    onData(stream, session, callback) {
      if (state.refuse) {
        stream.resume();
        stream.on("end", () =>
          callback(Object.assign(new Error("Tijdelijk niet beschikbaar"), { responseCode: 451 })),
        );
        return;
      }
      simpleParser(stream).then(
        async (mail) => {
          await step(session.id);
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
