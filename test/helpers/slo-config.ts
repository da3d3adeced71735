/** A small telemetry.yaml with two SLOs on a REST API (availability 99.9 %, latency 99 % over 28 days). */
export interface SloYamlParts {
  /** Top-level keys after `app:`. */
  readonly top?: string;
  /** More lines of the availability SLO (8 spaces in). */
  readonly availability?: string;
  /** More lines of the latency SLO (8 spaces in). */
  readonly latency?: string;
  /** Top-level keys after `services:`. */
  readonly tail?: string;
}

export const sloYaml = (p: SloYamlParts = {}) => `app: shop
${p.top ?? ''}
services:
  - name: api
    restApi:
      - name: shop-api
        stage: prod
        methods: [GET /items]
    slos:
      - name: availability
        objective: 99.9
${p.availability ?? ''}        availability: { resource: shop-api }
      - name: latency
        objective: 99
        window: 28d
${p.latency ?? ''}        latency: { resource: shop-api-prod-GET-items, threshold: 300ms }
${p.tail ?? ''}`;
