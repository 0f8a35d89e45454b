/**
 * Classroom mode: the wire protocol between a deck page and the relay (scripts/lib/classroom/relay.ts), its
 * validation, and the client side of it. Plain TypeScript with no DOM or Node imports, so the relay, the browser
 * composable (composables/useClassroomSync.ts) and the benchmark's raw WebSocket clients run the same code.
 *
 * Timestamps on the wire are in the relay's clock. Each client measures `offset = relay clock - own clock` and
 * translates the timer at the boundary, so every device computes its countdowns with its own `Date.now()` and a
 * device whose clock is minutes off still shows the presenter's time.
 */

/** Path prefix of the relay's WebSocket endpoint; the deck name follows (`/__classroom/ws/session_01`). */
export const RELAY_PATH = '/__classroom/ws/'
/** `<meta name=…>` the server adds to deck pages in classroom mode: the only signal that a relay exists. */
export const RELAY_META = 'course-classroom'
/** Where a page keeps the presenter token (per tab); `#classroom=<token>` in a URL puts it there. */
export const TOKEN_STORAGE_KEY = 'course-classroom-token'
export const TOKEN_HASH_PARAM = 'classroom'

/** Largest message the relay accepts (the ws server closes a connection that sends more). */
export const MAX_MESSAGE_BYTES = 8 * 1024
/** Per-connection token bucket: a presenter clicking fast sends a few messages a second. */
export const RATE_BURST = 40
export const RATE_PER_SECOND = 20
/** Relay pings every connection this often and drops one that did not answer the previous ping. */
export const HEARTBEAT_MS = 10_000
/** A client that hears nothing (not even a pong) for this long reconnects. */
export const CLIENT_SILENCE_MS = 25_000
export const CLIENT_PING_MS = 10_000
/** Reconnect back-off: first delay, cap. */
export const BACKOFF_MIN_MS = 300
export const BACKOFF_MAX_MS = 8_000

const MAX_CLICKS = 1000
const MAX_ID_LENGTH = 120
/** 2100-01-01: timestamps are epoch milliseconds; anything past this is garbage. */
const MAX_TIME = 4_102_444_800_000

export type TimerStatus = 'stopped' | 'running' | 'paused'

/** The part of Slidev's shared state a room carries. Cursor and per-slide timer marks stay local. */
export interface RoomState {
  page: number
  clicks: number
  clicksTotal: number
  timer: { status: TimerStatus, startedAt: number, pausedAt: number }
  lastUpdate?: { id: string, type: 'presenter' | 'viewer', time: number }
}

export type ClientMessage =
  | { t: 'ping', c: number }
  | { t: 'auth', token: string }
  | { t: 'state', state: RoomState }

export type RelayMessage =
  | { t: 'welcome', s: number, state: RoomState | null }
  | { t: 'role', role: 'presenter' | 'audience' }
  | { t: 'pong', c: number, s: number }
  | { t: 'state', state: RoomState }

type Result<T> = { ok: true, value: T } | { ok: false, reason: string }

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const isInt = (v: unknown, min: number, max: number): v is number => Number.isInteger(v) && (v as number) >= min && (v as number) <= max
const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= MAX_TIME
const onlyKeys = (v: Record<string, unknown>, allowed: string[]) => Object.keys(v).every(k => allowed.includes(k))

