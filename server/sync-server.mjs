// Starts Hocuspocus (the registry's Yjs sync server) for Interlock's live rooms. This
// file only configures it: where rooms are kept, which rooms may exist, and the team's
// secret. The sync protocol, the room's document and the merging are Hocuspocus's and
// Yjs's.
//
// Environment:
//   HOST          address to listen on (default 127.0.0.1; put a TLS proxy in front for a team)
//   PORT          port (default 1234)
//   ROOMS_DIR     folder keeping one file per room, across restarts (default ./rooms)
//   SYNC_SECRET   when set, a browser must give it to join any room
//
// Whoever runs this server can read every room's model.
import { timingSafeEqual, createHash } from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import { Server } from '@hocuspocus/server'
import { Database } from '@hocuspocus/extension-database'

const dir = path.resolve(process.env.ROOMS_DIR || 'rooms')
await fs.mkdir(dir, { recursive: true })
const secret = process.env.SYNC_SECRET || ''
// A room is named by its token: 32 to 128 hex digits (128 bits or more of randomness).
const ROOM = /^[0-9a-f]{32,128}$/
const file = (room) => path.join(dir, `${room}.ydoc`)
const digest = (s) => createHash('sha256').update(String(s)).digest()

const server = new Server({
  address: process.env.HOST || '127.0.0.1',
  port: Number(process.env.PORT || 1234),
  quiet: true,
  extensions: [
    new Database({
      fetch: async ({ documentName }) => {
        try {
          return await fs.readFile(file(documentName))
        } catch (e) {
          if (e.code === 'ENOENT') return null
          throw e
        }
      },
      // Written whole to a temporary file, then renamed: a crash never leaves half a room.
      store: async ({ documentName, state }) => {
        const f = file(documentName)
        await fs.writeFile(`${f}.tmp`, state)
        await fs.rename(`${f}.tmp`, f)
      },
    }),
  ],
  async onAuthenticate({ token, documentName }) {
    if (!ROOM.test(documentName)) throw new Error('not a room of this server')
    if (secret && !timingSafeEqual(digest(token ?? ''), digest(secret))) {
      throw new Error('this server needs the room secret')
    }
  },
})

await server.listen()
console.log(`sync server on ws://${server.address.address}:${server.address.port}, rooms kept in ${dir}${secret ? ', room secret required' : ''}`)
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    await server.destroy()
    process.exit(0)
  })
}
