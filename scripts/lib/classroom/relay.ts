import type { IncomingMessage, Server } from 'node:http'
import type { Duplex } from 'node:stream'
import type { WebSocket } from 'ws'
import type { RelayMessage, RoomState } from '../../../logic/classroom'
import { createHash, timingSafeEqual } from 'node:crypto'
import { WebSocketServer } from 'ws'
import { HEARTBEAT_MS, MAX_MESSAGE_BYTES, parseClientMessage, RATE_BURST, RATE_PER_SECOND, RELAY_PATH } from '../../../logic/classroom'

export interface RelayDeck {
  deck: string
  /** Slides Slidev shows (hidden ones excluded): the highest page a state may name. */
  slideCount: number
}

export interface RelayOptions {
  decks: RelayDeck[]
  token: string
  heartbeatMs?: number
  maxConnections?: number
}

export interface RelayStats {
  connections: number
  presenters: number
  dropped: Record<string, number>
  rooms: Record<string, { clients: number, page: number | null }>
}

export interface Relay {
  stats: () => RelayStats
  close: () => Promise<void>
}

interface Connection {
  socket: WebSocket
  room: Room
  presenter: boolean
  alive: boolean
  tokens: number
  refilledAt: number
  failedAuth: number
  dropped: number
}

interface Room {
  deck: RelayDeck
  state: RoomState | null
  /** The last broadcast, serialised: a repeat of it is not sent again. */
  stateText: string
  clients: Set<Connection>
}

/** After this many dropped messages a connection is closed: it is not a deck page. */
const MAX_DROPPED = 200
const MAX_FAILED_AUTH = 5

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest()

/**
 * The classroom relay on an existing HTTP server (same port as the pages): one room per deck at
 * `/__classroom/ws/<deck>`, the last state kept for late joiners, and only a connection that proved the token
 * may change it. Everything a client sends is validated (logic/classroom.ts) and what fails is dropped.
 */
export function attachRelay(server: Server, options: RelayOptions): Relay {
  const expected = digest(options.token)
  const rooms = new Map<string, Room>(options.decks.map(deck => [deck.deck, { deck, state: null, stateText: '', clients: new Set() }]))
  const connections = new Set<Connection>()
  const dropped: Record<string, number> = {}
  const maxConnections = options.maxConnections ?? 2000
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES, perMessageDeflate: false })

  const drop = (connection: Connection, reason: string) => {
    dropped[reason] = (dropped[reason] ?? 0) + 1
    if (++connection.dropped > MAX_DROPPED)
      connection.socket.close(1008, 'too many bad messages')
  }
  const send = (connection: Connection, message: RelayMessage) => {
    if (connection.socket.readyState === connection.socket.OPEN)
      connection.socket.send(JSON.stringify(message))
  }

  function onUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const refuse = (status: string) => {
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
    }
    let pathname: string
    try {
      pathname = new URL(request.url ?? '/', 'http://relay').pathname
    }
    catch {
      return refuse('400 Bad Request')
    }
    if (!pathname.startsWith(RELAY_PATH))
      return refuse('404 Not Found')
    const room = rooms.get(pathname.slice(RELAY_PATH.length))
    if (!room)
      return refuse('404 Not Found')
    // A page of another site open in a student's browser must not join (it could only listen, but still).
    const origin = request.headers.origin
    if (origin !== undefined && !sameHost(origin, request.headers.host))
      return refuse('403 Forbidden')
    if (connections.size >= maxConnections)
      return refuse('503 Service Unavailable')
    wss.handleUpgrade(request, socket, head, ws => onConnection(ws, room))
  }

  function onConnection(socket: WebSocket, room: Room): void {
    const connection: Connection = { socket, room, presenter: false, alive: true, tokens: RATE_BURST, refilledAt: Date.now(), failedAuth: 0, dropped: 0 }
    connections.add(connection)
    room.clients.add(connection)
    socket.on('pong', () => connection.alive = true)
    socket.on('error', () => socket.terminate())
    socket.on('close', () => {
      connections.delete(connection)
      room.clients.delete(connection)
    })
    socket.on('message', (data, isBinary) => onMessage(connection, data, isBinary))
    send(connection, { t: 'welcome', s: Date.now(), state: room.state })
  }

  function onMessage(connection: Connection, data: unknown, isBinary: boolean): void {
    const now = Date.now()
    connection.tokens = Math.min(RATE_BURST, connection.tokens + (now - connection.refilledAt) * RATE_PER_SECOND / 1000)
    connection.refilledAt = now
    if (connection.tokens < 1)
      return drop(connection, 'rate')
    connection.tokens -= 1
    if (isBinary || !(data instanceof Buffer))
      return drop(connection, 'binary')
    const parsed = parseClientMessage(data.toString('utf8'), connection.room.deck.slideCount)
    if (!parsed.ok)
      return drop(connection, 'invalid')
    const message = parsed.value
    switch (message.t) {
      case 'ping':
        return send(connection, { t: 'pong', c: message.c, s: Date.now() })
      case 'auth': {
        if (connection.presenter)
          return send(connection, { t: 'role', role: 'presenter' })
        // Constant time: both sides hashed to 32 bytes first, so lengths never differ.
        const ok = timingSafeEqual(digest(message.token), expected)
        if (!ok && ++connection.failedAuth >= MAX_FAILED_AUTH)
          connection.socket.close(1008, 'too many wrong tokens')
        connection.presenter = ok
        return send(connection, { t: 'role', role: ok ? 'presenter' : 'audience' })
      }
      case 'state': {
        if (!connection.presenter)
          return drop(connection, 'not presenter')
        // Whatever window of the presenter's browser touched the state last, the room follows the presenter.
        const state: RoomState = { ...message.state, lastUpdate: { id: message.state.lastUpdate?.id ?? 'presenter', type: 'presenter', time: message.state.lastUpdate?.time ?? now } }
        const text = JSON.stringify({ t: 'state', state } satisfies RelayMessage)
        const room = connection.room
        if (text === room.stateText)
          return
        room.state = state
        room.stateText = text
        for (const client of room.clients) {
          if (client !== connection && client.socket.readyState === client.socket.OPEN)
            client.socket.send(text)
        }
      }
    }
  }

  const heartbeat = setInterval(() => {
    for (const connection of connections) {
      if (!connection.alive) {
        connection.socket.terminate()
        continue
      }
      connection.alive = false
      connection.socket.ping()
    }
  }, options.heartbeatMs ?? HEARTBEAT_MS)
  heartbeat.unref()

  server.on('upgrade', onUpgrade)

  return {
    stats: () => ({
      connections: connections.size,
      presenters: [...connections].filter(c => c.presenter).length,
      dropped: { ...dropped },
      rooms: Object.fromEntries([...rooms].map(([deck, room]) => [deck, { clients: room.clients.size, page: room.state?.page ?? null }])),
    }),
    close: () => new Promise((resolve) => {
      clearInterval(heartbeat)
      server.off('upgrade', onUpgrade)
      for (const connection of connections)
        connection.socket.terminate()
      wss.close(() => resolve())
    }),
  }
}

function sameHost(origin: string, host: string | undefined): boolean {
  try {
    return new URL(origin).host === host
  }
  catch {
    return false
  }
}