/** Checks a room state field by field; `slideCount` bounds the page. Unknown fields make it invalid. */
export function validateRoomState(value: unknown, slideCount: number): Result<RoomState> {
  if (!isRecord(value) || !onlyKeys(value, ['page', 'clicks', 'clicksTotal', 'timer', 'lastUpdate']))
    return { ok: false, reason: 'state: not an object of known fields' }
  const { page, clicks, clicksTotal, timer, lastUpdate } = value
  if (!isInt(page, 1, slideCount))
    return { ok: false, reason: `state.page: not a slide of this deck (1..${slideCount})` }
  if (!isInt(clicks, 0, MAX_CLICKS) || !isInt(clicksTotal, 0, MAX_CLICKS))
    return { ok: false, reason: 'state.clicks: not a small non-negative integer' }
  if (!isRecord(timer) || !onlyKeys(timer, ['status', 'startedAt', 'pausedAt']))
    return { ok: false, reason: 'state.timer: not an object of known fields' }
  if (timer.status !== 'stopped' && timer.status !== 'running' && timer.status !== 'paused')
    return { ok: false, reason: 'state.timer.status: unknown' }
  if (!isTime(timer.startedAt) || !isTime(timer.pausedAt))
    return { ok: false, reason: 'state.timer: times must be epoch milliseconds' }
  const state: RoomState = {
    page,
    clicks,
    clicksTotal,
    timer: { status: timer.status, startedAt: timer.startedAt, pausedAt: timer.pausedAt },
  }
  if (lastUpdate !== undefined) {
    if (!isRecord(lastUpdate) || !onlyKeys(lastUpdate, ['id', 'type', 'time'])
      || typeof lastUpdate.id !== 'string' || lastUpdate.id.length > MAX_ID_LENGTH
      || (lastUpdate.type !== 'presenter' && lastUpdate.type !== 'viewer') || !isTime(lastUpdate.time)) {
      return { ok: false, reason: 'state.lastUpdate: wrong shape' }
    }
    state.lastUpdate = { id: lastUpdate.id, type: lastUpdate.type, time: lastUpdate.time }
  }
  return { ok: true, value: state }
}

/** Parses and validates one message from a client. The relay drops whatever this refuses. */
export function parseClientMessage(text: string, slideCount: number): Result<ClientMessage> {
  if (text.length > MAX_MESSAGE_BYTES)
    return { ok: false, reason: 'too large' }
  let value: unknown
  try {
    value = JSON.parse(text)
  }
  catch {
    return { ok: false, reason: 'not JSON' }
  }
  if (!isRecord(value))
    return { ok: false, reason: 'not an object' }
  switch (value.t) {
    case 'ping':
      return onlyKeys(value, ['t', 'c']) && isTime(value.c) ? { ok: true, value: { t: 'ping', c: value.c } } : { ok: false, reason: 'ping: wrong shape' }
    case 'auth':
      return onlyKeys(value, ['t', 'token']) && typeof value.token === 'string' && value.token.length <= 256
        ? { ok: true, value: { t: 'auth', token: value.token } }
        : { ok: false, reason: 'auth: wrong shape' }
    case 'state': {
      if (!onlyKeys(value, ['t', 'state']))
        return { ok: false, reason: 'state: unknown fields' }
      const state = validateRoomState(value.state, slideCount)
      return state.ok ? { ok: true, value: { t: 'state', state: state.value } } : state
    }
    default:
      return { ok: false, reason: 'unknown message type' }
  }
}

/** Parses a relay message on the client. A relay is trusted less than nothing: a bad message is ignored. */
export function parseRelayMessage(text: string): RelayMessage | undefined {
  let value: unknown
  try {
    value = JSON.parse(text)
  }
  catch {
    return undefined
  }
  if (!isRecord(value))
    return undefined
  const stateOf = (v: unknown) => {
    const r = validateRoomState(v, Number.MAX_SAFE_INTEGER)
    return r.ok ? r.value : undefined
  }
  switch (value.t) {
    case 'welcome': {
      if (!isTime(value.s))
        return undefined
      const state = value.state === null ? null : stateOf(value.state)
      return state === undefined ? undefined : { t: 'welcome', s: value.s, state }
    }
    case 'role':
      return value.role === 'presenter' || value.role === 'audience' ? { t: 'role', role: value.role } : undefined
    case 'pong':
      return isTime(value.c) && isTime(value.s) ? { t: 'pong', c: value.c, s: value.s } : undefined
    case 'state': {
      const state = stateOf(value.state)
      return state ? { t: 'state', state } : undefined
    }
    default:
      return undefined
  }
}

