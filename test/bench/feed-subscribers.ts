// One process of the feed benchmark's subscribers (forked by feed.ts): opens
// `count` WebSocket connections, each with one `changes` subscription, speaking
// graphql-transport-ws directly (the protocol, not a client library, so the
// process spends little on each message). It reports each delivery's delay
// from the change's transaction time, and how many each subscriber received.
import WebSocket from 'ws';

interface Start {
  url: string;
  token: string;
  count: number;
  query: string;
}
type Command = ({ type: 'start' } & Start) | { type: 'report' } | { type: 'close' };

const sockets: WebSocket[] = [];
let delays: number[] = [];
let received: Uint32Array = new Uint32Array(0);
let refused = 0;
let lastAt = 0;

async function obey(command: Command) {
  if (command.type === 'start') {
    received = new Uint32Array(command.count);
    // In batches of 200, so the server's accept queue is not flooded.
    for (let i = 0; i < command.count; i += 200) {
      await Promise.all(Array.from({ length: Math.min(200, command.count - i) }, (_, j) => open(command, i + j)));
    }
    process.send!({ type: 'subscribed', open: sockets.length, refused });
  } else if (command.type === 'report') {
    process.send!({ type: 'report', delays, received: [...received], refused, lastAt, open: sockets.filter((s) => s.readyState === WebSocket.OPEN).length });
    delays = [];
    received.fill(0);
  } else if (command.type === 'close') {
    for (const socket of sockets) socket.terminate();
    process.exit(0);
  }
}

process.on('message', (command: Command) => {
  obey(command).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
});

function open({ url, token, query }: Start, index: number): Promise<void> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, 'graphql-transport-ws', { perMessageDeflate: false });
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } })));
    socket.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString());
      if (message.type === 'connection_ack') {
        socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query } }));
        sockets.push(socket);
        resolve();
      } else if (message.type === 'next') {
        const change = message.payload.data?.changes;
        if (!change) return void refused++;
        lastAt = Date.now();
        delays.push(lastAt - Date.parse(change.occurredAt));
        received[index]++;
      } else if (message.type === 'error') {
        refused++;
      }
    });
    socket.on('error', () => {
      refused++;
      resolve();
    });
  });
}
