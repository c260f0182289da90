import {
  MetricCondition,
  PointsCondition,
  ReceiptLinesCondition,
  ReceiptsCondition,
} from './commerce.ts';

export const CommerceConditions = [
  ReceiptsCondition,
  ReceiptLinesCondition,
  MetricCondition,
  PointsCondition,
] as const;