/** Moves the state's timestamps by `delta` ms (0 means "not set" in Slidev's timer and stays 0). */
export function shiftClock(state: RoomState, delta: number): RoomState {
  const shift = (t: number) => t === 0 ? 0 : Math.max(0, Math.round(t + delta))
  return {
    ...state,
    timer: { ...state.timer, startedAt: shift(state.timer.startedAt), pausedAt: shift(state.timer.pausedAt) },
    ...(state.lastUpdate ? { lastUpdate: { ...state.lastUpdate, time: shift(state.lastUpdate.time) } } : {}),
  }
}

/** The room's part of a Slidev shared state (drops the cursor and per-slide timer marks). */
export function pickRoomState(state: { page: number, clicks: number, clicksTotal: number, timer: { status: TimerStatus, startedAt: number, pausedAt: number }, lastUpdate?: RoomState['lastUpdate'] }): RoomState {
  return {
    page: Number(state.page),
    clicks: Number(state.clicks) || 0,
    clicksTotal: Number(state.clicksTotal) || 0,
    timer: { status: state.timer.status, startedAt: state.timer.startedAt, pausedAt: state.timer.pausedAt },
    ...(state.lastUpdate ? { lastUpdate: { id: state.lastUpdate.id, type: state.lastUpdate.type, time: state.lastUpdate.time } } : {}),
  }
}

/** The subset of the WebSocket API the client uses: the browser's and the `ws` package's both fit. */
export interface SocketLike {
  readonly readyState: number
  send: (data: string) => void
  close: () => void
  // `never` parameters: the browser's and ws's handler types (Event, MessageEvent…) are assignable here.
  onopen: ((event: never) => void) | null
  onmessage: ((event: never) => void) | null
  onclose: ((event: never) => void) | null
  onerror: ((event: never) => void) | null
}

export type ClassroomStatus = 'connecting' | 'audience' | 'presenter' | 'offline'

export interface ClassroomClientOptions {
  url: string
  /** The presenter token; without it the client only listens. */
  token?: string
  createSocket: (url: string) => SocketLike
  /** A room state arrived, already in this device's clock. */
  onState: (state: RoomState) => void
  onStatus?: (status: ClassroomStatus) => void
  now?: () => number
  random?: () => number
}

const OPEN = 1

/**
 * One connection to a deck's room, kept alive: reconnects with jittered exponential back-off, measures the clock
 * offset to the relay, applies the room's state on (re)connect, and — holding the token — publishes the
 * presenter's state and pushes it again after the relay restarts.
 */
export class ClassroomClient {
  status: ClassroomStatus = 'connecting'
  /** Relay clock minus this device's clock, in ms. */
  offset = 0
  private socket?: SocketLike
  private attempt = 0
  private stopped = true
  private lastHeard = 0
  private bestRtt = Number.POSITIVE_INFINITY
  private reconnectTimer?: ReturnType<typeof setTimeout>
  private pingTimer?: ReturnType<typeof setInterval>
  /** Latest state to publish, in this device's clock. */
  private outgoing?: RoomState
  private lastSent?: string
  /** Latest room state received, in the relay's clock: re-applied when the offset estimate improves. */
  private lastReceived?: RoomState
  private welcomeState?: RoomState
  /** Closes the current socket and reconnects without waiting for a close event a dead link never delivers. */
  private lost?: () => void
  private readonly now: () => number
  private readonly random: () => number

  constructor(private readonly options: ClassroomClientOptions) {
    this.now = options.now ?? (() => Date.now())
    this.random = options.random ?? Math.random
  }

  start(): void {
    if (!this.stopped)
      return
    this.stopped = false
    this.connect()
  }

  stop(): void {
    this.stopped = true
    clearTimeout(this.reconnectTimer)
    clearInterval(this.pingTimer)
    this.socket?.close()
    this.socket = undefined
  }

  /** The presenter's state changed (own clock). Sent at once when connected as presenter, else on reconnect. */
  publish(state: RoomState): void {
    if (!this.options.token)
      return
    this.outgoing = state
    this.flush()
  }

