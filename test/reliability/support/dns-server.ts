import { createSocket, Socket } from 'node:dgram';
import { isIPv4, isIPv6 } from 'node:net';

const A = 1;
const AAAA = 28;

/** What a name answers, decided per query (so a test can change its mind between queries: rebinding). */
export type DnsAnswer = (query: { name: string; type: 'A' | 'AAAA'; count: number }) => string[];

/**
 * A tiny authoritative DNS server on a loopback UDP port (RFC 1035 wire format, A and AAAA only, TTL 0):
 * enough for a real resolver (`dns.promises.Resolver` with `setServers`) to ask it. Unknown names get
 * NXDOMAIN. It logs every query.
 */
export class TinyDnsServer {
  readonly queries: Array<{ name: string; type: 'A' | 'AAAA' }> = [];
  private readonly socket: Socket = createSocket('udp4');
  private readonly zone = new Map<string, DnsAnswer>();

  /** `name` answers with `answer` (a list of IPv4/IPv6 addresses; each is served for its own type). */
  set(name: string, answer: DnsAnswer | string[]): this {
    this.zone.set(name.toLowerCase(), Array.isArray(answer) ? () => answer : answer);
    return this;
  }

  async start(): Promise<this> {
    this.socket.on('message', (msg, rinfo) => {
      const reply = this.answer(msg);
      if (reply) this.socket.send(reply, rinfo.port, rinfo.address);
    });
    await new Promise<void>((resolve) => this.socket.bind(0, '127.0.0.1', resolve));
    return this;
  }

  /** `127.0.0.1:<port>`, for `Resolver#setServers`. */
  get address(): string {
    return `127.0.0.1:${this.socket.address().port}`;
  }

  countOf(name: string, type?: 'A' | 'AAAA'): number {
    return this.queries.filter((q) => q.name === name && (!type || q.type === type)).length;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }

  private answer(msg: Buffer): Buffer | null {
    if (msg.length < 12 || msg.readUInt16BE(4) !== 1) return null;
    const labels: string[] = [];
    let offset = 12;
    while (offset < msg.length && msg[offset] !== 0) {
      const len = msg[offset];
      labels.push(msg.subarray(offset + 1, offset + 1 + len).toString('latin1'));
      offset += len + 1;
    }
    const questionEnd = offset + 5;
    if (questionEnd > msg.length) return null;
    const qtype = msg.readUInt16BE(offset + 1);
    const name = labels.join('.').toLowerCase();
    const question = msg.subarray(12, questionEnd);
    const type = qtype === AAAA ? 'AAAA' : qtype === A ? 'A' : null;
    const script = this.zone.get(name);
    if (type) this.queries.push({ name, type });
    const addresses =
      script && type
        ? script({ name, type, count: this.countOf(name, type) }).filter((ip) =>
            type === 'A' ? isIPv4(ip) : isIPv6(ip),
          )
        : [];
    const header = Buffer.alloc(12);
    msg.copy(header, 0, 0, 2); // id
    const rd = msg[2] & 0x01;
    header[2] = 0x84 | rd; // QR, AA, RD as asked
    header[3] = script ? 0x00 : 0x03; // NOERROR / NXDOMAIN
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(addresses.length, 6);
    const answers = addresses.map((ip) => {
      const rdata = type === 'A' ? ipv4Bytes(ip) : ipv6Bytes(ip);
      const rr = Buffer.alloc(12);
      rr.writeUInt16BE(0xc00c, 0); // pointer to the question's name
      rr.writeUInt16BE(qtype, 2);
      rr.writeUInt16BE(1, 4); // IN
      rr.writeUInt32BE(0, 6); // TTL 0: never cached
      rr.writeUInt16BE(rdata.length, 10);
      return Buffer.concat([rr, rdata]);
    });
    return Buffer.concat([header, question, ...answers]);
  }
}

function ipv4Bytes(ip: string): Buffer {
  return Buffer.from(ip.split('.').map(Number));
}

function ipv6Bytes(ip: string): Buffer {
  let text = ip;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const b = ipv4Bytes(v4[1]);
    text = text.replace(
      v4[1],
      `${b.readUInt16BE(0).toString(16)}:${b.readUInt16BE(2).toString(16)}`,
    );
  }
  const [head, tail] = text.split('::');
  const h = head ? head.split(':') : [];
  const t = tail !== undefined && tail ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  const out = Buffer.alloc(16);
  groups.forEach((g, i) => out.writeUInt16BE(parseInt(g, 16), i * 2));
  return out;
}
