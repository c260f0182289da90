// Custom field definitions (the definition itself is in core/custom-fields.ts).
import { z } from 'zod';
import { CustomField, CustomFieldEntity } from '../custom-fields.ts';

export const CustomFieldsQuery = z.object({ entity: CustomFieldEntity.optional() });
export type CustomFieldsQuery = z.infer<typeof CustomFieldsQuery>;
export const CustomFields = z.object({ fields: z.array(CustomField) });
export type CustomFields = z.infer<typeof CustomFields>;
export const CustomFieldAnswer = z.object({ field: CustomField });
export type CustomFieldAnswer = z.infer<typeof CustomFieldAnswer>;
