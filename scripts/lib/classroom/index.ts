import type { IncomingMessage } from 'node:http'
import type { Relay, RelayDeck } from './relay'
import type { StaticServer } from '../server'
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { networkInterfaces } from 'node:os'
import { join } from 'node:path'
import { renderSVG } from 'uqr'
import { RELAY_META, TOKEN_HASH_PARAM, TOKEN_STORAGE_KEY } from '../../../logic/classroom'
import { DECKS } from '../../../logic/course'
import { isShownSlide, loadDeck } from '../deck'
import { serveDist } from '../server'
import { attachRelay } from './relay'

export interface ClassroomOptions {
  /** Project root (slides/ gives each deck's slide count). */
  root: string
  dist: string
  /** Bind address. Default: every interface, so the room reaches it; the URLs name the LAN addresses. */
  host?: string
  port: number
  /** The presenter token; default a fresh random one. */
  token?: string
}

export interface Classroom {
  server: StaticServer
  relay: Relay
  port: number
  token: string
  /** Base URLs the audience can reach (LAN addresses, or the bound host). */
  audienceBases: string[]
  /** Each built deck's audience URL on the first base. */
  audienceUrls: { deck: string, url: string }[]
  /** The hub with the token in its fragment: the one URL the presenter keeps private. */
  presenterUrl: string
  close: () => Promise<void>
}

/** Tokens are 128 bits, URL-safe. A fixed one (CLASSROOM_TOKEN) must be at least this long. */
export const MIN_TOKEN_LENGTH = 16

export function newToken(): string {
  return randomBytes(16).toString('base64url')
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1'])
const isLoopback = (request: IncomingMessage) => LOOPBACK.has(request.socket.remoteAddress ?? '')

/** The machine's IPv4 network addresses (not loopback): what a phone in the room can reach. */
export function lanAddresses(): string[] {
  return Object.values(networkInterfaces()).flat()
    .filter(a => a && a.family === 'IPv4' && !a.internal)
    .map(a => a!.address)
}

/** Decks that are built in dist/, with the number of slides Slidev shows. */
export function builtDecks(root: string, dist: string): RelayDeck[] {
  return DECKS
    .filter(d => existsSync(join(dist, d.deck, 'index.html')) && existsSync(join(root, 'slides', `${d.deck}.md`)))
    .map(d => ({ deck: d.deck, slideCount: loadDeck(join(root, 'slides', `${d.deck}.md`)).slides.filter(s => isShownSlide(s.frontmatter)).length }))
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\'': '&#39;' })[c]!)

/**
 * Serves dist/ and the relay on one port. Deck pages get a meta tag that tells the client a relay exists; the hub
 * gets a script that hands the presenter token on to the presenter links, and — only when the request comes from
 * this machine — a panel with the audience QR code for the projector. The token itself is never put in a page.
 */
export async function startClassroom(options: ClassroomOptions): Promise<Classroom> {
  const token = options.token ?? newToken()
  if (token.length < MIN_TOKEN_LENGTH || !/^[\w-]+$/.test(token))
    throw new Error(`the classroom token must be at least ${MIN_TOKEN_LENGTH} characters of A-Z a-z 0-9 _ -`)
  const decks = builtDecks(options.root, options.dist)
  if (!decks.length)
    throw new Error(`no deck is built in ${options.dist}: run npm run build`)
  const host = options.host ?? '0.0.0.0'
  let bases: string[] = []
  const server = await serveDist(options.dist, {
    host,
    port: options.port,
    transformHtml: (html, { path, request }) => {
      if (path === 'index.html')
        return injectHub(html, isLoopback(request) ? bases : [], decks)
      if (/^[^/]+\/index\.html$/.test(path))
        return html.replace(/<head>/i, `<head>\n<meta name="${RELAY_META}" content="1">`)
      return html
    },
  })
  const port = Number(new URL(server.url).port)
  const relay = attachRelay(server.server, { decks, token })
  const hosts = host === '0.0.0.0' || host === '::' ? lanAddresses() : [host]
  bases = (hosts.length ? hosts : ['127.0.0.1']).map(h => `http://${h.includes(':') ? `[${h}]` : h}:${port}`)
  return {
    server,
    relay,
    port,
    token,
    audienceBases: bases,
    audienceUrls: decks.map(d => ({ deck: d.deck, url: `${bases[0]}/${d.deck}/` })),
    presenterUrl: `${bases[0]}/#${TOKEN_HASH_PARAM}=${token}`,
    close: async () => {
      await relay.close()
      await server.close()
    },
  }
}