  private flush(): void {
    if (this.status !== 'presenter' || !this.outgoing || this.socket?.readyState !== OPEN)
      return
    const text = JSON.stringify({ t: 'state', state: shiftClock(this.outgoing, this.offset) })
    if (text === this.lastSent)
      return
    this.lastSent = text
    this.socket.send(text)
  }

  private setStatus(status: ClassroomStatus): void {
    if (status === this.status)
      return
    this.status = status
    this.options.onStatus?.(status)
  }

  private connect(): void {
    let socket: SocketLike
    try {
      socket = this.options.createSocket(this.options.url)
    }
    catch {
      this.scheduleReconnect()
      return
    }
    this.socket = socket
    this.setStatus('connecting')
    socket.onopen = () => {
      this.lastHeard = this.now()
      this.send({ t: 'ping', c: this.now() })
      if (this.options.token)
        this.send({ t: 'auth', token: this.options.token })
      clearInterval(this.pingTimer)
      this.pingTimer = setInterval(() => this.heartbeat(), CLIENT_PING_MS)
    }
    socket.onmessage = (event: { data: unknown }) => {
      if (typeof event.data === 'string')
        this.handle(event.data)
    }
    socket.onerror = () => {
      // The close event follows and schedules the reconnect; nothing to log in the console for the room.
    }
    const lost = () => {
      if (this.socket !== socket)
        return
      clearInterval(this.pingTimer)
      this.socket = undefined
      this.lastSent = undefined
      this.setStatus('offline')
      this.scheduleReconnect()
    }
    this.lost = () => {
      socket.close()
      lost()
    }
    socket.onclose = lost
  }

  private heartbeat(): void {
    if (this.now() - this.lastHeard > CLIENT_SILENCE_MS) {
      // A half-open connection (laptop slept, Wi-Fi changed): close and start over.
      this.lost?.()
      return
    }
    this.send({ t: 'ping', c: this.now() })
  }

  private scheduleReconnect(): void {
    if (this.stopped)
      return
    const base = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** this.attempt++)
    clearTimeout(this.reconnectTimer)
    this.reconnectTimer = setTimeout(() => this.connect(), base * (0.5 + this.random() / 2))
  }

  private send(message: ClientMessage): void {
    if (this.socket?.readyState === OPEN)
      this.socket.send(JSON.stringify(message))
  }

  /** Handles one relay message (public for the benchmark and unit tests). */
  handle(text: string): void {
    const message = parseRelayMessage(text)
    if (!message)
      return
    this.lastHeard = this.now()
    switch (message.t) {
      case 'welcome':
        this.attempt = 0
        this.bestRtt = Number.POSITIVE_INFINITY
        // A first estimate (off by the one-way latency); the pong refines it.
        this.offset = message.s - this.now()
        if (!this.options.token)
          this.setStatus('audience')
        // A presenter does not take the room's state: it is the one that sets it, right after its auth.
        if (message.state && !this.options.token)
          this.receive(message.state)
        this.welcomeState = message.state ?? undefined
        break
      case 'role':
        this.setStatus(message.role)
        if (message.role === 'presenter') {
          this.lastSent = undefined
          this.flush()
        }
        else if (this.welcomeState) {
          // A token the relay refused: this device follows the room like any other.
          this.receive(this.welcomeState)
        }
        break
      case 'pong': {
        const now = this.now()
        const rtt = now - message.c
        if (rtt < 0 || rtt > 5000 || rtt > this.bestRtt * 2 + 20)
          break
        this.bestRtt = Math.min(this.bestRtt, rtt)
        const offset = message.s - (message.c + now) / 2
        const moved = Math.abs(offset - this.offset)
        this.offset = offset
        if (moved > 250 && this.lastReceived)
          this.options.onState(shiftClock(this.lastReceived, -this.offset))
        break
      }
      case 'state':
        this.receive(message.state)
        break
    }
  }

  private receive(state: RoomState): void {
    this.lastReceived = state
    this.options.onState(shiftClock(state, -this.offset))
  }
}
