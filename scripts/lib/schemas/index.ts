import type { StructuralSchema } from '../checker/structuralSchema'
import { verticalPodAutoscalerSpec } from './verticalPodAutoscaler'

/** Schemas of custom kinds the decks use that are not defined by a CRD inside the deck. */
export const CUSTOM_KIND_SCHEMAS: Record<string, { spec: StructuralSchema }> = {
  'autoscaling.k8s.io/v1|VerticalPodAutoscaler': { spec: verticalPodAutoscalerSpec },
}

/**
 * Custom kinds a deck may show without a schema, each with the reason. Keep this list short: a manifest of
 * such a kind is checked only for apiVersion, kind and metadata.
 */
export const UNVALIDATED_KINDS: Record<string, string> = {}