function qrSvg(text: string): string {
  return renderSVG(text, { border: 2, ecc: 'M' })
}

/** The hub in classroom mode: a token hand-off script for every request, the QR panel for loopback ones. */
export function injectHub(html: string, bases: string[], decks: RelayDeck[]): string {
  // Reads `#classroom=<token>` into this tab's session storage, takes it out of the address bar and adds it to
  // the presenter links (a fragment: never sent to the server, never in a Referer).
  const script = `<script>(function(){var k=${JSON.stringify(TOKEN_STORAGE_KEY)},p=${JSON.stringify(TOKEN_HASH_PARAM)};var m=new RegExp('[#&]'+p+'=([\\\\w-]+)').exec(location.hash);try{if(m){sessionStorage.setItem(k,m[1]);history.replaceState(history.state,'',location.pathname+location.search)}var t=sessionStorage.getItem(k)}catch(e){}if(t){document.querySelectorAll('a[href$="/presenter/1"]').forEach(function(a){a.setAttribute('href',a.getAttribute('href')+'#'+p+'='+t)});document.body.classList.add('classroom-presenter')}})()</script>`
  let out = html.replace(/<\/body>/i, `${script}\n</body>`)
  if (bases.length) {
    const base = bases[0]
    const sessions = decks.map(d => `<figure><div class="qr">${qrSvg(`${base}/${d.deck}/`)}</div><figcaption>${escapeHtml(d.deck)}</figcaption></figure>`).join('')
    const panel = `<section class="classroom" data-testid="classroom-panel">
  <div class="qr qr-main" data-testid="classroom-qr">${qrSvg(`${base}/`)}</div>
  <div>
    <h2>수업 모드: 청중 주소</h2>
    <p class="url">${escapeHtml(base)}/</p>
    ${bases.length > 1 ? `<p class="other">다른 네트워크: ${bases.slice(1).map(b => escapeHtml(`${b}/`)).join(' · ')}</p>` : ''}
    <p>휴대폰이나 노트북으로 QR을 찍어 세션을 고르면 발표자의 슬라이드와 토론 타이머를 따라갑니다(보기 전용).</p>
    <details><summary>세션별 QR</summary><div class="sessions">${sessions}</div></details>
  </div>
</section>
<style>
  .classroom { display: flex; gap: 1.5rem; align-items: flex-start; margin: 1.5rem 2rem 0; padding: 1rem 1.2rem; background: white; border-radius: 10px; box-shadow: 0 1px 3px rgba(0,0,0,.12); }
  .classroom h2 { margin: 0 0 .4rem; font-size: 1.2rem; }
  .classroom .url { font-size: 1.6rem; font-weight: 700; margin: .2rem 0 .6rem; color: #1e40af; word-break: break-all; }
  .classroom .qr svg { display: block; width: 100%; height: auto; }
  .classroom .qr-main { width: 14rem; flex: none; }
  .classroom .sessions { display: flex; flex-wrap: wrap; gap: .8rem; margin-top: .6rem; }
  .classroom figure { margin: 0; width: 8rem; text-align: center; font-size: .85rem; }
</style>`
    out = out.replace(/<\/header>/i, `</header>\n${panel}`)
  }
  return out
}
