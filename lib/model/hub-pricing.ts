/**
 * Prices of centralized endpoints (lib/model/hub.ts) for `ecs-privatelink cost`,
 * us-east-1 list prices, each with its source and the day it was read; the
 * config's `pricing` section and the command's options override them.
 */

export interface HubPricing {
  /** Transit Gateway, per VPC attachment-hour. */
  transitGatewayAttachmentHourly: number;
  /** Transit Gateway data processed, per GB sent from a VPC to the Transit Gateway. */
  transitGatewayPerGb: number;
  /** Route 53 private hosted zone, per zone-month (the first 25 zones of an account). */
  hostedZoneMonthly: number;
  /** Route 53 Profile, per Profile-VPC association-hour. */
  profileAssociationHourly: number;
}

export const HUB_PRICING_FIELDS = ['transitGatewayAttachmentHourly', 'transitGatewayPerGb', 'hostedZoneMonthly', 'profileAssociationHourly'] as const satisfies readonly (keyof HubPricing)[];

export const DEFAULT_HUB_PRICING: HubPricing = {
  transitGatewayAttachmentHourly: 0.05,
  transitGatewayPerGb: 0.02,
  hostedZoneMonthly: 0.5,
  profileAssociationHourly: 0.75,
};

/** What each price is, its unit, and where the default comes from (read 2026-11-30). */
export const HUB_PRICE_DESCRIPTIONS: Readonly<Record<keyof HubPricing, { readonly what: string; readonly unit: string; readonly source: string }>> = {
  transitGatewayAttachmentHourly: {
    what: 'Transit Gateway attachment',
    unit: 'per VPC attachment-hour',
    source: 'https://aws.amazon.com/transit-gateway/pricing/ (us-east-1, as quoted 2026-11-30)',
  },
  transitGatewayPerGb: {
    what: 'Transit Gateway data processed',
    unit: 'per GB',
    source: 'https://aws.amazon.com/transit-gateway/pricing/ (us-east-1, as quoted 2026-11-30)',
  },
  hostedZoneMonthly: {
    what: 'Route 53 private hosted zone',
    unit: 'per zone-month',
    source: 'https://aws.amazon.com/route53/pricing/ (first 25 zones, 2026-11-30)',
  },
  profileAssociationHourly: {
    what: 'Route 53 Profile association',
    unit: 'per Profile-VPC association-hour',
    source: 'https://aws.amazon.com/route53/pricing/ (Route 53 Profiles, first 100 associations; not confirmed by a second source on 2026-11-30: check it)',
  },
};

/** The `pricing` fields of the configuration for these prices (lib/model/schema.ts). */
export const HUB_PRICING_SCHEMA_PROPERTIES = Object.fromEntries(
  HUB_PRICING_FIELDS.map((field) => {
    const d = HUB_PRICE_DESCRIPTIONS[field];
    return [
      field,
      {
        description: `${d.what}, ${d.unit} (centralized endpoints)`,
        type: 'number' as const,
        minimum: 0,
        default: DEFAULT_HUB_PRICING[field],
        'x-expected': `a number of 0 or more: US dollars ${d.unit} (${d.what}), like ${DEFAULT_HUB_PRICING[field]}`,
      },
    ];
  }),
);
