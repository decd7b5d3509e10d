import { isUtf8 } from 'node:buffer';
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { Duplex } from 'node:stream';

/**
 * Raw UTF-8 in a request target (curl sends `?q=营业执照` as typed) is read as the text it is: those bytes can mean
 * nothing else. Node's HTTP parser (llhttp) refuses any byte over 0x7F in the target with HPE_INVALID_URL, even with
 * `insecureHTTPParser`, and hands the socket to `clientError` with the bytes it was parsing (`rawPacket`). When those
 * bytes hold one whole request whose target is valid UTF-8 otherwise made of visible ASCII, the request is replayed
 * with the UTF-8 bytes percent-encoded, into the same server, on a stand-in connection that writes to the client's
 * socket; that connection serves this one request and closes (the failed parser cannot be detached from the socket,
 * so it can read no further request). Anything else — a request spread over several packets, a body of unknown
 * length, bytes that are not UTF-8 — returns undefined and gets the explanation as before.
 */
export function utf8TargetRepaired(packet: Buffer | undefined): Buffer | undefined {
  if (!packet) return undefined;
  const lineEnd = packet.indexOf('\r\n');
  const headEnd = packet.indexOf('\r\n\r\n');
  if (lineEnd < 0 || headEnd < 0) return undefined;
  const line = /^([A-Z]+) ([^ ]+) (HTTP\/1\.[01])$/.exec(packet.subarray(0, lineEnd).toString('latin1'));
  if (!line) return undefined;
  const target = Buffer.from(line[2] as string, 'latin1');
  if (!target.some((b) => b > 0x7f) || target.some((b) => b < 0x21 || b === 0x7f) || !isUtf8(target)) return undefined;
  const head = packet.subarray(0, headEnd).toString('latin1');
  if (/\r\ntransfer-encoding\s*:/i.test(head)) return undefined;
  const length = Number(/\r\ncontent-length\s*:\s*(\d+)\s*(?:\r\n|$)/i.exec(head)?.[1] ?? 0);
  if (packet.length - (headEnd + 4) !== length) return undefined;
  const encoded = [...target].map((b) => (b > 0x7f ? `%${b.toString(16).toUpperCase()}` : String.fromCharCode(b)));
  return Buffer.concat([Buffer.from(`${line[1]} ${encoded.join('')} ${line[3]}`, 'latin1'), packet.subarray(lineEnd)]);
}

const replays = new WeakSet<object>();
const replayed = new WeakSet<Socket>();

/** Whether this request came through `replayRequest` (its answer closes the connection: see above). */
export const isReplayed = (socket: unknown): boolean =>
  typeof socket === 'object' && socket !== null && replays.has(socket);
/** Whether the socket's request was replayed: the failed parser's later complaints about it are to be ignored. */
export const wasReplayed = (socket: Socket): boolean => replayed.has(socket);

export function replayRequest(server: Server, socket: Socket, bytes: Buffer): void {
  replayed.add(socket);
  const connection = new Duplex({
    read() {},
    write(chunk, encoding, done) {
      socket.write(chunk, encoding, done);
    },
    final(done) {
      socket.end();
      done();
    },
    destroy(error, done) {
      socket.destroy();
      done(error);
    },
  });
  // What handlers read of the connection (the client's address: the local sign-in is for loopback only).
  for (const name of ['remoteAddress', 'remotePort', 'remoteFamily', 'localAddress', 'localPort'] as const) {
    Object.defineProperty(connection, name, { value: socket[name] });
  }
  replays.add(connection);
  socket.on('close', () => connection.destroy());
  server.emit('connection', connection);
  connection.push(bytes);
}
