/**
 * Checks for a course published under a sub-path: the links of the hub, and the responses a page got. Kept
 * apart from the browser so the unit tests can show they fail on a 404 and on a request outside the prefix.
 */

export interface ResponseRecord {
  url: string
  status: number
}

/** Absolute URLs of the hub's links (`<a href>`), resolved against the hub's own URL. */
export function hubLinks(html: string, hubUrl: string): string[] {
  const links = [...html.matchAll(/<a\s[^>]*href="([^"]+)"/g)].map(m => new URL(m[1].replace(/&amp;/g, '&'), hubUrl).href)
  return [...new Set(links)]
}

/**
 * Problems of a page's responses under `prefix` of `origin`: any HTTP error, and any request to this origin
 * outside the prefix (on a real host that is someone else's site, or a 404). Other origins are not judged here
 * (the course tests forbid them separately). Data and blob URLs are not requests to a server.
 */
export function badResponses(records: readonly ResponseRecord[], origin: string, prefix: string): string[] {
  const problems: string[] = []
  for (const { url, status } of records) {
    if (!url.startsWith(`${origin}/`))
      continue
    if (status >= 400)
      problems.push(`${status} ${url}`)
    else if (!new URL(url).pathname.startsWith(prefix))
      problems.push(`outside ${prefix}: ${url}`)
  }
  return problems
}

/** Problems of a downloadable file (a PDF link): its status and that it is a PDF. */
export async function checkPdfLink(url: string): Promise<string[]> {
  const response = await fetch(url)
  if (!response.ok)
    return [`${response.status} ${url}`]
  const head = new TextDecoder().decode((await response.arrayBuffer()).slice(0, 5))
  return head === '%PDF-' ? [] : [`not a PDF: ${url}`]
}
