// Reports over the data Herald holds.
import { z } from 'zod';

export const DataQualityReport = z.object({
  customers: z.number(),
  withEmail: z.number(),
  validEmails: z.number(),
  withPhone: z.number(),
  validPhones: z.number(),
  /** Customers whose zone is known (given or detected), not the "UTC" default. */
  withTimeZone: z.number(),
  /** Customers with at least one active subscription on the channel. */
  subscribed: z.object({ email: z.number(), sms: z.number() }),
  /** Customers with a valid phone by its mobile operator (where the carrier data knows the
   * number's range), most customers first. */
  phoneCarriers: z.array(z.object({ carrier: z.string(), customers: z.number() })),
  /** Shares of all customers, 0 to 1, to four places. */
  shares: z.object({ validEmail: z.number(), validPhone: z.number(), timeZone: z.number() }),
});
export type DataQualityReport = z.infer<typeof DataQualityReport>;
