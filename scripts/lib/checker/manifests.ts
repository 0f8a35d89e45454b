import type { Document } from 'yaml'
import type { StructuralSchema } from './structuralSchema'
import { isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments } from 'yaml'
import { CUSTOM_KIND_SCHEMAS, UNVALIDATED_KINDS } from '../schemas'
import { isBuiltinKind, isPlainObject, validateBuiltin } from './k8sSchema'
import { validateStructural } from './structuralSchema'

/** One YAML document inside a deck's code block. */
export interface ManifestDoc {
  object: unknown
  doc: Document
  /** File line of the block's first code line; YAML line N is at codeLine + N - 1. */
  codeLine: number
  lineCounter: LineCounter
}

export interface ManifestProblem { line: number, message: string }

export function parseManifestBlock(code: string, codeLine: number): { docs: ManifestDoc[], problems: ManifestProblem[] } {
  const lineCounter = new LineCounter()
  const docs: ManifestDoc[] = []
  const problems: ManifestProblem[] = []
  for (const doc of parseAllDocuments(code, { lineCounter, prettyErrors: false })) {
    if ('errors' in doc && doc.errors.length) {
      for (const error of doc.errors)
        problems.push({ line: codeLine + lineCounter.linePos(error.pos[0]).line - 1, message: `YAML: ${error.message.split('\n')[0]}` })
      continue
    }
    docs.push({ object: doc.toJS(), doc: doc as Document, codeLine, lineCounter })
  }
  return { docs, problems }
}

/** A manifest is a YAML document with apiVersion and kind; other YAML (values files, snippets) is left alone. */
export function isManifest(object: unknown): object is Record<string, unknown> & { apiVersion: string, kind: string } {
  return isPlainObject(object) && typeof object.apiVersion === 'string' && typeof object.kind === 'string'
}

/** Custom resource schemas from the CRDs a deck defines, keyed `group/version|Kind`. */
export function schemasFromCrds(manifests: Record<string, unknown>[]): Map<string, StructuralSchema> {
  const schemas = new Map<string, StructuralSchema>()
  for (const m of manifests) {
    if (m.kind !== 'CustomResourceDefinition' || !isPlainObject(m.spec))
      continue
    const { group, names, versions } = m.spec as { group?: string, names?: { kind?: string }, versions?: { name?: string, schema?: { openAPIV3Schema?: StructuralSchema } }[] }
    for (const version of versions ?? []) {
      if (group && names?.kind && version.name && version.schema?.openAPIV3Schema)
        schemas.set(`${group}/${version.name}|${names.kind}`, version.schema.openAPIV3Schema)
    }
  }
  return schemas
}

/** Validates one manifest; problems carry file lines of the offending field. */
export async function validateManifest(manifest: ManifestDoc, crdSchemas: Map<string, StructuralSchema>): Promise<ManifestProblem[]> {
  const object = manifest.object as Record<string, unknown> & { apiVersion: string, kind: string }
  const key = `${object.apiVersion}|${object.kind}`
  let problems: { path: (string | number)[], message: string }[]
  if (isBuiltinKind(object.apiVersion, object.kind)) {
    problems = await validateBuiltin(object)
  }
  else if (crdSchemas.has(key) || CUSTOM_KIND_SCHEMAS[key]) {
    const crdSchema = crdSchemas.get(key)
    problems = crdSchema
      ? validateStructural(object, { ...crdSchema, properties: { ...crdSchema.properties, apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } })
      : validateStructural(object.spec, CUSTOM_KIND_SCHEMAS[key].spec, ['spec'])
    if (!crdSchema) {
      const extra = Object.keys(object).filter(k => !['apiVersion', 'kind', 'metadata', 'spec', 'status'].includes(k))
      problems.push(...extra.map(k => ({ path: [k], message: `unknown field "${k}"` })))
    }
  }
  else if (UNVALIDATED_KINDS[object.kind] !== undefined) {
    problems = []
  }
  else {
    return [{
      line: lineOf(manifest, ['kind']),
      message: `no schema for ${object.kind} (${object.apiVersion}): define its CRD in this deck, add a schema in scripts/lib/schemas/, or fix apiVersion/kind`,
    }]
  }
  return problems.map(p => ({
    line: lineOf(manifest, p.path),
    message: `${object.kind}${p.path.length ? ` .${formatPath(p.path)}` : ''}: ${p.message}`,
  }))
}

function formatPath(path: (string | number)[]): string {
  return path.map((seg, i) => typeof seg === 'number' ? `[${seg}]` : `${i ? '.' : ''}${seg}`).join('')
}

/** File line of the deepest node on `path` that exists (the key, for a field that should not be there). */
function lineOf(manifest: ManifestDoc, path: (string | number)[]): number {
  let node: unknown = manifest.doc.contents
  let offset = (node as { range?: [number] } | null)?.range?.[0] ?? 0
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find(item => isPair(item) && isScalar(item.key) && item.key.value === seg)
      if (!pair)
        break
      offset = (pair.key as { range?: [number] }).range?.[0] ?? offset
      node = pair.value
    }
    else if (isSeq(node) && typeof seg === 'number') {
      node = node.items[seg]
      offset = (node as { range?: [number] } | null)?.range?.[0] ?? offset
    }
    else {
      break
    }
  }
  return manifest.codeLine + manifest.lineCounter.linePos(offset).line - 1
}
