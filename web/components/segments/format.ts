// How the segment pages write shares and amounts.
export const formatShare = (share: number) =>
  `${(share * 100).toLocaleString(undefined, { maximumFractionDigits: share < 0.01 ? 2 : 1 })} %`;

export const formatMoney = (amount: number | null | undefined) =>
  amount === null || amount === undefined
    ? '—'
    : amount.toLocaleString(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
