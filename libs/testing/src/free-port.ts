import { once } from 'node:events';
import { createServer } from 'node:net';

/** A loopback TCP port nothing listens on right now (the OS picks it; free to reuse once closed). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}
