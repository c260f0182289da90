'use client';
// One campaign's report, linked from the campaign's page and the campaign list.
import { useParams } from 'next/navigation';
import { SubjectReport } from '../../../../../components/SubjectReport.tsx';
import { NotAllowed, useCan } from '../../../../../lib/use-me.tsx';

export default function CampaignReportPage() {
  const { id } = useParams<{ id: string }>();
  if (!useCan()('reports:read')) return <NotAllowed what="read reports" />;
  return <SubjectReport kind="campaigns" id={id} />;
}
