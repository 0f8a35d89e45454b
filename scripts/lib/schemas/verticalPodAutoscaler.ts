import type { StructuralSchema } from '../checker/structuralSchema'

/**
 * `autoscaling.k8s.io/v1` VerticalPodAutoscaler spec, from the kubernetes/autoscaler VPA 1.7 CRD
 * (vertical-pod-autoscaler/deploy/vpa-v1-crd-gen.yaml), reduced to what users write: spec only.
 */
const quantityMap: StructuralSchema = { type: 'object', additionalProperties: { 'x-kubernetes-int-or-string': true } }

export const verticalPodAutoscalerSpec: StructuralSchema = {
  type: 'object',
  required: ['targetRef'],
  properties: {
    targetRef: {
      type: 'object',
      required: ['kind', 'name'],
      properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, name: { type: 'string' } },
    },
    updatePolicy: {
      type: 'object',
      properties: {
        updateMode: { type: 'string', enum: ['Off', 'Initial', 'Recreate', 'InPlaceOrRecreate', 'InPlace', 'Auto'] },
        minReplicas: { type: 'integer', minimum: 1 },
        evictionRequirements: {
          type: 'array',
          items: {
            type: 'object',
            required: ['changeRequirement', 'resources'],
            properties: {
              changeRequirement: { type: 'string', enum: ['TargetHigherThanRequests', 'TargetLowerThanRequests'] },
              resources: { type: 'array', items: { type: 'string' } },
            },
          },
        },
      },
    },
    resourcePolicy: {
      type: 'object',
      properties: {
        containerPolicies: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              containerName: { type: 'string' },
              mode: { type: 'string', enum: ['Auto', 'Off'] },
              minAllowed: quantityMap,
              maxAllowed: quantityMap,
              controlledResources: { type: 'array', items: { type: 'string', enum: ['cpu', 'memory'] } },
              controlledValues: { type: 'string', enum: ['RequestsAndLimits', 'RequestsOnly'] },
            },
          },
        },
      },
    },
    recommenders: {
      type: 'array',
      items: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } },
    },
  },
}
