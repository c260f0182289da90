'use client';
// One mailing's report, linked from the calendar where the mailing shows.
import { useParams } from 'next/navigation';
import { SubjectReport } from '../../../../../components/SubjectReport.tsx';
import { NotAllowed, useCan } from '../../../../../lib/use-me.tsx';

export default function MailingReportPage() {
  const { id } = useParams<{ id: string }>();
  if (!useCan()('reports:read')) return <NotAllowed what="read reports" />;
  return <SubjectReport kind="mailings" id={id} />;
}
